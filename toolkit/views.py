import secrets
import uuid

from axes.models import AccessLog
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from toolkit import email_limits, portability
from toolkit.access import act_for, log_access_change, own_account_page, people_helped
from toolkit.address_confirmation import SEND_AGAIN_MINUTES, start_afresh
from toolkit.device_cookies import failed_log_ins, remember_browser
from toolkit.forms import (
    EmailChangeForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    ProfileForm,
    SetPasswordForm,
    time_zone_choices,
)
from toolkit.lib import emails
from toolkit.lib.next_page import safe_next
from toolkit.lib.words import and_list
from toolkit.models import (
    AccessEvent,
    CareGrant,
    EmailChange,
    EmailClaim,
    Session,
    TimeZoneChange,
    User,
)
from toolkit.reauth import mark_password_confirmed, recent_password_required
from toolkit.records_version import (
    has_own_records,
    name_changed,
    recorded_for,
    records_changed,
)
from toolkit.sessions import other_sessions
from toolkit.signals import zone_changed
from toolkit.signup import claimed, release

EMAIL_CHANGE_SALT = "toolkit.email-change"
EMAIL_CHANGE_MAX_AGE = 24 * 60 * 60


@login_not_required
def home(request: HttpRequest):
    return render(request, "toolkit/home.html", {"helping": people_helped(request)})


@login_not_required
def auth_redirect(request: HttpRequest):
    """The content links to /auth?mode=signup (and ?mode=login)."""
    if request.GET.get("mode") == "signup":
        return redirect("signup")
    return redirect("login")


def zone_name(zone: str) -> str:
    """A zone as the profile's list names it; one no longer listed, by its own name."""
    return dict(time_zone_choices()).get(zone, zone)


@own_account_page
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest):
    earlier = request.user.time_zone
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        with transaction.atomic():
            form.save()
            if request.user.time_zone != earlier:
                now = timezone.now()
                TimeZoneChange.objects.create(person=request.user, earlier=earlier, changed_at=now)
                zone_changed.send(sender=User, person=request.user, now=now)
        name_changed(request.user)
        messages.success(
            request,
            f"Your profile has been saved. Your name is shown as {request.user.name}, and "
            f"your time zone is {zone_name(request.user.time_zone)}.",
        )
        return redirect("profile")
    elsewhere = other_sessions(request).count()
    return render(
        request,
        "toolkit/profile.html",
        {"form": form, "elsewhere": other_devices(elsewhere) if elsewhere else ""},
    )


class LoginView(auth_views.LoginView):
    """Django's, giving the browser a cookie for the account: the owner's browser keeps
    logging in while a stranger's wrong passwords pause the account (toolkit/device_cookies.py).
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        person = form.get_user()
        remember_browser(response, person.get_username())
        # A carer who records nothing of their own, for the one person they help, starts on
        # that person's records: on their own, empty ones, "Taken" would go unseen into the
        # wrong diary.
        helped = people_helped(self.request)
        if len(helped) == 1 and not has_own_records(person):
            act_for(self.request, helped[0].patient)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's, saying it is done: on a shared computer the next person should not wonder."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "You have logged out.")
        return response


def other_devices(count: int) -> str:
    return "1 other device or browser" if count == 1 else f"{count} other devices or browsers"


@require_POST
def sign_out_elsewhere(request: HttpRequest):
    """End every other session of the signed-in person: a lost phone, a shared computer."""
    ended, _ = other_sessions(request).delete()
    if ended:
        messages.success(
            request, f"Signed out on {other_devices(ended)}. You are still signed in here."
        )
    else:
        messages.info(request, "You were not signed in anywhere else.")
    return redirect("profile")


def csrf_failure(request: HttpRequest, reason: str = ""):
    """A form from a page that is out of date: open since the person switched whose records
    they work on, or since they logged in again. Nothing was saved; it says so plainly."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def download_data(request: HttpRequest):
    """The signed-in person's own records (never those of someone they care for)."""
    document = portability.export_document(request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 1, "ensure_ascii": False})
    day = request.user.local_today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-parkinsons-records-{day}.json"'
    return response


def name_in_access_logs(user: User) -> None:
    """Before a carer's account is deleted (which leaves each entry of theirs without its
    actor): keep on every entry in a patient's access log the address that patient invited
    them at (the latest, if more than one), so the log still says which carer it was. A later
    address of the carer's is not the patient's to learn. One query."""
    invited = CareGrant.objects.filter(patient=OuterRef("patient"), carer=user).order_by(
        "-invited_at"
    )
    AccessEvent.objects.filter(actor=user).exclude(patient=user).update(
        actor_invited_as=Coalesce(Subquery(invited.values("email")[:1]), Value(""))
    )


