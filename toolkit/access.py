"""The one place that decides who may see or change whose records.

Every view that touches a patient's records starts here. A section names the part
of the record ("tracker", "notes"); `write` says whether the caller wants to change
it. Strangers get 404 (we never confirm that a record exists); a person who may
look but not change gets 403 on writes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from toolkit.models import User

SECTIONS = ("tracker", "notes")


@dataclass(frozen=True)
class Access:
    patient: User
    can_write: bool
    is_own: bool


def patient_access(request: HttpRequest, section: str, *, write: bool = False) -> Access:
    """Whose records this request works on, and whether it may change them."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    user = request.user
    if not user.is_authenticated:
        raise Http404
    access = Access(patient=user, can_write=True, is_own=True)
    if write and not access.can_write:
        raise PermissionDenied
    return access


def get_record(
    request: HttpRequest,
    records: type[Model] | QuerySet,
    section: str,
    *,
    write: bool = False,
    **lookup,
) -> tuple[Access, Model]:
    """One record of the patient this request works on, or 404 for anyone else's."""
    access = patient_access(request, section, write=write)
    queryset = records._default_manager.all() if isinstance(records, type) else records
    return access, get_object_or_404(queryset.filter(patient=access.patient), **lookup)
