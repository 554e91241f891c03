import re
import unicodedata
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from toolkit.lib.local_time import (
    TimeNotOnDay,
    fold_choices,
    happens_twice,
    instant_at,
    skipped_around,
)
from toolkit.models import User, normalise_email
from toolkit.reauth import is_own_password
from toolkit.widgets import PlainSelect

# Names the tz database shortens further than a person looks for their own country.
COUNTRY_NAMES = {"GB": "United Kingdom"}


def tz_table(name: str) -> list[list[str]]:
    """The rows of a table of the tz database shipped in `tzdata` (a server image may have
    no system zone files), without its comment lines."""
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if not line.startswith("#")]


def zone_label(country: str, zone: str, area: str = "") -> str:
    """The country first, to find it by typing, then a dash and the place, even where the
    country has one zone ("France", "Paris"), so that every line reads alike; words that
    would only repeat ("Luxembourg", "Luxembourg") are said once. The area covered, which
    zone.tab gives where a country has several zones, follows in brackets, a bracket of its
    own at the end opened out ("Eastern (most areas)" as "Eastern, most areas"), as brackets
    within brackets are hard to read; brackets that group words ("Borneo (east, south),
    Bali") are kept."""
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    area = re.sub(r"^([^()]*) \(([^()]*)\)$", r"\1, \2", area)
    label = country if place == country else f"{country} \N{EN DASH} {place}"
    return f"{label} ({area})" if area not in ("", place) else label


def alphabetical(label: str) -> str:
    """As a reader orders names: "Curaçao" with "Cuba", "Åland Islands" with the other As."""
    letters = unicodedata.normalize("NFKD", label)
    return "".join(letter for letter in letters if not unicodedata.combining(letter)).casefold()


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """One zone per place, from the tz database's list by country (zone.tab, which leaves
    out legacy names such as Asia/Calcutta), in the order of their labels so that typing a
    country's first letters in the select finds it; UTC, which is no country's, last."""
    countries = dict(tz_table("iso3166.tab")) | COUNTRY_NAMES
    choices = [
        (zone, zone_label(countries[code], zone, *area))
        for code, _coordinates, zone, *area in tz_table("zone.tab")
    ]
    return [*sorted(choices, key=lambda choice: alphabetical(choice[1])), ("UTC", "UTC")]


class ConditionalFieldsMixin:
    """For a form with fields drawn under a radio's choices, revealed when one is chosen.

    `conditional_fields` maps {radio field: {choice: [names of the fields under it]}}; the
    form pack (`toolkit/templatetags/nhsuk.py`) draws them there. The fields of the choices
    not made are ignored, errors and all: they are hidden, so an error there could be
    neither seen nor reached. A field under a choice may be required: it then is only
    when its choice is made.
    """

    conditional_fields: dict[str, dict[str, list[str]]] = {}

    def clean(self):
        data = super().clean()
        for radio, choices in self.conditional_fields.items():
            for choice, names in choices.items():
                if choice != data.get(radio):
                    for name in names:
                        self.errors.pop(name, None)
        return data


# How far back a date may be typed, on any form: a record is kept for the next appointment,
# so an older day is a slip of the year.
PAST_LIMIT = timedelta(days=366)


def local_instant(day: date, clock: time, zone: zoneinfo.ZoneInfo, fold: int = 0) -> datetime:
    """The UTC instant of a local date and time typed on a form.

    A time that happens twice (the clocks going back) means the first one unless fold=1:
    `RepeatedTimeMixin` asks which.
    """
    try:
        return instant_at(day, clock, zone, fold=fold)
    except TimeNotOnDay:
        raise ValidationError(skipped_message(day, clock, zone)) from None


def skipped_message(day: date, clock: time, zone: zoneinfo.ZoneInfo, field: str = "") -> str:
    """Why a time typed is refused, when the clocks skip it, and what to enter instead (in
    the field labelled `field`, when the form has more than one time)."""
    start, end = skipped_around(day, clock, zone)
    there_is_none = f"There is no {clock:%H:%M} on {day:%A %-d %B %Y}"
    if start == end:  # the whole day (Samoa, 30 December 2011)
        return f"{there_is_none}: the clocks skipped that whole day. Enter another date."
    instead = f"before {start:%H:%M}, or {end:%H:%M} or later"
    if start == time(0):  # no time of the day comes before the gap (Havana)
        instead = f"of {end:%H:%M} or later"
    return (
        f"{there_is_none}: the clocks go forward from {start:%H:%M} to {end:%H:%M}. "
        f"Enter a {f'“{field}” ' if field else ''}time {instead}."
    )


