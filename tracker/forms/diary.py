from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from toolkit.forms import RepeatedTimeMixin, skipped_message
from toolkit.lib.local_time import TimeNotOnDay
from toolkit.lib.words import counted
from toolkit.models import User
from toolkit.widgets import PlainHiddenInput, PlainSelect, TimeInput
from tracker import slots
from tracker.models import DiaryState

NOT_RECORDED = ""
NOT_RECORDED_LABEL = "Not recorded"
STATE_CHOICES = [(NOT_RECORDED, NOT_RECORDED_LABEL), *DiaryState.choices]
# A run can also take back what its half-hours say: a wrong stretch is undone in one go.
CLEAR = "clear"
RUN_CHOICES = [*DiaryState.choices, (CLEAR, "Not recorded (clears these half-hours)")]


def half_hour_time_field(label: str, help_text: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(attrs={"step": 1800}),
        help_text=help_text,
        error_messages={
            # Also what a box typed only in part says: the browser sends it empty.
            "required": (
                f"Enter the time in “{label}” in full: hours and minutes, and AM or PM if "
                "the box shows them."
            ),
            "invalid": f"Enter the time in “{label}” as hours and minutes, for example 07:30.",
        },
    )


def check_half_hour(value: time) -> None:
    if value.minute not in (0, 30) or value.second or value.microsecond:
        raise ValidationError(
            f"{value:%H:%M} is not on the hour or the half hour. The diary goes in half "
            "hours: use a time like 07:00 or 07:30."
        )


# The night the "To" hint gives as its example, as the form reads it: 22:30 to 07:00 the
# next morning.
NIGHT = (time(22, 30), time(7))


def end_hint(day: date, zone: ZoneInfo, now: datetime) -> str:
    """The "To" field's hint on the page of `day`: the example of a night where saving it
    would take it, and otherwise only what can be saved so far."""
    try:
        night_saves = slots.run_end(day, *NIGHT, zone) <= slots.recordable_until(now, zone)
    except TimeNotOnDay:  # the clocks skip 07:00, or the whole of the next day
        night_saves = False
    if night_saves:
        after = day + timedelta(days=1)
        return (
            "A time earlier than “From” means the next morning: from 22:30 (10:30 PM) to 07:00 "
            "(7:00 AM) covers "
            f"{day:%A} night until midnight and {after:%A} morning until 07:00."
        )
    if day == slots.local_day(now, zone):
        # Tonight has not begun: no "To" earlier than "From" can be saved yet.
        return "On the hour or the half hour, up to the half-hour under way."
    # Yesterday's page, early in the morning: the night can be recorded up to now.
    return "A time earlier than “From” means the next morning, up to the half-hour under way."


