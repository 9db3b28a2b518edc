"""The published pages as a reader's browser shows them (headless Chromium, no network)."""

import shutil

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"


_CHARACTER_POSITIONS = """(needle) => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(needle);
    if (at < 0) continue;
    return [...needle].map((_, i) => {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""


def _reads_in_order(page, needle: str) -> bool:
    """Are the characters of `needle` laid out left to right, as a Latin reader expects?"""
    lefts = page.evaluate(_CHARACTER_POSITIONS, needle)
    assert lefts is not None, f"{needle!r} not on the page"
    return lefts == sorted(lefts) and len(set(lefts)) == len(lefts)


def test_arabic_and_german_pages_render_with_direction_and_language_links(demo_site) -> None:
    assert CHROMIUM, "Chromium is required: .ci/run installs it (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    published, ident = demo_site
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        languages = ["de", "en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]
        for language in ("ar", "de"):
            page.goto((published / language / f"{ident}.html").as_uri())
            direction = page.evaluate("getComputedStyle(document.body).direction")
            assert direction == ("rtl" if language == "ar" else "ltr")
            assert page.evaluate("document.documentElement.lang") == language
            links = page.eval_on_selector_all(
                "nav a", "els => els.map(e => e.getAttribute('hreflang'))"
            )
            assert sorted(links) == sorted(set(languages) - {language})
            for other in links:  # every link leads to an existing page
                assert (published / other / f"{ident}.html").exists()
            bdi = page.eval_on_selector_all(
                "article bdi", "els => els.map(e => getComputedStyle(e).direction)"
            )
            if language == "ar":
                assert bdi and set(bdi) == {"ltr"}
                assert _reads_in_order(page, "(KI)")
            page.screenshot(path=str(ARTIFACTS / f"published-{language}.png"), full_page=True)
        browser.close()
    assert (ARTIFACTS / "published-ar.png").stat().st_size > 1000
