"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

How to write a journey for an app (`tests/browser/test_<app>_journey.py`):

    from tests.browser.axe import assert_accessible

    def test_patient_logs_a_dose(signed_in_page):
        page = signed_in_page
        page.goto("/my-tracker")          # paths are relative to the live server
        assert_accessible(page)           # axe-core: WCAG 2.0-2.2 A and AA, and best practice
        page.get_by_label("Medicine").fill("Levodopa")
        page.get_by_role("button", name="Save").click()
        assert_accessible(page)           # once on every page the journey visits

- `signed_in_page` is a page already signed in as the `patient` fixture (Mary); use `page`
  for a visitor who is not signed in. Create records with the ORM before `page.goto`: the live
  server shares the test database (the tests run in transactional mode).
- Every test in this folder is marked `browser` automatically; run only these with
  `pytest -m browser`, or leave them out with `-m "not browser"`.
- Without /usr/bin/chromium the tests skip; with CI=true they fail instead. Playwright never
  downloads a browser: it launches the system Chromium through `executable_path`.
- `assert_accessible` also fails on any Content Security Policy violation the page reported
  (an inline style or script slipped into a template).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs in every document before the page's own scripts, so the violations of the whole page
# load are recorded. Init scripts are injected by the browser, not subject to the page's CSP.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install it with `apt-get install chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests must run in CI, but {reason}.")
        pytest.skip(f"Browser tests need Chromium; {reason}.")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Lets tests write `page.goto("/account/log-in")`."""
    return live_server.url


@pytest.fixture(autouse=True)
def _cookies_over_plain_http(settings):
    # Tests run with production settings, where the session and CSRF cookies are Secure; the
    # live server speaks plain http, so the browser would never send them back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def page(page):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return page


@pytest.fixture
def signed_in_page(page, live_server, patient):
    """A page whose browser holds a session for `patient`, as after logging in."""
    client = Client()
    client.force_login(patient)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return page