class RunForm(RepeatedTimeMixin, forms.Form):
    """ "From [time] to [time] I was [state]" on the diary page of one day.

    On the night the clocks go back, "From" and "To" are each asked about on their own when
    they fall in the hour that happens twice, so a run may start in the first pass through
    it and end in the second. Where that hour starts at midnight (Havana), 00:00 needs no
    answer: it means the day's start as "From" and its end as "To", unless the second 00:00
    is chosen.
    """

    start = half_hour_time_field(
        "From", "On the hour or the half hour, for example 22:30 (10:30 PM)."
    )
    end = half_hour_time_field("To", "")  # its hint depends on the day: see `end_hint`
    state = forms.ChoiceField(
        label="I was",
        choices=RUN_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you were.",
            "invalid_choice": "Choose how you were.",
        },
    )

    def __init__(self, *args, patient: User, day: date, own: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        if not own:  # a carer filling it in speaks of the patient
            state = self.fields["state"]
            state.label = f"{patient.name} was"
            state.error_messages = dict.fromkeys(
                ("required", "invalid_choice"), f"Choose how {patient.name} was."
            )
        self.day = day
        self.fields["end"].help_text = end_hint(day, patient.zone, timezone.now())
        self.begin: datetime | None = None
        self.finish: datetime | None = None
        start, end = self.time_given("start"), self.time_given("end")
        # A form not yet sent takes which pass each time means from its initial values.
        self.ask_which_on(day, start, "start", what="From")
        end_day = day
        if start is not None and end is not None:
            end_day = slots.run_end_day(day, start, end, patient.zone)
        self.ask_which_on(end_day, end, "end", what="To")
        for name, wall in (("start", start), ("end", end)):
            if wall == time(0) and f"{name}_fold" in self.fields:
                self.answer_midnight(
                    f"{name}_fold", offer_midnight=name == "end" and end_day == day
                )

    def answer_midnight(self, fold_name: str, *, offer_midnight: bool) -> None:
        """Where the clocks go back at midnight (Havana), 00:00 happens twice, but "From
        00:00" plainly means the day's start and "To 00:00" its end: that is the answer
        unless another is chosen, so a form sent without one is not asked again."""
        if offer_midnight:
            # The first 00:00 is where the day begins, so no run ends there: as "To",
            # fold 0 stands for midnight at the end of the day instead. That is what
            # "To 00:00" means on every other day, so it comes first, named plainly.
            second = datetime.combine(self.day, time(0, fold=1), tzinfo=self.patient.zone)
            fold = self.fields[fold_name]
            fold.choices = [
                (0, f"Midnight at the end of {self.day:%A %-d %B} (24:00)"),
                (1, f"The second 00:00, after the clocks go back ({second:%Z})"),
            ]
            fold.help_text = (
                "00:00 can mean the end of the day, or the second 00:00 after the clocks go back."
            )
        if self.is_bound:
            self.data = self.data.copy()
            self.data.setdefault(fold_name, "0")
        else:
            self.initial.setdefault(fold_name, 0)

    def time_given(self, name: str) -> time | None:
        """A time as sent or, on a form not yet sent, as it starts; None when there is none."""
        if self.is_bound:
            return self._submitted(name)
        try:
            return self.fields[name].clean(self.initial.get(name))
        except ValidationError:
            return None

    def instant(self, name: str, day: date, read, *args) -> datetime | None:
        """`read` (`run_start` or `run_end`) of the time in field `name`, or None, with an
        error on that field, when the clocks skip it on `day`, the day it falls on."""
        try:
            return read(*args, fold=self.fold_for(name))
        except TimeNotOnDay:
            self.add_error(name, self.skipped(name, day))
            return None

    def skipped(self, name: str, day: date) -> str:
        """Which times the clocks skip around the time in field `name`, and what to enter."""
        wall, label = self.cleaned_data[name], self.fields[name].label
        day_slots = slots.day_slots(day, self.patient.zone)
        if not day_slots:
            # Only "To" gets here, the morning after a page's day: the zone skipped the
            # whole of the next day (Samoa, 30 December 2011), so the page's day ended
            # straight into the day after that.
            return (
                f"There is no {wall:%H:%M} on {day:%A %-d %B %Y}: the clocks skipped that "
                f"whole day. Enter a “{label}” time of 00:00 to end at midnight."
            )
        return skipped_message(day, wall, self.patient.zone, label)

    def clean_start(self):
        value = self.cleaned_data["start"]
        check_half_hour(value)
        return value

    def clean_end(self):
        value = self.cleaned_data["end"]
        check_half_hour(value)
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        zone, start, end = self.patient.zone, data["start"], data["end"]
        end_day = slots.run_end_day(self.day, start, end, zone)
        if start == end != time(0) and end_day != self.day:
            # Read as the next day's, it would be a whole day and overwrite the next one's
            # morning: far more often a slip than meant. "00:00 to 00:00" is the page's day.
            self.add_error(
                "end",
                "“To” is the same time as “From”. Enter when the stretch ended: for a stretch "
                "past midnight, a time on the next morning.",
            )
            return data
        self.begin = self.instant("start", self.day, slots.run_start, self.day, start, zone)
        self.finish = self.instant("end", end_day, slots.run_end, self.day, start, end, zone)
        if self.errors:
            return data
        if self.finish <= self.begin:
            # Only times in the hour that happens twice get here (any other "To" at or
            # before "From" is the next day's), or 00:00 and the hour after it where the
            # clocks go forward at midnight (Santiago): the same moment.
            begin, finish = self.begin.astimezone(zone), self.finish.astimezone(zone)
            if finish == begin and not slots.repeats_times(self.day, zone):
                self.add_error(
                    "end",
                    f"“To” must be after “From”. On {self.day:%A %-d %B} the clocks go forward "
                    f"at midnight, so the day begins at {begin:%H:%M}: 00:00 and {begin:%H:%M} "
                    "are the same moment.",
                )
                return data
            self.add_error(
                "end",
                f"“To” must be after “From”, and {finish:%H:%M} ({finish:%Z}) is not after "
                f"{begin:%H:%M} ({begin:%Z}). The clocks go back that night: check which "
                "time round each one is.",
            )
            return data
        now = timezone.now()
        latest = slots.recordable_until(now, zone)
        if self.finish > latest and self.means_last_night(end_day, now):
            self.add_error(None, self.last_night_refused())
        elif self.finish > latest:
            self.add_error(
                "end",
                f"That is later than the half-hour under way, which ends at "
                f"{latest.astimezone(zone):%H:%M}. Record up to then, and the rest once it "
                "has happened.",
            )
        return data

    def means_last_night(self, end_day: date, now: datetime) -> bool:
        """Whether a run on today's page that starts later than now, into tomorrow, is
        last night typed on the page the tracker home opens: today's."""
        today = slots.local_day(now, self.patient.zone)
        return self.day == today and end_day != today and not slots.has_begun(self.begin, now)

    def last_night_refused(self) -> SafeString:
        """Says where last night is recorded, with a link to that page with the run filled in.

        A form-wide error, shown only in the error summary: there each field's error is a
        link to its field, which cannot hold another link.
        """
        start, end, state = (self.cleaned_data[name] for name in ("start", "end", "state"))
        values = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "state": state}
        yesterday = reverse("diary_day", kwargs={"day": self.day - timedelta(days=1)})
        return format_html(
            "On today's page, {} is tonight. To record last night, use "
            '<a href="{}">yesterday\'s page</a>.',
            f"{start:%H:%M}",
            f"{yesterday}?{urlencode(values, safe=':')}#run",
        )


