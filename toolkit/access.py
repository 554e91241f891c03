"""The one place that decides who may see or change whose records.

Every view that touches a patient's records starts here. A section names the part
of the record ("tracker", "notes"); `write` marks a page for changing it: the form
as it opens as well as the request that sends it. Strangers get 404 (we never confirm
that a record exists); a person who may look but not change gets 403 on writes, and
on the forms for them, rather than a form they cannot save. A carer asking for a part the
patient has not shared with them is told so (403, `NotShared`), except at a record's own
address (404).

A carer works on someone else's records after choosing them (`act_for`); the
choice lives in the session, and their grant is read afresh on every request, so
a change or a revocation by the patient takes effect at the carer's next request.
That request forgets a choice whose grant has ended, and says so (`acting_for`).
"""

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from toolkit.models import AccessEvent, CareGrant, Level, User
from toolkit.records_version import note_write

SECTIONS = ("tracker", "notes")
SECTION_NAMES = {"tracker": "My Tracker", "notes": "My Reminders & Notes"}
SECTIONS_JOINED = ", "  # between the sections one access log entry names
ACTING_FOR = "acting_for"
ENDED = "_care_ended"  # on the request whose chosen patient's grant was found ended
# In the session, for the pages after that request: whose access ended, and when.
CARE_ENDED = "care_ended"
CARE_ENDED_SAID_FOR = timedelta(hours=12)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")  # the requests that change nothing


@dataclass(frozen=True)
class Access:
    patient: User
    can_write: bool
    is_own: bool


