"""Sharing with carers: the patient's side (invite, change, revoke, access log) and the
carer's side (accept, choose whose records to work on, leave)."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from toolkit import email_limits
from toolkit.access import (
    SECTION_NAMES,
    SECTIONS,
    SECTIONS_JOINED,
    act_for,
    acting_for,
    care_ended_seen,
    chosen_patient_id,
    log_access_change,
    own_account_page,
)
from toolkit.address_confirmation import address_proved
from toolkit.confirm import ask_first
from toolkit.lib import emails
from toolkit.lib.tokens import hash_token, new_token
from toolkit.models import AccessEvent, CareGrant, Level, User, normalise_email
from toolkit.reauth import recent_password_required
from toolkit.sharing.forms import AccessLevelsForm, InvitationForm

ACCESS_LOG_PAGE = 100  # entries per page of the access log, before looks are grouped
# In the session: each invitation accepted here, by its token's hash, with its grant's id.
ACCEPTED = "accepted_invitations"
# How a change of access was logged before it was in the pages' words: "john@example.com:
# tracker view, notes none". Such entries are shown in the words, as new ones are written.
OLD_LEVELS = re.compile(r"(?P<address>.+): tracker (?P<tracker>\w+), notes (?P<notes>\w+)")


def levels_in_words(tracker: str, notes: str) -> str:
    """ "My Tracker: can view; My Reminders & Notes: no access", as the pages say it."""
    levels = {"tracker": tracker, "notes": notes}
    return "; ".join(
        f"{SECTION_NAMES[section]}: {Level(level).label.lower()}"
        for section, level in levels.items()
    )


def what_is_shared(grant: CareGrant) -> dict:
    """For the emails about an invitation: each section shared, as what the carer can do
    with it in the words the pages give its level ("Can view" is "View My Tracker"), and the
    sections not shared, named in one phrase ("" when every one is)."""
    can_do = []
    not_shared = []
    for section in SECTIONS:
        level = grant.level_for(section)
        if level == Level.NONE:
            not_shared.append(SECTION_NAMES[section])
            continue
        doing = Level(level).label.removeprefix("Can ").capitalize()
        # One records in a section, and views it.
        where = " in " if level == Level.EDIT else " "
        can_do.append(f"{doing}{where}{SECTION_NAMES[section]}")
    return {"can_do": can_do, "not_shared": " and ".join(not_shared)}


def access_changed_words(address: str, tracker: str, notes: str) -> str:
    """What the access log says of a change to what a carer may do."""
    return f"{address} \u2014 {levels_in_words(tracker, notes)}"


def carer_addresses(account: str, invited: str) -> str:
    """A carer's addresses as the sharing page and the access log say them: the account's,
    and the one invited, when the invitation was accepted from another."""
    if normalise_email(account) == normalise_email(invited):
        return account
    return f"{account}, invited as {invited}"


@dataclass(frozen=True)
class AccessRow:
    """One line of the access log: an entry, or a carer's looks at one part of the records
    one after another on one day (every page a carer opens is logged)."""

    latest: AccessEvent
    earliest: AccessEvent
    count: int

    @property
    def what(self) -> str:
        """ "My Tracker and My Reminders & Notes" for a look, a download or a change; a change
        of access says what it was in its own words (one logged in codes before, in the
        pages' words too)."""
        event = self.latest
        if event.action == AccessEvent.Action.ACCESS_CHANGED:
            old = OLD_LEVELS.fullmatch(event.what)
            if old and {old["tracker"], old["notes"]} <= set(Level.values):
                return access_changed_words(old["address"], old["tracker"], old["notes"])
            return event.what
        if event.action == AccessEvent.Action.LINK_OPENED:
            return event.what
        sections = event.what.split(SECTIONS_JOINED)
        return " and ".join(SECTION_NAMES.get(section, section) for section in sections)


def access_rows(events: list[AccessEvent]) -> list[AccessRow]:
    """The entries, newest first, with each run of the same look by the same person on the
    same day as one row."""
    rows: list[AccessRow] = []
    for event in events:
        last = rows[-1] if rows else None
        if (
            last
            and event.action == AccessEvent.Action.VIEWED
            and (last.latest.action, last.latest.actor_id, last.latest.what)
            == (event.action, event.actor_id, event.what)
            # Two deleted carers' looks are two people's.
            and last.latest.actor_invited_as == event.actor_invited_as
            and timezone.localdate(last.latest.at) == timezone.localdate(event.at)
        ):
            rows[-1] = AccessRow(last.latest, event, last.count + 1)
        else:
            rows.append(AccessRow(event, event, 1))
    return rows


def _take_turns(patient: User) -> None:
    """Within a transaction: make changes to who may see the patient's records take turns.

    Accepting an invitation and stopping sharing each look at several of the patient's
    invitations and grants; locking the patient first means two at once (two invitations
    accepted, or one accepted as sharing stops) cannot both act on what the other changes.
    """
    User.objects.select_for_update().filter(pk=patient.pk).first()


def _invitations_to(patient: User, addresses: Iterable[str]) -> QuerySet[CareGrant]:
    """The patient's invitations not yet accepted, sent to any of these addresses."""
    return (
        CareGrant.objects.pending()
        .filter(patient=patient)
        .alias(address=Lower("email"))
        .filter(address__in={normalise_email(a) for a in addresses})
    )


# How long an invitation that ran out unaccepted is still listed: else it vanished, and the
# patient could think the carer had ignored it.
RAN_OUT_SHOWN = timedelta(days=7)


@own_account_page
def sharing(request: HttpRequest):
    now = timezone.now()
    grants = CareGrant.objects.filter(patient=request.user, revoked_at__isnull=True).filter(
        Q(carer__isnull=False) | Q(expires_at__gt=now - RAN_OUT_SHOWN)
    )
    grants = list(grants.select_related("carer").order_by("invited_at"))
    pending = [g for g in grants if not g.carer_id and g.expires_at > now]
    asked = {normalise_email(g.email) for g in grants if g.carer_id or g in pending}
    ran_out = {
        normalise_email(g.email): g
        for g in grants
        if not g.carer_id and g.expires_at <= now and normalise_email(g.email) not in asked
    }
    return render(
        request,
        "toolkit/sharing/sharing.html",
        {
            # Each with their addresses, as the access log names them.
            "current": [(g, carer_addresses(g.carer.email, g.email)) for g in grants if g.carer_id],
            "pending": pending,
            "ran_out": list(ran_out.values()),
        },
    )


@own_account_page
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest):
    # Until the account's address is shown to be its own, an invitation would read "Name
    # (someone else's address) invites you", and could plant a carer in an account whose
    # owner has yet to log in. The sharing page says why, and offers the link again.
    if request.user.email_unconfirmed:
        return redirect("sharing")
    return _invite(request)


