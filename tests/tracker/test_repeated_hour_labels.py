"""In the hour the clocks go back, each time is named with its clock, as on the diary, the
day page and the summary: "01:20 (BST) to 01:10 (GMT)" reads as an hour, "01:20 to 01:10" as
an end before the start."""

from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc


def words(html: str, selector: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in Page(html).all(selector)]


def test_an_episode_and_a_meal_in_the_repeated_hour_name_their_clocks(patient_client, patient):
    # 01:20 BST to 01:10 GMT on Sunday 25 October 2026.
    make.episode(patient, utc(2026, 10, 25, 0, 20), utc(2026, 10, 25, 1, 10))
    make.meal(patient, utc(2026, 10, 25, 1, 15))  # 01:15 GMT
    episodes = patient_client.get(reverse("episode_list")).content.decode()
    assert words(episodes, "main h2.nhsuk-heading-s") == [
        "Sunday 25 October 2026, 01:20 (BST) to 01:10 (GMT)"
    ]
    meals = patient_client.get(reverse("meal_list")).content.decode()
    assert "Sunday 25 October 2026, 01:15 (GMT)" in words(meals, "main tbody th")


def test_right_now_in_the_repeated_hour_names_its_clock(patient_client, patient, frozen):
    frozen(utc(2026, 10, 25, 1, 10))  # 01:10 GMT, the second 01:10 of the night
    response = patient_client.post(reverse("tracker_right_now"), {"state": "off"}, follow=True)
    assert "Recorded \u201cOFF\u201d for 01:00 (GMT) to 01:30 (GMT)." in response.content.decode()
    home = patient_client.get(reverse("tracker_home")).content.decode()
    assert "For 01:00 (GMT) to 01:30 (GMT) the diary says" in " ".join(home.split())