def patient_access(
    request: HttpRequest, section: str, *, write: bool = False, owner_only: bool = False
) -> Access:
    """Whose records this request works on, and whether it may change them.

    `owner_only` marks what only the patient may do (specialist links): a carer gets
    404 there, whatever their access to the section.
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    user = request.user
    if not user.is_authenticated:
        raise Http404
    # A form opened is a write page too (refused to who may only look), but only a form
    # sent can change anything.
    changes = write and request.method not in SAFE_METHODS
    grant = acting_for(request)
    if grant is None:
        if changes and getattr(request, ENDED, False):
            # A form sent was meant for the person whose access ended: on the carer's own
            # records it would save there by mistake. A page asked for shows the carer's own,
            # under the message that says so.
            raise AccessEnded
        if changes:
            note_write(request, user)
        return Access(patient=user, can_write=True, is_own=True)

    level = grant.level_for(section)
    if owner_only or (level == Level.NONE and names_a_record(request)):
        raise Http404
    if level == Level.NONE:
        raise NotShared(grant.patient, section)
    if write and level != Level.EDIT:
        if changes:
            # A tab left open from before the patient took "record" away, or a form
            # made by hand: either way the patient should know a change was tried.
            AccessEvent.objects.create(
                patient=grant.patient,
                actor=request.user,
                action=AccessEvent.Action.REFUSED,
                what=section,
            )
        raise ViewOnly(grant.patient, section)
    _log_once(request, grant, section, changes)
    if changes:
        note_write(request, grant.patient)
    return Access(patient=grant.patient, can_write=level == Level.EDIT, is_own=False)


class SectionRefused(PermissionDenied):
    """A carer refused what they asked of one part of a patient's records; the page says
    whose and which part (`toolkit.error_pages`)."""

    def __init__(self, patient: User, section: str):
        super().__init__(section)
        self.patient = patient
        self.section_name = SECTION_NAMES[section]


class NotShared(SectionRefused):
    """A carer asked for a page of a part of the records their grant leaves out: a section's
    home, a list, a day, a form to add something. They are told so, and how to go on, rather
    than "Page not found" (`not_shared_page`).

    The information pages link to both sections' homes, whoever reads them, and a page open
    when the patient took a section away is sent or reloaded. The carer knows whose records
    they work on, so saying that this part is not shared tells them nothing new; a record's
    own address still gives 404, naming nothing of it.
    """


class ViewOnly(SectionRefused):
    """A carer who may look at this part of the records opened a form to change it, or sent
    one: a tab left open from before the patient took "record" away, or a form made by hand."""


class AccessEnded(PermissionDenied):
    """A form sent for a patient whose grant has ended: refused, not saved on the carer's own
    records."""


def names_a_record(request: HttpRequest) -> bool:
    """Whether the address asked for names one record (by its UUID)."""
    match = request.resolver_match
    return match is None or any(isinstance(value, uuid.UUID) for value in match.kwargs.values())


def not_shared_page(request: HttpRequest, refusal: NotShared) -> HttpResponse:
    context = {
        "patient": refusal.patient,
        "section": refusal.section_name,
        "sent": request.method not in SAFE_METHODS,
    }
    return render(request, "toolkit/sharing/not_shared.html", context, status=403)


def can_see(request: HttpRequest, section: str, *, logged: bool = True) -> bool:
    """Whether this request may look at `section` of the records it works on.

    For a page of one section that shows a little of another (the summary lists the
    patient's questions): a carer whose grant leaves that section out is shown none of it.
    `logged=False` only asks, for a page that links to the section without showing any of
    it, so the patient's access log does not say it was seen.
    """
    if not logged:
        grant = acting_for(request)
        return grant is None or grant.level_for(section) != Level.NONE
    try:
        patient_access(request, section)
    except (Http404, PermissionDenied):
        return False
    return True


def chosen_patient_id(request: HttpRequest) -> str | None:
    """The id of the patient whose records a carer chose to work on; None on their own."""
    patient_id = request.session.get(ACTING_FOR)
    return patient_id if patient_id and patient_id != str(request.user.pk) else None


def current_grant(request: HttpRequest, patient_id: str) -> CareGrant | None:
    """The request user's current grant from that patient, read once per request."""
    cache = request.__dict__.setdefault("_care_grants", {})
    if patient_id not in cache:
        cache[patient_id] = (
            CareGrant.objects.current()
            .filter(patient_id=patient_id, carer=request.user)
            .select_related("patient")
            .first()
        )
    return cache[patient_id]


# Set on a request by `downloads`.
DOWNLOADS = "_access_downloads"
# Set on a request by `nothing_saved`.
NOTHING_SAVED = "_access_nothing_saved"
# On a request: its access log entries, by whether they are for a form sent (`_log_once`).
LOGGED = "_access_logged"


def _log_once(request: HttpRequest, grant: CareGrant, section: str, changes: bool) -> None:
    """One entry per request for what it looked at, and one for what it changed. A page that
    shows two sections (the summary, with the patient's questions) names both in its entry:
    an entry each would stop the log putting a run of such pages on one line."""
    logged = request.__dict__.setdefault(LOGGED, {})
    if event := logged.get(changes):
        if section not in event.what.split(SECTIONS_JOINED):
            event.what += f"{SECTIONS_JOINED}{section}"
            event.save(update_fields=["what"])
        return
    now = timezone.now()
    if changes:
        action = AccessEvent.Action.CHANGED
    elif getattr(request, DOWNLOADS, False):
        action = AccessEvent.Action.DOWNLOADED
    else:
        action = AccessEvent.Action.VIEWED
    logged[changes] = AccessEvent.objects.create(
        patient=grant.patient, actor=request.user, action=action, what=section, at=now
    )
    CareGrant.objects.filter(pk=grant.pk).update(last_seen_at=now)


class ChangesLoggedMiddleware:
    """A carer's form sent stays "changed" in the access log only when it was saved.

    A form that saved is answered with a redirect (post, redirect, get); one refused for what
    was typed, or a question asked before saving ("Replace 28 half-hours?"), with a page, and
    the patient's log should not say their records were changed when nothing was. A form
    sent again that found its record already there is answered with a redirect too, and
    says so (`nothing_saved`). The entry is written before the view runs, as every other
    is, and made a look here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sent = request.__dict__.get(LOGGED, {}).get(True)
        saved = 300 <= response.status_code < 400 and not getattr(request, NOTHING_SAVED, False)
        if sent is not None and not saved:
            sent.action = AccessEvent.Action.VIEWED
            sent.save(update_fields=["action"])
        return response


def nothing_saved(request: HttpRequest) -> None:
    """Mark a form sent that saved nothing, though it is answered with a redirect: the same
    record sent twice ("That meal was already recorded. Nothing was added."). A carer's
    entry in the patient's access log then says they looked, as for a form refused
    (`ChangesLoggedMiddleware`)."""
    setattr(request, NOTHING_SAVED, True)


def downloads(view):
    """Mark a view whose answer is a file to keep (the summary's PDF, CSV and JSON): a carer's
    request is logged as a download, so the patient can tell a copy was taken."""

    @functools.wraps(view)
    def marked(request: HttpRequest, *args, **kwargs):
        setattr(request, DOWNLOADS, True)
        return view(request, *args, **kwargs)

    return marked


def log_access_change(patient: User, actor: User, what: str) -> None:
    """In the patient's access log: who may see their records changed, or who signed in."""
    AccessEvent.objects.create(
        patient=patient, actor=actor, action=AccessEvent.Action.ACCESS_CHANGED, what=what
    )


def act_for(request: HttpRequest, patient: User | None) -> None:
    """Work on `patient`'s records from now on (None: on one's own)."""
    request.session.pop(CARE_ENDED, None)
    if patient is None or patient == request.user:
        request.session.pop(ACTING_FOR, None)
    else:
        request.session[ACTING_FOR] = str(patient.pk)
    # A page still open in another tab would save to whoever is chosen now ("Mary ate" into
    # Peter's records): a new CSRF secret makes its forms fail, saying the page is out of date.
    rotate_token(request)


def own_account_page(view):
    """Mark a view about the signed-in person's own account (profile, sharing, access log):
    a carer working on someone's records still sees it on their own clock
    (`TimezoneMiddleware`), and its banner says it is not the patient's."""
    view.own_account = True
    return view


def acting_for(request: HttpRequest) -> CareGrant | None:
    """The grant under which the request works on someone else's records, if any.

    A choice whose grant has ended (the patient stopped sharing, or the carer left on
    another device) is forgotten by the first request to find it, which tells the carer.
    A page that asks only this (an information page) then offers the carer's own notes,
    and the press that follows must save there, not be refused for the ended choice.
    """
    patient_id = chosen_patient_id(request)
    if not request.user.is_authenticated or patient_id is None:
        return None
    grant = current_grant(request, patient_id)
    if grant is None:
        _forget_ended_choice(request, patient_id)
    return grant


def _forget_ended_choice(request: HttpRequest, patient_id: str) -> None:
    request.session.pop(ACTING_FOR, None)
    setattr(request, ENDED, True)
    # As after a switch (`act_for`): the pages still open for the patient would save to the
    # carer's own records from the next request on, when none is refused as this one is.
    rotate_token(request)
    # The one extra query, once, for the name: the grant is gone from `current_grant`.
    patient = User.objects.filter(pk=patient_id).first()
    whose = f"{patient.name}'s" if patient else "these"
    messages.info(
        request,
        f"Your access to {whose} records has ended. You are working on your own records.",
    )
    request.session[CARE_ENDED] = {
        "whose": whose,
        "at": timezone.now().isoformat(),
        "unsaid": True,  # the message above is not yet on a page
    }


def care_ended(request: HttpRequest) -> str | None:
    """ "Mary's", on a carer's own pages for a while after their access to Mary's records
    ended. The message that says so is seen once, by whichever page asks first: a tab left
    open on Mary's diary, reloaded after, showed the carer's own empty diary at the same
    address without a word, as if Mary's had been emptied."""
    ended = request.session.get(CARE_ENDED)
    if not ended:
        return None
    if ended.pop("unsaid", False):
        # The first page drawn since says it in the message: this one, or, when the request
        # that found it was sent on (the diary to today's), the next.
        request.session.modified = True
        return None
    if timezone.now() - datetime.fromisoformat(ended["at"]) > CARE_ENDED_SAID_FOR:
        del request.session[CARE_ENDED]
        return None
    return ended["whose"]


def care_ended_seen(request: HttpRequest) -> None:
    """The banner of `care_ended` leads to the list of whose records the carer may work on:
    once read, it has said what it had to, even to a carer left helping nobody."""
    request.session.pop(CARE_ENDED, None)


def people_helped(request: HttpRequest) -> list[CareGrant]:
    """Whose records the signed-in person may work on, when they are on their own.

    Choosing someone lasts until logging out, so a carer coming back would otherwise find
    only their own, often empty, records and no sign of the person they help.
    """
    if not request.user.is_authenticated or acting_for(request):
        return []
    return list(CareGrant.objects.current().filter(carer=request.user).select_related("patient"))


def get_record(
    request: HttpRequest,
    records: type[Model] | QuerySet,
    section: str,
    *,
    write: bool = False,
    owner_only: bool = False,
    **lookup,
) -> tuple[Access, Model]:
    """One record of the patient this request works on, or 404 for anyone else's."""
    access = patient_access(request, section, write=write, owner_only=owner_only)
    queryset = records._default_manager.all() if isinstance(records, type) else records
    return access, get_object_or_404(queryset.filter(patient=access.patient), **lookup)