@recent_password_required
def _invite(request: HttpRequest):
    form = InvitationForm(request.user, request.POST or None)
    if form.is_valid():
        counted = email_limits.counted(request)
        if counted is None:
            form.add_error(None, email_limits.REFUSED)
            return render(request, "toolkit/sharing/invite.html", {"form": form}, status=429)
        raw, token_hash = new_token()
        with transaction.atomic():
            grant = form.save(commit=False)
            grant.patient = request.user
            grant.token_hash = token_hash
            grant.expires_at = timezone.now() + timedelta(days=CareGrant.INVITATION_DAYS)
            grant.save()
            log_access_change(request.user, request.user, f"invited {grant.email}")
            url = reverse("sharing_accept", args=[raw])
            context = {"patient": request.user, "grant": grant, "url": url}
            context.update(what_is_shared(grant))
            if emails.sent("invitation", grant.email, context, request.user.pk):
                messages.success(request, f"Invitation sent to {grant.email}. It works for 7 days.")
                return redirect("sharing")
            # An invitation nobody received would stand in the way of sending it again.
            transaction.set_rollback(True)
        email_limits.not_sent(counted)
        form.add_error(
            None, "We could not send the invitation just now. Try again in a few minutes."
        )
    return render(request, "toolkit/sharing/invite.html", {"form": form})


