"""`assert_accessible(page)`: axe-core's WCAG 2.0, 2.1 and 2.2 A/AA rules and its best-practice
rules (all content in landmarks, landmarks told apart, one h1, ...) on the current page."""

from functools import cache
from pathlib import Path

from django.conf import settings

AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Not WCAG failures, but what screen reader users navigate by: every bit of content in a
# landmark, one main, one h1, headings that do not skip a level, unique landmark names.
AXE_TAGS = [*WCAG_TAGS, "best-practice"]

# Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) still applies
# to the page itself: the test sees exactly what a visitor gets.
# The design system's script marks a radio that reveals fields as expanded or not. ARIA 1.2 does
# not list aria-expanded for radios (w3c/aria#1404), but screen readers announce it, so the
# design system keeps it on purpose (alphagov/govuk-frontend#979): axe is told to allow it.
RUN_AXE = """
async (tags) => {
  axe.configure({checks: [{id: "aria-allowed-attr", options: {radio: ["aria-expanded"]}}]});
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replaceAll("\\n", " ")}`),
  }));
}
"""

UNLOADED_STYLESHEETS = """
() => [...document.querySelectorAll("link[rel=stylesheet]")]
  .filter((link) => !link.sheet || link.sheet.cssRules.length === 0)
  .map((link) => link.href)
"""


@cache
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise FileNotFoundError(f"{AXE_SOURCE} is missing: run `npm ci` (or `make frontend`).")
    return AXE_SOURCE.read_text()


def assert_accessible(page) -> None:
    """Fail listing every axe violation and every Content Security Policy violation on the page."""
    page.wait_for_load_state("load")
    # Unstyled pages fail axe for reasons that hide the real one: say so first.
    unstyled = page.evaluate(UNLOADED_STYLESHEETS)
    assert not unstyled, f"{page.url}: stylesheets did not load: {unstyled} (run `make frontend`)"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {n}" for n in v["nodes"])
        for v in violations
    ]
    csp = page.evaluate("window.__cspViolations || []")
    problems += [f"Content Security Policy: {violation}" for violation in csp]
    assert not problems, f"{page.url} is not accessible:\n" + "\n".join(problems)
