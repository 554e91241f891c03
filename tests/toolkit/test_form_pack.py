"""The crispy pack renders every kind of field the NHS.UK way, errors included."""

import cssselect2
import pytest
import tinyhtml5

from tests.toolkit.every_field import EveryFieldForm

# Every field is left empty or wrong, so each one shows its error.
BAD_DATA = {
    "email": "not an email",
    "password": "short",
    "colour": "",
    "when": "",
    "day": "31/02/2025",
    "at": "25:99",
}
SINGLE_VALUE = ["name", "email", "password", "colour", "details", "day", "at"]
GROUPS = ["when", "days"]


class Page:
    """Rendered HTML queried with CSS selectors (tinyhtml5, cssselect2: WeasyPrint needs them)."""

    def __init__(self, html: str):
        root = tinyhtml5.parse(html, namespace_html_elements=False)
        self.root = cssselect2.ElementWrapper.from_html_root(root)

    def all(self, selector: str) -> list:
        return [match.etree_element for match in self.root.query_all(selector)]

    def one(self, selector: str):
        found = self.all(selector)
        assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
        return found[0]

    def text(self, selector: str) -> str:
        return " ".join("".join(self.one(selector).itertext()).split())


@pytest.fixture(autouse=True)
def every_field_urls(settings):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"


@pytest.fixture
def page_with_errors(client, db):
    response = client.post("/every-field", BAD_DATA)
    assert response.status_code == 200
    return Page(response.content.decode())


@pytest.fixture
def blank_page(client, db):
    return Page(client.get("/every-field").content.decode())


def described_by(element) -> list[str]:
    return (element.get("aria-describedby") or "").split()


@pytest.mark.parametrize("name", SINGLE_VALUE)
def test_each_single_value_field_has_a_label_its_error_and_the_error_is_announced(
    page_with_errors, name
):
    page = page_with_errors
    widget = page.one(f"#id_{name}")
    label = EveryFieldForm.base_fields[name].label
    assert page.text(f"label[for=id_{name}]") == label
    assert page.one(f"#div_id_{name}").get("class") == "nhsuk-form-group nhsuk-form-group--error"
    assert page.text(f"#id_{name}-error").startswith("Error: ")
    assert f"id_{name}-error" in described_by(widget)
    kind = {"colour": "nhsuk-select", "details": "nhsuk-textarea"}.get(name, "nhsuk-input")
    assert f"{kind}--error" in widget.get("class").split()


@pytest.mark.parametrize("name", GROUPS)
def test_radios_and_checkboxes_are_a_fieldset_with_a_legend_and_one_label_per_option(
    page_with_errors, name
):
    page = page_with_errors
    kind = "radios" if name == "when" else "checkboxes"
    fieldset = page.one(f"#div_id_{name} fieldset")
    assert page.text(f"#div_id_{name} legend") == EveryFieldForm.base_fields[name].label
    assert f"id_{name}-error" in described_by(fieldset)
    options = page.all(f"#div_id_{name} input")
    assert len(options) == 3
    for option in options:
        assert option.get("class") == f"nhsuk-{kind}__input"
        assert page.all(f"label.nhsuk-{kind}__label[for={option.get('id')}]")


def test_every_error_of_a_field_is_in_its_one_announced_message(page_with_errors):
    message = page_with_errors.text("#id_password-error")
    assert "at least 12 characters" in message
    assert "Include a number." in message
    assert len(page_with_errors.all("#div_id_password .nhsuk-error-message")) == 1


def test_hints_are_linked_to_their_field_before_and_after_an_error(blank_page, page_with_errors):
    for page in (blank_page, page_with_errors):
        assert page.text("#id_name-hint") == "As you would like to be called."
        assert described_by(page.one("#id_name"))[0] == "id_name-hint"
        assert described_by(page.one("#div_id_when fieldset"))[0] == "id_when-hint"
        assert "id_agree-hint" in described_by(page.one("#id_agree"))


def test_a_field_without_errors_or_hint_carries_no_aria_description(blank_page):
    assert blank_page.one("#id_email").get("aria-describedby") is None
    assert not blank_page.all(".nhsuk-error-summary, .nhsuk-error-message")


def test_a_single_checkbox_has_its_label_after_the_box(page_with_errors):
    page = page_with_errors
    item = page.one("#div_id_agree .nhsuk-checkboxes__item")
    assert [child.tag for child in item] == ["input", "label"]
    assert page.one("#id_agree").get("type") == "checkbox"
    assert page.text("label[for=id_agree]") == "I have read the leaflet"
    assert "id_agree-error" in described_by(page.one("#id_agree"))


def test_optional_fields_say_so_and_keep_no_error(page_with_errors):
    assert page_with_errors.text("label[for=id_notes]") == "Notes (optional)"
    assert page_with_errors.one("#div_id_notes").get("class") == "nhsuk-form-group"


def test_date_and_time_use_the_native_pickers_at_a_fitting_width(blank_page):
    day, at = blank_page.one("#id_day"), blank_page.one("#id_at")
    assert day.get("type") == "date"
    assert "nhsuk-input--width-10" in day.get("class").split()
    assert at.get("type") == "time"
    assert "nhsuk-input--width-10" in at.get("class").split()


def test_the_error_summary_links_every_error_to_a_field_on_the_page(page_with_errors):
    page = page_with_errors
    summary = page.one(".nhsuk-error-summary")
    assert summary.get("tabindex") == "-1"
    assert page.text(".nhsuk-error-summary__title") == "There is a problem"
    links = page.all(".nhsuk-error-summary__list a")
    targets = [link.get("href") for link in links]
    # One link per error: the password has two.
    assert len(targets) == len([*SINGLE_VALUE, "agree", *GROUPS]) + 1
    for target in targets:
        assert target.startswith("#")
        assert page.one(target).tag in ("input", "select", "textarea")
    # Groups land on their first option, which is what a click can focus.
    assert {"#id_when_0", "#id_days_0"} <= set(targets)


def test_a_page_with_errors_has_one_summary_and_one_h1(page_with_errors):
    assert len(page_with_errors.all(".nhsuk-error-summary")) == 1
    assert len(page_with_errors.all("h1")) == 1