@own_account_page
@require_http_methods(["GET", "POST"])
@recent_password_required
def change_access(request: HttpRequest, grant_id):
    """The form for what a carer may do. A grant ended meanwhile (the carer left, or sharing
    stopped in another tab) is not changed: the sharing page says so, as "Stop sharing"
    pressed then does, rather than "Page not found"."""
    grant = get_object_or_404(
        CareGrant.objects.filter(carer__isnull=False).select_related("carer"),
        pk=grant_id,
        patient=request.user,
    )
    if grant.revoked_at is not None:
        return _access_ended(request, grant)
    form = AccessLevelsForm(request.POST or None, instance=grant)
    if form.is_valid():
        # Only while the grant is current: saving the whole grant would undo its ending, were
        # it ended since it was read.
        levels = {"tracker": grant.tracker, "notes": grant.notes}
        if not CareGrant.objects.current().filter(pk=grant.pk).update(**levels):
            return _access_ended(request, grant)
        what = access_changed_words(grant.carer.email, grant.tracker, grant.notes)
        log_access_change(request.user, request.user, what)
        messages.success(request, f"Access for {grant.carer.name} has been changed.")
        return redirect("sharing")
    return render(request, "toolkit/sharing/change.html", {"form": form, "grant": grant})


def _access_ended(request: HttpRequest, grant: CareGrant):
    """Back to the sharing page, from the form for a grant that has ended."""
    name = grant.carer.name
    again = CareGrant.objects.current().filter(patient=request.user, carer=grant.carer_id).exists()
    if again:
        # Invited and accepted again since: the sharing page shows what they may do now.
        said = f"{name} was given access again since that page was opened. Check what they can do."
    else:
        said = f"{name} no longer has access to your records."
    if request.method == "POST":
        said += " Nothing was changed."
    messages.info(request, said)
    return redirect("sharing")


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, grant_id):
    """GET asks first (one slip would shut a carer out until a new invitation); POST stops.

    Either, for a grant already ended (the button pressed twice with no JavaScript to stop
    it, or the page come back to with the browser's Back), shows the sharing page, which says
    who has access now: words about this grant could contradict it (the same carer invited
    again since)."""
    if request.method == "GET":
        grant = _own_grant(request, grant_id)
        if grant.revoked_at is not None:
            return redirect("sharing")
        if grant.carer_id:
            return ask_first(
                request,
                title=f"Stop sharing with {grant.carer.name}?",
                what=f"{grant.carer.name} will no longer see your records. To share them "
                "again you would need to send a new invitation.",
                back="sharing",
                action="Stop sharing",
                keep="Keep sharing",
            )
        return ask_first(
            request,
            title="Cancel this invitation?",
            what=f"The invitation to {grant.email} will stop working.",
            back="sharing",
            action="Cancel the invitation",
            keep="Keep it",
        )
    with transaction.atomic():
        _take_turns(request.user)
        grant = _own_grant(request, grant_id)
        if grant.revoked_at is not None:
            return redirect("sharing")
        now = timezone.now()
        grant.revoked_at = now
        grant.token_hash = None
        grant.save(update_fields=["revoked_at", "token_hash"])
        # Another link to them, still in their mailbox, would let them back in.
        addresses = (grant.email, grant.carer.email) if grant.carer_id else (grant.email,)
        _invitations_to(request.user, addresses).update(revoked_at=now, token_hash=None)
        if grant.carer_id:
            what = f"stopped sharing with {grant.carer.email}"
        else:  # nobody ever had access
            what = f"cancelled the invitation to {grant.email}"
        log_access_change(request.user, request.user, what)
    # Named as the sharing page lists them: a carer by name, an invitation by its address.
    if grant.carer_id:
        messages.success(request, f"You have stopped sharing with {grant.carer.name}.")
    else:
        messages.success(request, f"You have cancelled the invitation to {grant.email}.")
    return redirect("sharing")


