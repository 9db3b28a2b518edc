"""Workspace templates are data: sandboxed, confined to their folders, every fault a message
naming the template (and line), nothing published."""

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.queue.locales import catalog_path

pytestmark = pytest.mark.hostile

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"


@pytest.fixture
def approved(sample):
    path = catalog_path(sample, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    sample.paths.templates.mkdir(exist_ok=True)
    return sample


def publish(workspace):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), "publish", "--to", "fr"])


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{{ lipsum.__globals__["os"].popen("touch {marker}").read() }}', "not allowed"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed"),
        ('{% include "body.html" %}', "includes or extends itself"),
        ("{% if page %}\n{{ page.title }\n{% endif %}", "body.html:2"),
        ("{{ nicht_definiert.feld }}", "undefined"),
        ('{% include "/etc/passwd" %}', "not in the template folders"),
        ('{% include "../../vielfalt.toml" %}', "not in the template folders"),
    ],
)
def test_a_bad_workspace_template_is_a_message_and_publishes_nothing(approved, tmp_path, template, message) -> None:
    marker = tmp_path / "executed"
    (approved.paths.templates / "body.html").write_text(template.replace("{marker}", str(marker)), encoding="utf-8")
    result = publish(approved)
    assert result.exit_code != 0
    assert message in result.output and "body.html" in result.output, result.output
    assert "Traceback" not in result.output
    assert not marker.exists()
    assert not (approved.paths.published / "fr" / f"{FEST}.html").exists()


def test_a_template_that_is_not_utf8_is_named(approved) -> None:
    (approved.paths.templates / "body.html").write_bytes("<p>{{ page.title }} - Straße</p>".encode("latin-1"))
    result = publish(approved)
    assert result.exit_code != 0 and "not UTF-8" in result.output and "Traceback" not in result.output


def test_a_good_workspace_template_is_used(approved) -> None:
    (approved.paths.templates / "body.html").write_text(
        '{% for block in page.blocks %}<p class="eigen">{{ block.text | inline }}</p>{% endfor %}\n', encoding="utf-8"
    )
    result = publish(approved)
    assert result.exit_code == 0, result.output
    assert 'class="eigen"' in (approved.paths.published / "fr" / f"{FEST}.html").read_text(encoding="utf-8")