class SlotField(forms.ChoiceField):
    hidden_widget = PlainHiddenInput


class SlotsForm(forms.Form):
    """Every slot of the day that has begun, each with its own state; only slots changed on
    the page are saved.

    Each select sends back, in a hidden input beside it, the state the page showed
    (`show_hidden_initial`): a half-hour recorded, changed or cleared elsewhere after the
    page was drawn (another device, the tracker home, a carer) is left as it is unless it
    is changed here too, and then it is asked about before it is replaced.
    """

    def __init__(
        self,
        *args,
        day_slots: list[slots.Slot],
        states: dict[datetime, str],
        now: datetime,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.day_slots = day_slots
        self.states = states
        # A half-hour not begun would only be refused on saving, so it is not offered. One
        # sent all the same keeps its field: saving refuses it in words, not silently.
        self.offered = [
            slot for slot in day_slots if slots.has_begun(slot.start, now) or slot.key in self.data
        ]
        for slot in self.offered:
            self.fields[slot.key] = SlotField(
                label=slot.label,
                choices=STATE_CHOICES,
                widget=PlainSelect,
                required=False,
                initial=states.get(slot.start, NOT_RECORDED),
                show_hidden_initial=True,
            )

    def out_of_date(self) -> bool:
        """Whether the form names half-hours the day does not have: the patient's time
        zone changed after the page was drawn. Its changes to them would be lost, and the
        others might not be the times the page named."""
        sent = {name for name in self.data if slots.is_key(name)}
        return not sent <= {slot.key for slot in self.day_slots}

    def clean(self):
        data = super().clean()
        changed_since = self.changed_since()
        if changed_since:
            self.ask_about(changed_since)
        return data

    def changed_since(self) -> dict[slots.Slot, str]:
        """The half-hours changed on the page whose answer changed elsewhere too after the
        page showed it, to something other than the page's new answer: {slot: what it says
        now}. Saving would replace an answer the person has not seen."""
        found = {}
        for slot in self.offered:
            if slot.key not in self.changed_data or slot.key not in self.cleaned_data:
                continue
            shown = self.data.get(self[slot.key].html_initial_name)
            now = self.states.get(slot.start, NOT_RECORDED)
            if shown is not None and shown != now != self.cleaned_data[slot.key]:
                found[slot] = now
        return found

    def ask_about(self, changed_since: dict[slots.Slot, str]) -> None:
        """Says which half-hours changed elsewhere and what they say now, and draws the page
        again as the diary is now with the person's changes still chosen: saving it again
        replaces only what they have now seen, and keeps what they left alone."""
        labels = dict(STATE_CHOICES)
        count = counted(len(changed_since), "half-hour", "half-hours")
        self.add_error(
            None,
            f"Nothing was saved, because {count} changed after this page was opened, on "
            "another screen or by someone else. Your answers are still chosen below: save "
            "again to keep them.",
        )
        for slot, now in changed_since.items():
            new = self.cleaned_data[slot.key]
            then = f"change it to “{labels[new]}”" if new else "clear it"
            self.add_error(
                slot.key, f"{slot.label} now says “{labels[now]}”. Save again to {then}."
            )
        data = self.data.copy()
        for slot in self.offered:
            now = self.states.get(slot.start, NOT_RECORDED)
            field = self[slot.key]
            if slot in changed_since:
                data[field.html_initial_name] = now
            elif slot.key not in self.changed_data:
                data[field.html_initial_name] = data[field.html_name] = now
        self.data = data

    @property
    def leaves_out_later(self) -> bool:
        """Whether half-hours of the day are not offered yet, as they have not begun."""
        return len(self.offered) < len(self.day_slots)

    def changes(self) -> tuple[dict[datetime, str], list[datetime]]:
        """(slots given a new state, slots cleared): those changed from what the page showed,
        less any already recorded as chosen.

        A form sent without the states it showed counts only a state chosen as a change,
        never a blank: it cannot tell a half-hour cleared on the page from one recorded
        elsewhere since, and clearing that would lose it.
        """
        changed, cleared = {}, []
        for slot in self.offered:
            if slot.key not in self.changed_data:
                continue
            new = self.cleaned_data[slot.key]
            if new == self.states.get(slot.start, NOT_RECORDED):
                continue
            if new == NOT_RECORDED:
                cleared.append(slot.start)
            else:
                changed[slot.start] = new
        return changed, cleared

    def rows(self) -> list[tuple[slots.Slot, forms.BoundField, str, str | None, str]]:
        """(slot, its field, the hidden input of the state the page shows, its recorded
        state, that state in words), in time order."""
        labels = dict(STATE_CHOICES)
        return [
            (slot, field, field.as_hidden(only_initial=True), state, labels[state or NOT_RECORDED])
            for slot in self.offered
            for field, state in [(self[slot.key], self.states.get(slot.start))]
        ]