def _own_grant(request: HttpRequest, grant_id) -> CareGrant:
    """One of the signed-in person's own grants or invitations, ended or not; else 404."""
    return get_object_or_404(
        CareGrant.objects.select_related("carer"), pk=grant_id, patient=request.user
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked in `_accept`, once this is known to change nothing
def accept(request: HttpRequest, token: str):
    """The invitation page and its Accept.

    Accepted in one tab, the invitation open in another is out of date: accepting gave this
    session a new CSRF secret (`act_for`), so a second Accept would be refused as a page out
    of date. It is recognised first, and answered as the link opened again is; that answer
    changes nothing, so it needs no CSRF check, and everything else has one.
    """
    if request.method == "POST" and _accepted_here(request, hash_token(token)):
        return _already_accepted(request)
    return _accept(request, token)


def _already_accepted(request: HttpRequest):
    messages.info(request, "You have already accepted this invitation.")
    return redirect("caring")


@csrf_protect
def _accept(request: HttpRequest, token: str):
    token_hash = hash_token(token)
    grant = (
        CareGrant.objects.pending().select_related("patient").filter(token_hash=token_hash).first()
    )
    if grant is None:
        if _accepted_here(request, token_hash):
            return _already_accepted(request)
        return render(request, "toolkit/sharing/invitation_gone.html", status=410)
    context = {"grant": grant, "patient": grant.patient}
    if not request.user.is_authenticated or request.user == grant.patient:
        return render(request, "toolkit/sharing/accept.html", context)
    # A carer may have an account under another address than the one invited, so this is
    # not refused; but a forwarded link, or one opened on a shared computer, must not let
    # someone else in unnoticed: the page says so, and the patient's access log names both.
    sent_elsewhere = normalise_email(grant.email) != normalise_email(request.user.email)
    context["sent_elsewhere"] = sent_elsewhere
    if request.method != "POST" and _ended_since(grant, request.user):
        return _ended_page(request, grant)
    if request.method == "POST":
        with transaction.atomic():
            _take_turns(grant.patient)
            # Pressed twice at once, or sent after another invitation to them was accepted
            # or sharing stopped: whoever came first decided, and this finds it done.
            if not CareGrant.objects.pending().filter(pk=grant.pk).exists():
                if not CareGrant.objects.current().filter(pk=grant.pk, carer=request.user).exists():
                    return render(request, "toolkit/sharing/invitation_gone.html", status=410)
                act_for(request, grant.patient)
                return redirect("caring")
            if _ended_since(grant, request.user):
                return _ended_page(request, grant)
            now = timezone.now()
            # A new invitation from the same patient replaces what the carer had, and ends
            # the patient's other invitations to them: kept in a mailbox, one would let
            # them back in after "Stop sharing".
            CareGrant.objects.current().filter(patient=grant.patient, carer=request.user).update(
                revoked_at=now
            )
            _invitations_to(grant.patient, (grant.email, request.user.email)).exclude(
                pk=grant.pk
            ).update(revoked_at=now, token_hash=None)
            grant.carer = request.user
            grant.accepted_at = now
            grant.token_hash = None
            grant.save(update_fields=["carer", "accepted_at", "token_hash"])
            what = f"{request.user.email} accepted"
            if sent_elsewhere:
                what += f" the invitation sent to {grant.email}"
            else:
                # The link reached their mailbox, as the one confirming it would have.
                address_proved(request.user)
            log_access_change(grant.patient, request.user, what)
        # Whoever holds the link may accept it: the patient hears at once who did.
        context = {"carer": request.user, "grant": grant, "sent_elsewhere": sent_elsewhere}
        emails.account_notice(
            "invitation_accepted",
            grant.patient,
            grant.patient.email,
            {**context, **what_is_shared(grant), "url": reverse("sharing")},
        )
        request.session[ACCEPTED] = {**request.session.get(ACCEPTED, {}), token_hash: str(grant.pk)}
        act_for(request, grant.patient)
        name = grant.patient.name
        messages.success(
            request,
            f"You can now help {name}. You are now working on {name}'s records. To go back to "
            "your own, choose “Change whose records” at the top of any page.",
        )
        return redirect("caring")
    return render(request, "toolkit/sharing/accept.html", context)


def _ended_since(grant: CareGrant, person) -> bool:
    """Whether `person`'s access to the patient ended after `grant` was sent. Stopping
    sharing ends the invitations to the carer's addresses, but not one the patient sent to an
    address of theirs it cannot know of: accepted, it would let them straight back in."""
    return CareGrant.objects.filter(
        patient=grant.patient, carer=person, revoked_at__gt=grant.invited_at
    ).exists()


def _ended_page(request: HttpRequest, grant: CareGrant):
    context = {"ended_since": True, "patient": grant.patient}
    return render(request, "toolkit/sharing/invitation_gone.html", context, status=410)


def _accepted_here(request: HttpRequest, token_hash: str) -> bool:
    """Whether the signed-in person accepted this invitation, in this session, and still has
    the access it gave.

    An accepted invitation keeps no token, so only the session that accepted it knows the
    link again: elsewhere it is no longer valid, as for anyone else.
    """
    grant_id = request.session.get(ACCEPTED, {}).get(token_hash)
    return (
        grant_id is not None
        and request.user.is_authenticated
        and CareGrant.objects.current().filter(pk=grant_id, carer=request.user).exists()
    )


def caring(request: HttpRequest):
    care_ended_seen(request)
    user = request.user
    grants = CareGrant.objects.current().filter(carer=user).select_related("patient")
    # Invitations to this address not taken up yet: an account made in another browser than
    # the one the invitation was opened in (a mail app's own, say) comes here knowing none.
    # Named only to an address its owner has confirmed; the link itself is in the email.
    waiting = []
    if not user.email_unconfirmed:
        waiting = CareGrant.objects.pending().filter(email=user.email).select_related("patient")
    context = {"grants": grants, "waiting": waiting, "acting": acting_for(request)}
    return render(request, "toolkit/sharing/caring.html", context)


@require_POST
def act(request: HttpRequest, grant_id):
    grant = get_object_or_404(
        CareGrant.objects.current().select_related("patient"), pk=grant_id, carer=request.user
    )
    act_for(request, grant.patient)
    return redirect("/my-tracker" if grant.tracker != Level.NONE else "/my-notes")


@require_POST
def act_own(request: HttpRequest):
    act_for(request, None)
    messages.success(request, "You are now working on your own records.")
    return redirect("caring")


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, grant_id):
    """GET asks first (one slip would end the carer's access until a new invitation); POST
    leaves."""
    grant = get_object_or_404(
        CareGrant.objects.current().select_related("patient"), pk=grant_id, carer=request.user
    )
    if request.method == "GET":
        name = grant.patient.name
        may_record = Level.EDIT in (grant.tracker, grant.notes)
        return ask_first(
            request,
            title=f"Stop having access to {name}'s records?",
            what=f"You will no longer be able to see {name}'s records"
            + (" or record anything for them" if may_record else "")
            + f". Only {name} can give you access again, by sending you a new invitation.",
            back="caring",
            action="Stop having access",
            keep="Keep my access",
        )
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    log_access_change(grant.patient, request.user, f"{request.user.email} left")
    if chosen_patient_id(request) == str(grant.patient_id):
        act_for(request, None)  # working on anyone else's records goes on
    messages.success(request, f"You no longer have access to {grant.patient.name}'s records.")
    return redirect("caring")