class RepeatedTimeMixin:
    """Asks which one is meant when a typed local time happens twice (the clocks going back).

    `ask_which` (in `__init__`) adds a question just after the time field when the time
    sent, or on a form not yet sent the record's own time, falls in the repeated hour;
    `ask_which_on` does the same for a form whose day is not one of its fields. `fold_for`
    (in `clean`) gives the answer, 0 where there was no question. Times are read in the
    zone of the form's `patient`. Without it such a time silently meant its first
    occurrence, and saving a record from the second one unchanged moved it an hour.
    """

    def ask_which(self, date_names: tuple[str, ...], time_name: str, current) -> None:
        fold = None
        if self.is_bound:
            days = (self._submitted(name) for name in date_names)
            day, wall = next((d for d in days if d), None), self._submitted(time_name)
        elif current is not None:
            local = current.astimezone(self.patient.zone)
            day, wall, fold = local.date(), local.time().replace(microsecond=0), local.fold
        else:
            return
        self.ask_which_on(day, wall, time_name, fold)

    def ask_which_on(
        self, day: date | None, wall: time | None, time_name: str, fold=None, *, what: str = ""
    ) -> None:
        """Ask which `wall` on `day` the time field means, if it happens twice that day.

        `what` names the time in the question, for a form that may ask about two times
        that read the same ("Which 01:30 for “To”?").
        """
        zone = self.patient.zone
        if day is None or wall is None or not happens_twice(day, wall, zone):
            return
        name = f"{time_name}_fold"
        when = f"{wall:%H:%M} on {day:%-d %B %Y}"
        label, required = f"Which {wall:%H:%M}?", f"{when} happens twice: say which one you mean."
        if what:
            label = f"Which {wall:%H:%M} for “{what}”?"
            required = f"{when} happens twice: say which one you mean for “{what}”."
        self.fields[name] = forms.TypedChoiceField(
            label=label,
            help_text=f"The clocks go back that night, so {when} happens twice.",
            choices=fold_choices(datetime.combine(day, wall, tzinfo=zone)),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": required},
        )
        if fold is not None:
            self.initial[name] = fold
        order = [field for field in self.fields if field != name]
        order.insert(order.index(time_name) + 1, name)
        self.order_fields(order)

    def fold_for(self, time_name: str) -> int:
        return self.cleaned_data.get(f"{time_name}_fold") or 0

    def _submitted(self, name: str):
        """A field's value as sent, or None when it is missing or not valid."""
        try:
            return self.fields[name].clean(self[name].data)
        except ValidationError:
            return None