@own_account_page
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest):
    form = PasswordConfirmForm(request, request.POST or None)
    helping = CareGrant.objects.current().filter(carer=request.user).select_related("patient")
    if form.is_valid():
        user = request.user
        recorded_for_others = recorded_for(user)
        for grant in helping:
            # The address the patient invited: a later one of the carer's is not theirs to learn.
            what = f"{grant.email} deleted their account: their access has ended"
            log_access_change(grant.patient, user, what)
        logout(request)
        with transaction.atomic():
            name_in_access_logs(user)
            # Every record points at its person with on_delete=CASCADE, so this removes them
            # all.
            user.delete()
        # Log-in attempts are kept by the address typed (or a browser's cookie for it), not by
        # person.
        failed_log_ins(user.email).delete()
        AccessLog.objects.filter(username__iexact=user.email).delete()
        EmailClaim.objects.filter(email=user.email).delete()  # someone typed it to be emailed
        records_changed(*recorded_for_others)
        messages.success(request, "Your account and all your records have been deleted.")
        return redirect(reverse("home"))
    helped = and_list([grant.patient.name for grant in helping])
    return render(request, "toolkit/delete_account.html", {"form": form, "helped": helped})


@own_account_page
@require_http_methods(["GET", "POST"])
def confirm_password(request: HttpRequest):
    form = PasswordConfirmForm(request, request.POST or None)
    if form.is_valid():
        mark_password_confirmed(request)
        return redirect(safe_next(request, reverse("profile")))
    return render(
        request, "toolkit/confirm_password.html", {"form": form, "next": safe_next(request, "")}
    )


