"""Runs "from 00:00" and "to 00:00" where the clocks change at midnight itself: in Havana
they go from 00:00 to 01:00 on the second Sunday of March, and from 01:00 back to 00:00 on
the first Sunday of November, so 00:00 does not happen on one day and happens twice on
the other."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import make_user
from tests.toolkit.test_form_pack import Page
from tests.tracker.test_diary import change_link, diary_url, recorded, run_form_values
from tracker import diary, slots

HAVANA = ZoneInfo("America/Havana")
SPRING, AUTUMN = date(2026, 3, 8), date(2026, 11, 1)


def local(hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    """A time on AUTUMN by the clock in Havana, in UTC."""
    return datetime(2026, 11, 1, hour, minute, fold=fold, tzinfo=HAVANA).astimezone(UTC)


@pytest.fixture
def havana(db):
    return make_user("cu@example.com", "Ana", time_zone="America/Havana")


@pytest.fixture
def havana_client(client, havana, frozen):
    frozen(datetime(2026, 11, 8, 12, tzinfo=UTC))  # both days are in the past
    client.force_login(havana)
    return client


def test_havanas_clocks_change_at_midnight():
    assert slots.clock_change(slots.day_slots(SPRING, HAVANA)) == slots.ClockChange(
        True, "00:00", "01:00"
    )
    assert slots.clock_change(slots.day_slots(AUTUMN, HAVANA)) == slots.ClockChange(
        False, "00:00", "01:00"
    )


@pytest.mark.parametrize(
    ("fold", "said"),
    [
        ("0", "from 00:00 (CDT) to 01:00 (4 half-hours)"),
        ("1", "from 00:00 (CST) to 01:00 (2 half-hours)"),
    ],
)
def test_from_00_00_is_the_pass_through_it_chosen(havana_client, havana, fold, said):
    data = {"start": "00:00", "start_fold": fold, "end": "01:00", "state": "off"}
    response = havana_client.post(diary_url(AUTUMN, "run"), data, follow=True)
    assert said in response.content.decode()
    start = local(0, fold=int(fold))
    assert sorted(recorded(havana)) == slots.slots_between(start, local(1))


def test_the_page_starts_from_the_first_00_00(havana_client):
    form = run_form_values(havana_client.get(diary_url(AUTUMN)).content.decode())
    assert form == {"start": "00:00", "start_fold": "0", "end": ""}


@pytest.mark.parametrize(
    ("day", "said", "count"),
    [(SPRING, "from 01:00 to midnight", 46), (AUTUMN, "from 00:00 (CDT) to midnight", 50)],
)
def test_a_whole_day_as_one_run_fills_every_half_hour(havana_client, day, said, count):
    data = {"start": "00:00", "end": "00:00", "state": "on"}
    response = havana_client.post(diary_url(day, "run"), data, follow=True)
    content = response.content.decode()
    assert f"{said} ({count} half-hours)" in content
    assert f"{count} of {count} half-hours recorded" in content


def test_a_stretch_to_the_second_00_00_comes_back_unchanged_through_change_or_split(
    havana_client, havana
):
    start, end = slots.day_bounds(AUTUMN, HAVANA)
    diary.set_run(havana, start, end, "asleep", havana)
    diary.set_run(havana, local(0), local(0, fold=1), "off", havana)
    before = recorded(havana)
    page = havana_client.get(diary_url(AUTUMN)).content.decode()
    link = change_link(page, "00:00 (CDT) to 00:00 (CST)")
    assert link == "?start=00:00&start_fold=0&end=00:00&end_fold=1&state=off#run"

    content = havana_client.get(diary_url(AUTUMN) + link).content.decode()
    assert "Midnight at the end of Sunday 1 November (24:00)" in content  # what else it may mean
    form = run_form_values(content)
    assert form == {
        "start": "00:00",
        "start_fold": "0",
        "end": "00:00",
        "end_fold": "1",
        "state": "off",
    }
    response = havana_client.post(diary_url(AUTUMN, "run"), form | {"state": "on"}, follow=True)
    assert "from 00:00 (CDT) to 00:00 (CST) (2 half-hours)" in response.content.decode()
    assert recorded(havana) == before | {local(0): "on", local(0, 30): "on"}


def end_fold_choices(content: str) -> list[tuple[str, str, bool]]:
    """(value, label, whether chosen) of each answer to "Which 00:00 for “To”?", in order."""
    page = Page(content)
    return [
        (radio.get("value"), page.text(f"label[for={radio.get('id')}]"), "checked" in radio.attrib)
        for radio in page.all("input[name=end_fold]")
    ]


@pytest.mark.parametrize("sent", [False, True], ids=["form not yet sent", "sent with a mistake"])
def test_to_00_00_offers_midnight_at_the_end_of_the_day_first_and_chooses_it(havana_client, sent):
    times = {"start": "00:00", "end": "00:00"}
    if sent:  # without a state, so the form comes back
        response = havana_client.post(diary_url(AUTUMN, "run"), times)
    else:
        response = havana_client.get(diary_url(AUTUMN), times)
    content = response.content.decode()
    assert end_fold_choices(content) == [
        ("0", "Midnight at the end of Sunday 1 November (24:00)", True),
        ("1", "The second 00:00, after the clocks go back (CST)", False),
    ]
    assert Page(content).text("#id_end_fold-hint") == (
        "00:00 can mean the end of the day, or the second 00:00 after the clocks go back."
    )