class TickBoxesField(forms.TypedMultipleChoiceField):
    """Boxes ticked, each value once: a form sent by hand may repeat one (`foot` twice), which
    a page of boxes never does, and the record would then name it twice."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        return list(dict.fromkeys(super().clean(value)))


class OneTimeTokenForm(forms.Form):
    """Carries the token that stops a second submission recording the same thing twice.

    Only a new record carries one: on a model form changing a record, the field goes, as
    saving the same change twice is harmless.
    """

    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and not instance._state.adding:
            del self.fields["token"]


EMAIL_LENGTH = User._meta.get_field("email").max_length
EMAIL_INPUT = forms.EmailInput(attrs={"autocomplete": "email"})


class AddressField(forms.EmailField):
    """An email address as the app keeps and compares it (`normalise_email`), no longer than
    an account's can be. The length is checked as typed and again as kept: an international
    domain, written out as mail is sent to it, can be twice as long as typed, and the
    database refuses an address longer than its column."""

    def __init__(self, **kwargs):
        super().__init__(**{"max_length": EMAIL_LENGTH, "widget": EMAIL_INPUT, **kwargs})

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return email
        email = normalise_email(email)
        MaxLengthValidator(EMAIL_LENGTH)(email)
        return email


class LoginForm(AuthenticationForm):
    username = AddressField(label="Email address")

    error_messages = {
        "invalid_login": "The email address or the password is not right. Type the password "
        "exactly as you chose it, with any capital letters.",
        "inactive": "This account is not active.",
    }

    def clean(self):
        """A log-in refused is said at the email address, the first field, as a field's
        error: the error summary links to it and the field is marked wrong. The same words
        whether or not the address has an account, so they give none away."""
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


# Between two password reset emails to one account.


class NewPasswordMixin:
    """For Django's forms that ask for a new password twice: what makes it too weak ("This
    password is too common.") is said under the first field, where it was chosen.

    Django checks the confirmation instead, so the error showed under "Password confirmation",
    and someone who changed only that one was then told the two did not match. The
    confirmation keeps its own error: that the two differ.
    """

    # S107: not a password but the field Django checks, the confirmation ("password2" here,
    # "new_password2" from SetPasswordForm); its first field has the same name ending in 1.
    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107
        first = password_field_name.removesuffix("2") + "1"
        super().validate_password_for_user(user, first)


def time_zone_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Your time zone", choices=time_zone_choices, widget=PlainSelect, **kwargs
    )


DEFAULT_ZONE = User._meta.get_field("time_zone").default


class SignupAddressForm(forms.Form):
    """The first step of sign-up: the address the link to create the account goes to."""

    email = AddressField(
        label="Email address",
        help_text="We use it to sign you in and to send reminders you ask for.",
    )


# The person's own name: the browser may offer it (WCAG 1.3.5).
NAME_INPUT = forms.TextInput(attrs={"autocomplete": "name"})


class SignupForm(NewPasswordMixin, UserCreationForm):
    """The last step of sign-up, from the link sent to the address: the form's instance
    carries the address, which the link has shown to be the person's."""

    # Asked here, not left to the profile: days filled in before it is set would be read on
    # London's clock, and a summary would have to warn of the shift.
    time_zone = time_zone_field(
        initial=DEFAULT_ZONE,
        help_text="Your diary days, and every time you see, follow this zone.",
        # A page from before the question was asked sends none: the default, as then.
        required=False,
    )

    class Meta:
        model = User
        fields = ("display_name", "time_zone")
        widgets = {"display_name": NAME_INPUT}

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or DEFAULT_ZONE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # The browser's own zone is chosen for the person, if the list has it
            # (frontend/js/init.mjs); what they choose after is theirs.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = "choose"


class ProfileForm(forms.ModelForm):
    time_zone = time_zone_field(
        help_text=(
            "Your diary days, and every time you see, follow this zone. If you change it, "
            "what you recorded before is shown at the new zone's times too."
        ),
    )

    class Meta:
        model = User
        fields = ("display_name", "time_zone")
        widgets = {"display_name": NAME_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A zone the list leaves out (an alias such as US/Eastern, which an import may set)
        # is offered too: otherwise saving the name would move the person to the first zone.
        current = self.instance.time_zone
        if current not in dict(time_zone_choices()):
            self.fields["time_zone"].choices = [(current, current), *time_zone_choices()]


class PasswordConfirmForm(forms.Form):
    """The password again, before something that cannot be undone or that opens access."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not is_own_password(self.request, password):
            raise forms.ValidationError("That is not your password. Try again.")
        return password


class PasswordResetForm(DjangoPasswordResetForm):
    email = AddressField(label="Email address")


class SetPasswordForm(NewPasswordMixin, DjangoSetPasswordForm):
    """The new password chosen from a reset link."""


class PasswordChangeForm(NewPasswordMixin, DjangoPasswordChangeForm):
    """Django's form, with the current password checked as `PasswordConfirmForm` checks it."""

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(request.user, *args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["new_password2"].label = "New password again"

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        if not is_own_password(self.request, password):
            raise forms.ValidationError("That is not your current password. Try again.")
        return password


class EmailChangeForm(forms.Form):
    # The account's own limit: a longer one could never be saved when the link is opened.
    email = AddressField(
        label="New email address",
        help_text="We will send a link to this address. The change happens when you open it.",
    )

    def __init__(self, person: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self):
        # Whether another account uses the address is not said here: anyone may make an
        # account and ask, and it would tell them who else has one. Opening the link says it,
        # to whoever has that mailbox (toolkit.views.confirm_email).
        email = self.cleaned_data["email"]
        if email == self.person.email:
            raise forms.ValidationError("This is already your email address.")
        return email
