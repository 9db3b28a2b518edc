"""`vielfalt report`: one self-contained page for the head of department, checked in the
browser as readers' pages are (headless Chromium, axe-core: no accessibility violation)."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT, clone_workspace

from pipeline.cli import cli
from pipeline.queue.catalog import dumps, loads
from pipeline.queue.locales import catalog_path

SHARED = ROOT.parent / "shared"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


@pytest.fixture(scope="module")
def reported(tmp_path_factory, demo_template):
    """The demo workspace with one French page held back by QA and the last eval's scores;
    the report written."""
    template, approved_id = demo_template
    workspace = clone_workspace(template, tmp_path_factory.mktemp("report") / "ws")
    held = sorted(p.stem for p in workspace.paths.announcements.glob("*.md") if p.stem != approved_id)[0]
    path = catalog_path(workspace, "fr", held)
    text = path.read_text(encoding="utf-8")
    catalog = loads(text, str(path))
    for entry in catalog.entries:
        if entry.translation and not entry.obsolete:
            entry.fuzzy = False
            entry.translation += " <script>alert(1)</script>"  # markup the German lacks: QA error
    path.write_text(dumps(catalog, text, str(path)), encoding="utf-8")
    scored = invoke(workspace, "eval", "--refs", str(SHARED / "data" / "ntrex128"), "--limit", "5", "--to", "en,ar")
    assert scored.exit_code == 0, scored.output
    output = workspace.root / "bericht" / "report.html"
    result = invoke(workspace, "report", "-o", str(output))
    assert result.exit_code == 0, result.output
    return workspace, output, held, approved_id


def test_the_report_is_one_self_contained_page(reported) -> None:
    _, output, _, _ = reported
    html = output.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)\b", html) and "http://" not in html and "https://" not in html


def test_the_report_names_the_page_held_back_and_why(reported) -> None:
    _, output, held, _ = reported
    html = output.read_text(encoding="utf-8")
    section = html[html.index('id="held"') : html.index('id="matrix"')]
    assert held in section and "markup" in section


def test_the_report_lists_what_waits_longest_oldest_first(reported) -> None:
    _, output, _, _ = reported
    html = output.read_text(encoding="utf-8")
    section = html[html.index('id="waited"') : html.index('id="held"')]
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", section)
    assert dates and dates == sorted(dates)


def test_the_report_charts_the_last_eval_and_says_the_models_are_demo_models(reported) -> None:
    _, output, _, _ = reported
    html = output.read_text(encoding="utf-8")
    assert "<svg" in html and "DEMO models" in html
    assert html.count("<rect") >= 2  # en and ar at least


def test_the_report_reads_well_in_a_browser_without_accessibility_violations(reported) -> None:
    assert CHROMIUM, "Chromium is required: .ci/run installs it (apt-get install chromium)"
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    _, output, _, _ = reported
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page()
        page.goto(output.as_uri())
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        cells = page.eval_on_selector_all("table.matrix td.blocked", "els => els.length")
        assert cells >= 1
        assert page.evaluate("document.documentElement.lang") == "en"
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
