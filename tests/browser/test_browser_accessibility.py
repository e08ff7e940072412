"""axe-core (from npm, node_modules/axe-core) over the main pages of the demo world, as the secretariat and
as a unit officer: no serious or critical WCAG 2 A/AA violation (contrast of the top menu included)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from .support import log_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "giaoban-demo"
PAGES = [
    "/",
    "/delegations/",
    "/tasks/",
    "/meetings/",
    "/reports/",
    "/org/organisations/",
    "/org/committees/",
]
RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"]}});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture
def demo_world(transactional_db):
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


def _violations(page, path: str) -> list[str]:
    page.goto(path)
    # Evaluated through the DevTools protocol, so the pages' CSP (scripts from the app only) stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return [f"{path}: {line}" for line in page.evaluate(RUN)]


def test_the_main_pages_have_no_serious_accessibility_violation(page, demo_world):
    assert AXE.exists(), "node_modules/axe-core is missing: `make assets` installs it"
    found: list[str] = []
    for username in ("thuky", "tpls"):
        page.context.clear_cookies()
        log_in(page, username, DEMO_PASSWORD)
        for path in PAGES:
            found += _violations(page, path)
    assert not found, "\n".join(found)
