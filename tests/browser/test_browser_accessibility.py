"""axe-core (from npm, node_modules/axe-core) over the main pages of the demo world, as the secretariat and
as a unit officer: no serious or critical WCAG 2 A/AA violation (contrast of the top menu included). On a
phone (390 px) every list shows what a row is, its date and its state without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

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


def _violations(page, path: str) -> list[str]:
    page.goto(path)
    # Evaluated through the DevTools protocol, so the pages' CSP (scripts from the app only) stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return [f"{path}: {line}" for line in page.evaluate(RUN)]


# The columns a list keeps on a phone; the others are hidden below 576 px.
PHONE_COLUMNS = {
    "/tasks/": ["Tên nhiệm vụ", "Thời hạn", "Tình trạng"],
    "/delegations/": ["Tên đoàn", "Thời gian", "Trạng thái"],
    "/meetings/": ["Ngày họp", "Tên hội nghị"],
    "/reports/": ["Đề nghị báo cáo", "Hạn gửi", "Đã gửi"],  # "Đã gửi": the secretariat's column
}
FITS = """() => {
  const table = document.querySelector("main table");
  const headers = [...table.querySelectorAll("thead th")]
    .filter(th => th.offsetParent !== null)
    .map(th => ({text: th.innerText.trim(), right: th.getBoundingClientRect().right}));
  return {headers, tableWidth: table.getBoundingClientRect().width, rows: table.querySelectorAll("tbody tr").length};
}"""


def _check_phone_lists(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path, columns in PHONE_COLUMNS.items():
        page.goto(path)
        found = page.evaluate(FITS)
        shown = [header["text"] for header in found["headers"]]
        assert found["rows"] > 0, path
        assert all(any(text.startswith(column) for text in shown) for column in columns), (path, shown)
        assert found["tableWidth"] <= 390 and all(h["right"] <= 390 for h in found["headers"]), (path, found)


def test_the_main_pages_are_accessible_and_fit_a_phone(page, demo_world):
    assert AXE.exists(), "node_modules/axe-core is missing: `make assets` installs it"
    found: list[str] = []
    for username in ("thuky", "tpls"):
        page.context.clear_cookies()
        log_in(page, username, DEMO_PASSWORD)
        for path in PAGES:
            found += _violations(page, path)
    assert not found, "\n".join(found)
    # The demo is loaded once for both checks.
    page.context.clear_cookies()
    log_in(page, "thuky", DEMO_PASSWORD)
    _check_phone_lists(page)