@own_account_page
def access_log(request: HttpRequest):
    events = (
        AccessEvent.objects.filter(patient=request.user)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    page = Paginator(events, ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    address = carers_known_as(request.user)
    rows = [(row, who(row.latest, request.user, address)) for row in access_rows(list(page))]
    return render(request, "toolkit/sharing/access_log.html", {"page": page, "rows": rows})


def carers_known_as(patient: User) -> Callable[[User], str | None]:
    """The addresses the access log names a carer by (one query): those the sharing page
    lists them with while they have access (`carer_addresses`), and after, the one the
    patient invited (the latest, if more than one), as their records' "Recorded by" does. An
    address the carer takes after their access ended is not the patient's to learn."""
    invited: dict = {}
    current = set()
    grants = (
        CareGrant.objects.filter(patient=patient, carer__isnull=False)
        .order_by("invited_at")
        .values_list("carer_id", "email", "revoked_at")
    )
    for carer_id, email, revoked_at in grants:
        if carer_id not in current:  # a current grant's, as the sharing page lists it
            invited[carer_id] = email
        if revoked_at is None:
            current.add(carer_id)

    def addresses(carer: User) -> str | None:
        if carer.pk in current:
            return carer_addresses(carer.email, invited[carer.pk])
        return invited.get(carer.pk)

    return addresses


def who(event: AccessEvent, patient: User, address) -> str:
    """Who an entry of the access log names. A carer chooses their own name, and could take
    another carer's, or the patient's: the address the patient invited them at, which they
    cannot change, goes with it. While they have access, so does their account's address
    when it is another, as the sharing page lists them (`carers_known_as`). Once a carer's
    account is deleted, the address the patient invited them at is kept with the entry."""
    if event.actor is None:
        if event.action == AccessEvent.Action.LINK_OPENED:
            return "Someone with the link"
        if event.actor_invited_as:  # a carer's, kept as their account was deleted
            return f"A deleted account ({event.actor_invited_as})"
        return "A deleted account"
    if event.actor_id == patient.pk:
        return "You"
    known_as = address(event.actor)
    return f"{event.actor.name} ({known_as})" if known_as else event.actor.name