def end_log_in_pause(user: User) -> None:
    """Forget the wrong passwords typed for this account, now that it has a new one, from
    browsers with its cookie or without.

    None of them was the new password; kept, they would pause logging in with it for up to
    15 minutes, though the "Too many attempts" page advises a reset. Those that paused an
    address rather than the account (wrong log-ins to other accounts from it) stay.
    """
    failed_log_ins(user.email).delete()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, saying what is wrong with a new password where it was typed, and ending any
    pause on logging in to the account."""

    form_class = SetPasswordForm

    def form_valid(self, form):
        was_unconfirmed = form.user.email_unconfirmed
        response = super().form_valid(form)
        end_log_in_pause(form.user)
        # Opening the link proved the mailbox is theirs: this browser is the owner's, and a
        # pause on its address (a neighbour's wrong passwords) no longer stops it.
        remember_browser(response, form.user.email)
        if was_unconfirmed:
            start_afresh(form.user)
            messages.warning(
                self.request,
                "Your email address is now confirmed. Until now nobody had shown that it was "
                "yours, so someone else may have made this account. Nobody else can see or "
                "record in its records any more: we have stopped all its sharing, ended its "
                "access to other people's records and its specialist links, and signed it out "
                "everywhere. Check its records and reminders before you rely on them.",
            )
        emails.password_changed(form.user)
        return response


@own_account_page
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest):
    """For someone signed in who knows their password: no link by email, and they stay signed
    in."""
    form = PasswordChangeForm(request, request.POST or None)
    if form.is_valid():
        form.save()
        # This session goes on; every other one held the old password's hash, and ends.
        update_session_auth_hash(request, form.user)
        mark_password_confirmed(request)
        end_log_in_pause(form.user)
        emails.password_changed(form.user)
        messages.success(
            request,
            "Your password has been changed. Anywhere else you were signed in, "
            "you have been signed out.",
        )
        return redirect("profile")
    return render(request, "toolkit/change_password.html", {"form": form})


@own_account_page
@require_http_methods(["GET", "POST"])
@recent_password_required
def change_email(request: HttpRequest):
    form = EmailChangeForm(request.user, request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        counted = email_limits.counted(request)
        if counted is None:
            form.add_error(None, email_limits.REFUSED)
            return render(request, "toolkit/change_email.html", {"form": form}, status=429)
        # Any address may be typed, so it is emailed under the claim sign-up and resets use:
        # one email there every few minutes, whoever asks.
        claim = claimed(email, None)
        if claim is None:
            wait = SEND_AGAIN_MINUTES
            said = f"We emailed {email} less than {wait} minutes ago. Try again in a few minutes."
            form.add_error("email", said)
        else:
            token = signing.dumps(
                # The address it replaces: once any change is made, every earlier link is spent.
                {"user": str(request.user.pk), "from": request.user.email, "email": email},
                salt=EMAIL_CHANGE_SALT,
            )
            url = reverse("confirm_email", args=[token])
            if emails.sent("email_change", email, {"email": email, "url": url}, request.user.pk):
                messages.success(
                    request, f"We have sent a link to {email}. Open it to confirm the change."
                )
                return redirect("profile")
            release(email, claim)
            said = "We could not send the link just now. Try again in a few minutes."
            form.add_error(None, said)
        email_limits.not_sent(counted)
    return render(request, "toolkit/change_email.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str):
    try:
        change = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        change = None
    if (
        change is None
        or change.get("user") != str(request.user.pk)
        or change.get("from") != request.user.email
    ):
        return render(request, "toolkit/email_link_gone.html", status=410)
    if request.method == "POST":
        if User.objects.filter(email__iexact=change["email"]).exclude(pk=request.user.pk).exists():
            messages.error(request, "Another account now uses that address. Nothing was changed.")
            return redirect("profile")
        was_unconfirmed = request.user.email_unconfirmed
        request.user.email = change["email"]
        request.user.email_unconfirmed = False  # the link sent there was opened
        request.user.save(update_fields=["email", "email_unconfirmed"])
        name_changed(request.user)  # without a display name, the email is the name
        # An address never shown to be the account's is not told: a stranger's, mistyped at
        # sign-up, would learn the new one and get a link that puts theirs back.
        if not was_unconfirmed:
            tell_old_address(request.user, change["from"])
        messages.success(request, f"You now log in as {change['email']}.")
        return redirect("profile")
    return render(request, "toolkit/confirm_email.html", {"email": change["email"]})


def tell_old_address(person: User, old_email: str) -> None:
    """To the address the account had: if someone else changed it, its owner hears of it, with
    a link that puts it back."""
    change = EmailChange.objects.create(person=person, earlier=old_email)
    emails.email_changed(person, old_email, reverse("undo_email_change", args=[change.pk]))


@login_not_required
@require_http_methods(["GET", "POST"])
def undo_email_change(request: HttpRequest, change_id: uuid.UUID):
    """The link in the notice to the address an account had: "It was not me".

    GET only says what the button does: mail scanners open links. The link acts while the
    account's address is not the one it was sent to, so it still works after a thief's second
    change, whose notice went to the thief. Once the address is back, by this link or any
    other way, it only says so, and a password chosen since stays. Should the address change
    again within the 7 days, the link acts again; but that change sends the address a notice
    with a new link that does the same, so this one gives whoever holds the mailbox no more.
    """
    change = EmailChange.objects.filter(pk=change_id).first()
    if change is None or not change.can_be_undone:
        return render(request, "registration/undo_email_change_refused.html", status=410)
    old_email = change.earlier
    with transaction.atomic():
        # Pressed twice at once, the second waits here and finds the address back.
        person = User.objects.select_for_update().get(pk=change.person_id)
        if person.email == old_email:
            return render(request, "registration/undo_email_change_done.html", {"already": True})
        if User.objects.filter(email__iexact=old_email).exclude(pk=person.pk).exists():
            # The address cannot go back while another account has it (one made with it since,
            # say); whoever changed it is locked out all the same, once the button is pressed.
            locked = request.method == "POST"
            if locked:
                lock_out_everyone(person)
                person.save(update_fields=["password"])
                log_access_change(
                    person, person, "everyone signed out; the address is used by another account"
                )
            context = {"taken": True, "locked": locked}
            return render(
                request, "registration/undo_email_change_refused.html", context, status=409
            )
        if request.method == "GET":
            return render(request, "registration/undo_email_change.html")
        signed_in_here = request.user.pk == person.pk
        _put_address_back(person, old_email)
    if signed_in_here:
        logout(request)
    end_log_in_pause(person)
    name_changed(person)  # without a display name, the email is the name
    return redirect("email_change_undone")


def _put_address_back(person: User, old_email: str) -> None:
    """The address back, and whoever changed it locked out: the password no longer works, and
    every session of the account ends."""
    person.email = old_email
    lock_out_everyone(person)
    person.save(update_fields=["email", "password"])
    # Names no address: the owner knows theirs.
    what = "email address put back from the link sent to it; everyone signed out"
    log_access_change(person, person, what)


def lock_out_everyone(person: User) -> None:
    """A password nobody knows, and every session of the account ended: the owner comes back
    through "Forgotten your password?", which an unusable password would refuse (Django's
    reset form leaves such accounts out). Saving `person` is the caller's."""
    # A new password hash also ends any session whose row does not name its person (one made
    # before rows did): each session carries a hash of the password it was signed in with.
    person.set_password(secrets.token_urlsafe(32))
    Session.objects.filter(person=person).delete()


@login_not_required
@require_GET
def email_change_undone(request: HttpRequest):
    return render(request, "registration/undo_email_change_done.html")
