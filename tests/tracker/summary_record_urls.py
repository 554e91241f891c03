"""The summary's record URLs for the access matrix (tests/access_matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from tests.access_matrix import register
from toolkit.lib.tokens import new_token
from toolkit.models import SpecialistLink


@register("summary_link_revoke", methods=("GET", "POST"), section="account")
def specialist_link(patient):
    link = SpecialistLink.objects.create(
        patient=patient,
        token_hash=new_token()[1],
        start_date=patient.local_today(),
        days=3,
        expires_at=timezone.now() + timedelta(days=14),
    )
    return {"link_id": link.id}
