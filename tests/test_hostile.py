"""Hostile input and faults: no approval lost, nothing written outside its place, no traceback.

One case (at least) per class found by the hostile run against an earlier main. The counts of
this suite are printed at the end of the test run (see conftest.py).
"""

import contextlib
import errno
import json
import os
import shutil
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, clone_workspace

from pipeline.cli import cli
from pipeline.config import init_workspace, load_workspace
from pipeline.errors import ConfigError, ModelError, SourceError
from pipeline.intake.slug import is_safe_id
from pipeline.queue.catalog import ReviewState, loads
from pipeline.queue.locales import catalog_path

pytestmark = pytest.mark.hostile

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"
FRUEHSTUECK = "2026-01-21-fachbereich-integration-lud-zum-arbeitsfruehstueck-vielfalt-als-chance"


def invoke(workspace, *args, **kwargs):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args], **kwargs)


@pytest.fixture(scope="session")
def ws_template(tmp_path_factory, copy_archives) -> Path:
    """Two Herne announcements, targets en and fr, copy models installed, translated once,
    the French catalog of the Väterfest approved by a translator: built once per session."""
    from pipeline.mt.packages import install_archive

    workspace, _ = init_workspace(tmp_path_factory.mktemp("hostile-template") / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")
    config = config.replace(
        'targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', 'targets = ["en", "fr"]'
    )
    workspace.config_path.write_text(config, encoding="utf-8")
    workspace = load_workspace(workspace.config_path)
    for ident in (FEST, FRUEHSTUECK):
        shutil.copy(ROOT / "announcements" / f"{ident}.md", workspace.paths.announcements)
    for archive in copy_archives.values():
        install_archive(archive, workspace.paths.models)
    result = invoke(workspace, "translate")
    assert result.exit_code == 0, result.output
    approve_all(workspace, "fr", FEST)
    return workspace.root


@pytest.fixture
def ws(tmp_path, ws_template):
    """A fresh copy of the template workspace in this test's folder."""
    return clone_workspace(ws_template, tmp_path / "ws")


def approve_all(workspace, language, ident):
    path = catalog_path(workspace, language, ident)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#, fuzzy\n", ""), encoding="utf-8")


def approvals(workspace) -> dict[tuple[str, str], str]:
    """Every approved (file, unit) -> msgstr in the workspace's catalogs that can be read."""
    found = {}
    for path in sorted(workspace.paths.locales.glob("*/*.po")):
        try:
            catalog = loads(path.read_text(encoding="utf-8"), str(path))
        except Exception:
            continue
        for entry in catalog.entries:
            if entry.state == ReviewState.APPROVED:
                found[(path.name, entry.key)] = entry.translation
    return found


def fr_catalog(workspace) -> Path:
    return catalog_path(workspace, "fr", FEST)


# ---------------------------------------------------------------- approved translations


def test_a_duplicate_entry_is_reported_and_both_copies_stay(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    first = text.index("msgctxt ")
    block = text[first : text.index("\n\n", first)]
    rival = "#, fuzzy\n" + block.replace('msgstr "', 'msgstr "Maschine: ')
    path.write_text(text + "\n" + rival + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = invoke(ws, "translate", "--force")
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "a second entry for unit" in result.output
    assert path.read_text(encoding="utf-8") == before


def test_an_approved_entry_turned_plural_keeps_its_approval_and_every_form(ws) -> None:
    before = approvals(ws)
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    msgstr_at = text.index("msgstr ", text.index("msgctxt "))
    line_end = text.index("\n", msgstr_at)
    approved = text[msgstr_at + 8 : line_end - 1]
    plural = (
        'msgid_plural "Feste"\nmsgstr[0] "' + approved + '"\nmsgstr[1] "' + approved + 's"'
    )
    path.write_text(text[:msgstr_at] + plural + text[line_end:], encoding="utf-8")
    result = invoke(ws, "translate", "--force")
    assert result.exit_code == 0 and "plural forms" in result.output, result.output
    assert approvals(ws) == before  # still approved, the same text, on the same unit
    assert f"msgstr[1] „{approved}s“" in path.read_text(encoding="utf-8")  # the other form kept


def test_an_entry_whose_msgctxt_was_removed_keeps_its_approval(ws) -> None:
    path = fr_catalog(ws)
    before = approvals(ws)
    text = path.read_text(encoding="utf-8")
    start = text.index("msgctxt ")
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    result = invoke(ws, "translate", "--force")
    assert result.exit_code == 0, result.output
    assert f"{path}: 1 entries without msgctxt were matched to their units" in result.output
    assert approvals(ws) == before
    catalog = loads(path.read_text(encoding="utf-8"), str(path))
    assert all(e.state == ReviewState.APPROVED for e in catalog.entries if not e.obsolete)
    assert invoke(ws, "publish", "--to", "fr").exit_code == 0
    assert (ws.paths.published / "fr" / f"{FEST}.html").exists()


def test_a_broken_approved_catalog_does_not_take_its_page_offline(ws) -> None:
    assert invoke(ws, "publish", "--format", "json,html,mo").exit_code == 0
    path = fr_catalog(ws)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgstr "offen\n', encoding="utf-8")
    result = invoke(ws, "publish", "--format", "json,html,mo")
    assert result.exit_code == 1 and f"{path}:" in result.output
    for suffix in ("html", "json", "mo"):
        assert (ws.paths.published / "fr" / f"{FEST}.{suffix}").exists()


# ---------------------------------------------------------------- writes in their place


def test_titles_without_latin_letters_on_one_date_get_their_own_ids(ws, tmp_path) -> None:
    source = tmp_path / "news.jsonl"
    first = {"title": "🎉🎉", "date": "2025-06-07", "body": "Am Samstag feiern wir gemeinsam."}
    second = {"title": "مرحبا", "date": "2025-06-07", "body": "Am Sonntag laden wir ein."}
    source.write_text(json.dumps(first) + "\n", encoding="utf-8")
    assert invoke(ws, "ingest", str(source), "--allow-other-language").exit_code == 0
    source.write_text(json.dumps(second) + "\n", encoding="utf-8")
    assert invoke(ws, "ingest", str(source), "--allow-other-language").exit_code == 0
    files = sorted(p.name for p in ws.paths.announcements.glob("2025-06-07*.md"))
    assert len(files) == 2
    bodies = {p.read_text(encoding="utf-8").split("---\n")[2].strip() for p in ws.paths.announcements.glob("2025-06-07*.md")}
    assert bodies == {first["body"], second["body"]}


def test_a_different_title_with_the_same_slug_never_replaces_an_announcement(ws, tmp_path) -> None:
    long = "Sprechstunde des Integrationsrates " + "für alle Bürgerinnen und Bürger " * 3
    source = tmp_path / "news.jsonl"
    rows = [
        {"title": long + "im Rathaus", "date": "2026-02-09", "body": "Im Rathaus Herne."},
        {"title": long + "in Wanne", "date": "2026-02-09", "body": "Im Bürgerhaus Wanne."},
    ]
    for row in rows:
        source.write_text(json.dumps(row) + "\n", encoding="utf-8")
        assert invoke(ws, "ingest", str(source)).exit_code == 0
    again = invoke(ws, "ingest", str(source))  # idempotent: the second is recognised
    assert "unchanged" in again.output or again.exit_code == 0
    stems = sorted((p.stem for p in ws.paths.announcements.glob("2026-02-09-*.md")), key=len)
    assert len(stems) == 2 and stems[1] == stems[0] + "-2"


def test_the_models_folder_cannot_be_the_workspace_or_replace_its_folders(ws, tmp_path) -> None:
    config = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(config.replace('models = "models"', 'models = "."'), encoding="utf-8")
    with pytest.raises(ConfigError, match="models.*workspace itself"):
        load_workspace(ws.config_path)
    from pipeline.mt.demo_models import build_package, copy_model, pack_argosmodel
    from pipeline.mt.packages import install_archive

    package = build_package(copy_model("de", "en", ["Haus"], demo=False), tmp_path / "build")
    package = package.rename(package.parent / "announcements")
    archive = pack_argosmodel(package, tmp_path / "evil.argosmodel")
    target = tmp_path / "target"
    (target / "announcements").mkdir(parents=True)
    (target / "announcements" / "meldung.md").write_text("bleibt", encoding="utf-8")
    with pytest.raises(ModelError, match="not an installed model package"):
        install_archive(archive, target)
    assert (target / "announcements" / "meldung.md").read_text(encoding="utf-8") == "bleibt"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/etc", "system directory"),
        ("/usr/share/vielfalt", "system directory"),
        ("../..", "leads out of the workspace"),
        ("..", "leads out of the workspace"),
        ("announcements", "must be separate folders"),
        ("locales/de", "must be separate folders"),
        ("pub\\u0000lished", "must be a folder name"),
    ],
)
def test_output_paths_are_confined(ws, value, message) -> None:
    config = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(
        config.replace('published = "published"', f'published = "{value}"'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=message):
        load_workspace(ws.config_path)


@pytest.mark.parametrize("out", ["/etc", "announcements", "locales", "."])
def test_publish_out_is_confined_too(ws, out) -> None:
    result = invoke(ws, "publish", "--out", str(ws.root / out) if not out.startswith("/") else out)
    assert result.exit_code == 1 and "cannot write there" in result.output
    assert not any(Path("/etc").glob("de/index.html"))


@pytest.mark.parametrize("ident", ["com2", "lpt9", "con", "nul-meldung", "meldung\n", "a--b", "Ä"])
def test_unsafe_ids_are_refused(ident) -> None:
    assert not is_safe_id(ident)


# ---------------------------------------------------------------- ingest = what the workspace accepts


def test_a_control_character_from_an_html_entity_is_refused_at_ingest(ws, tmp_path) -> None:
    page = tmp_path / "meldung.html"
    page.write_text(
        "<!doctype html><html><body><article><h1>Sprechstunde im Rathaus</h1>"
        "<time datetime='2026-02-09'>9. Februar 2026</time>"
        "<p>Die Sprechstunde findet&#27; am Montag im Rathaus Herne statt.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    before = sorted(ws.paths.announcements.iterdir())
    result = invoke(ws, "ingest", str(page))
    assert result.exit_code == 1
    assert f"{page}" in result.output and "U+001B" in result.output
    assert sorted(ws.paths.announcements.iterdir()) == before


def test_control_characters_in_jsonl_fields_are_refused_with_the_line(ws, tmp_path) -> None:
    source = tmp_path / "news.jsonl"
    good = {"title": "Sprechstunde", "date": "2026-02-09", "body": "Am Montag im Rathaus."}
    bad = dict(good, title="Sprech\u0007stunde", body="Am Dienstag im Rathaus.")
    source.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", str(source))
    assert result.exit_code == 1 and f"{source}:2:" in result.output and "U+0007" in result.output
    assert not list(ws.paths.announcements.glob("2026-02-09*"))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://www.herne.de/a b", 'https://x.de/"><script>']
)
def test_urls_the_workspace_would_refuse_are_refused_at_ingest(ws, tmp_path, url) -> None:
    source = tmp_path / "news.jsonl"
    row = {"title": "Sprechstunde", "date": "2026-02-09", "body": "Am Montag.", "url": url}
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", str(source))
    assert result.exit_code == 1 and "url must be an http(s) address" in result.output
    assert not list(ws.paths.announcements.glob("2026-02-09*"))


def test_a_url_option_with_javascript_is_refused(ws) -> None:
    listing = ROOT.parent / "shared" / "samples" / "herne-integration-listing.txt"
    result = invoke(ws, "ingest", str(listing), "--url", "javascript:alert(1)")
    assert result.exit_code == 1 and "url must be an http(s) address" in result.output


def test_a_source_url_with_markup_in_front_matter_is_refused(tmp_path) -> None:
    from pipeline.intake.sources import parse_announcement

    text = '---\nid: 2026-02-09-x\ntitle: X\ndate: 2026-02-09\nurl: "https://x.de/<b>"\n---\n\nText.\n'
    with pytest.raises(SourceError, match=r":5: url must be"):
        parse_announcement(text, tmp_path / "2026-02-09-x.md")


# ---------------------------------------------------------------- what readers see


def test_control_characters_in_an_approved_msgstr_block_it_and_never_break_the_feed(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgctxt ")) + len('msgstr "')
    path.write_text(text[:at] + "\\b" + text[at:], encoding="utf-8")  # a backspace, PO-escaped
    result = invoke(ws, "publish", "--to", "fr", "--base-url", "https://x.example/")
    assert result.exit_code == 3 and "control: contains the control character U+0008" in result.output
    result = invoke(ws, "publish", "--to", "fr", "--base-url", "https://x.example/", "--qa", "warn")
    assert result.exit_code == 0, result.output
    ET.parse(ws.paths.published / "fr" / "feed.xml")  # well-formed
    assert "\x08" not in (ws.paths.published / "fr" / f"{FEST}.html").read_text(encoding="utf-8")


def test_a_markdown_link_in_a_title_makes_no_nested_link_on_the_index(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgctxt ")) + len('msgstr "')
    path.write_text(text[:at] + "[Fête](https://www.herne.de) " + text[at:], encoding="utf-8")
    assert invoke(ws, "publish", "--to", "fr").exit_code == 0
    index = (ws.paths.published / "fr" / "index.html").read_text(encoding="utf-8")
    item = next(line for line in index.splitlines() if FEST in line)
    assert item.count("<a ") == 1 and "Fête" in item


def test_an_added_script_tag_is_a_qa_error(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgctxt ")) + len('msgstr "')
    path.write_text(text[:at] + "<script>alert(1)</script>" + text[at:], encoding="utf-8")
    result = invoke(ws, "check", "--to", "fr")
    assert result.exit_code == 3 and "tags: markup not in the source: </script>, <script>" in result.output


# ---------------------------------------------------------------- clear errors, not tracebacks


def test_a_read_only_file_system_is_a_clear_error(ws, monkeypatch) -> None:
    import pipeline.fileio

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    source = ws.paths.announcements / f"{FEST}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    before = approvals(ws)
    monkeypatch.setattr(pipeline.fileio.os, "replace", refuse)
    result = invoke(ws, "translate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot write: Read-only file system" in result.output
    monkeypatch.undo()
    assert approvals(ws) == before
    assert not list(ws.paths.locales.rglob("*.tmp"))


def test_a_lock_path_that_is_a_directory_is_a_clear_error(ws) -> None:
    lock = ws.state_dir / "lock"
    lock.unlink(missing_ok=True)
    lock.mkdir(parents=True)
    result = invoke(ws, "translate")
    assert result.exit_code == 1 and "cannot take the workspace lock" in result.output


def test_a_corrupt_mt_cache_is_rebuilt_and_the_run_says_so(ws) -> None:
    cache = ws.state_dir / "mt-cache.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(str(cache) + suffix).unlink(missing_ok=True)
    cache.write_bytes(b"this is not a database" * 100)
    result = invoke(ws, "translate", "--force")
    assert result.exit_code == 0, result.output
    assert "mt-cache.sqlite was unreadable" in result.output and "rebuilt" in result.output


def test_a_po_path_that_is_a_directory_is_reported(ws) -> None:
    path = catalog_path(ws, "en", FEST)
    path.unlink()
    path.mkdir()
    result = invoke(ws, "translate", "--force")
    assert result.exit_code == 1 and f"{path}: is a directory" in result.output


def test_a_corrupt_tokenizer_is_a_model_error(ws) -> None:
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages

    packages, _ = find_packages([(ws.paths.models, "workspace")])
    package = packages[0]
    package.tokenizer_path.write_bytes(b"\x00garbage" * 50)
    with pytest.raises(ModelError, match="tokenizer cannot be loaded"):
        ModelRegistry(packages).load(package)


def test_a_date_that_does_not_exist_is_refused_with_its_line(tmp_path) -> None:
    from pipeline.intake.sources import parse_announcement

    text = "---\nid: 2025-02-30-x\ntitle: X\ndate: 2025-02-30\n---\n\nText.\n"
    with pytest.raises(SourceError, match=r":4: broken front matter: day is out of range"):
        parse_announcement(text, tmp_path / "2025-02-30-x.md")


@pytest.mark.parametrize(
    ("table_key", "value"),
    [
        ('max_source_mb = 20', "max_source_mb = inf"),
        ('max_source_mb = 20', "max_source_mb = nan"),
        ('max_source_mb = 20', "max_source_mb = 1e300"),
        ("length_ratio = 2.0", "length_ratio = inf"),
        ("beam_size = 4", "beam_size = 100000000000"),
    ],
)
def test_config_numbers_are_bounded(ws, table_key, value) -> None:
    config = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(config.replace(table_key, value), encoding="utf-8")
    with pytest.raises(ConfigError, match="must be between"):
        load_workspace(ws.config_path)


# ---------------------------------------------------------------- no hangs, no blow-ups


def test_ingest_of_a_fifo_returns_at_once(ws, tmp_path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = invoke(ws, "ingest", str(fifo))
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_ingest_of_dev_zero_is_refused(ws) -> None:
    result = invoke(ws, "ingest", "/dev/zero")
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_a_yaml_alias_bomb_is_refused_with_a_short_message(tmp_path) -> None:
    from pipeline.intake.sources import parse_announcement

    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    text = "---\nid: 2026-02-09-x\ntitle: X\ndate: 2026-02-09\n" + "\n".join(bomb) + "\n---\n\nText.\n"
    with pytest.raises(SourceError, match="aliases") as caught:
        parse_announcement(text, tmp_path / "2026-02-09-x.md")
    assert len(str(caught.value)) < 400


# ---------------------------------------------------------------- quieter failures, now named


def test_a_broken_catalog_left_out_of_the_translation_memory_is_named(ws) -> None:
    broken = catalog_path(ws, "fr", FRUEHSTUECK)
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "kaputt\n', encoding="utf-8")
    (ws.paths.announcements / f"{FEST}.md").write_text(
        (ws.paths.announcements / f"{FEST}.md").read_text(encoding="utf-8") + "\nNeuer Absatz.\n",
        encoding="utf-8",
    )
    result = invoke(ws, "translate", FEST)
    assert f"Warning: left out of the translation memory: {broken}:" in result.output


def test_a_broken_header_is_reported_by_status_and_translate(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"MIME-Version: 1.0\\n"', '"MIME-Version 1.0\\n"'), encoding="utf-8")
    status = invoke(ws, "status")
    assert status.exit_code == 1 and "broken header" in status.output
    assert invoke(ws, "translate", "--force").exit_code == 1


def test_a_catalog_declaring_latin_1_is_refused_and_no_latin_1_mo_is_made(ws) -> None:
    path = fr_catalog(ws)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    status = invoke(ws, "status")
    assert status.exit_code == 1 and "charset=ISO-8859-1" in status.output
    invoke(ws, "publish", "--format", "mo")
    assert not (ws.paths.published / "fr" / f"{FEST}.mo").exists()


def test_a_package_labelled_with_the_wrong_target_fails_verification(tmp_path, detector) -> None:
    from pipeline.config import init_workspace
    from pipeline.mt.demo_models import ModelSpecification, build_package
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages
    from pipeline.mt.protected import verify

    workspace, _ = init_workspace(tmp_path / "w")
    # a de→ru package whose "translations" are English words
    words = {"Am": "On", "Montag": "Monday", "starten": "start", "die": "the", "Anmeldungen": "registrations"}
    build_package(ModelSpecification("de", "ru", words), workspace.paths.models)
    packages, _ = find_packages([(workspace.paths.models, "workspace")])
    _, checks = verify(workspace, ModelRegistry(packages), detector)
    (check,) = checks
    assert not check.ok and "script" in check.error


@pytest.mark.parametrize("entries", [1, 40])
def test_a_zip_bomb_is_refused_before_anything_is_extracted(tmp_path, monkeypatch, entries) -> None:
    import pipeline.mt.packages
    from pipeline.mt.packages import install_archive

    monkeypatch.setattr(pipeline.mt.packages, "MAX_UNPACKED_BYTES", 100_000_000)  # 8 GB in real use
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/metadata.json", "{}")
        for number in range(entries):  # one huge entry, or many that add up
            archive.writestr(f"pkg/model/part{number}.bin", b"\0" * (60_000_000 // entries + 3_000_000))
    target = tmp_path / "models"
    with pytest.raises(ModelError, match="times over: not a model package|the limit is 0.1 GB"):
        install_archive(bomb, target)
    assert not any(p.is_file() for p in target.rglob("*"))


def test_temporary_files_of_a_killed_run_are_cleaned_up(ws) -> None:
    folder = ws.paths.locales / "fr"
    dead = folder / f".{FEST}.po.vf999999.abc123.tmp"
    dead.write_text("halb geschrieben", encoding="utf-8")
    alive = folder / f".{FEST}.po.vf{os.getpid()}.def456.tmp"
    alive.write_text("wird gerade geschrieben", encoding="utf-8")
    foreign = folder / ".notiz.tmp"
    foreign.write_text("nicht von vielfalt", encoding="utf-8")
    assert invoke(ws, "translate", "--force").exit_code == 0
    assert not dead.exists() and alive.exists() and foreign.exists()


# ---------------------------------------------------------------- kills, full disks, sequences


def _run_killed(args: list[str], lock: Path, delay: float) -> bool:
    """Start `vielfalt ARGS`, wait until it holds the workspace lock (start-up is over and it
    is at work), then kill -9 it `delay` seconds later. True if it was killed at work, False
    if it finished first."""
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ,
    )
    holding = f"pid {process.pid} "
    while process.poll() is None:
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8").startswith(holding):
                break
        time.sleep(0.002)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def _readable_catalogs(workspace) -> None:
    for path in workspace.paths.locales.rglob("*.po*"):
        loads(path.read_text(encoding="utf-8"), str(path))


def test_kill_9_during_translate_and_publish_loses_nothing(ws) -> None:
    import random

    # a fixed seed (VIELFALT_KILL_SEED picks another): the same kill delays on every run
    seed = int(os.environ.get("VIELFALT_KILL_SEED", "20260209"))
    print(f"kill -9 loop seed: {seed}")
    chance = random.Random(seed)
    lock = ws.state_dir / "lock"
    assert invoke(ws, "publish", "--to", "fr").exit_code == 0
    before = approvals(ws)
    source = ws.paths.announcements / f"{FRUEHSTUECK}.md"
    killed = 0
    for round_number in range(6):
        source.write_text(
            source.read_text(encoding="utf-8") + f"\nDer Termin {round_number + 1} im Rathaus.\n",
            encoding="utf-8",
        )
        for command in (["translate"], ["publish", "--to", "en,fr"]):
            args = ["--workspace", str(ws.root), *command]
            killed += _run_killed(args, lock, chance.uniform(0.0, 1.0))
            _readable_catalogs(ws)  # never a half-written catalog
            assert approvals(ws) == before, f"seed {seed}"
    assert killed, f"no run was killed at work (seed {seed}): the loop tested nothing"
    print(f"kill -9 loop: 12 runs, {killed} killed at work (after taking the lock)")
    final = invoke(ws, "translate")  # no stale lock, nothing mistaken for foreign
    assert final.exit_code == 0, final.output
    published = invoke(ws, "publish", "--to", "en,fr")
    assert published.exit_code == 0, published.output
    assert approvals(ws) == before
    assert not list(ws.root.rglob("*.vf*.tmp"))


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs (root only); skipped with the reason where it cannot be mounted."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.strip() or 'not root'}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_a_clear_error_and_costs_no_approval(small_disk, tmp_path, copy_archives) -> None:
    from pipeline.mt.packages import install_archive

    workspace, _ = init_workspace(small_disk / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")
    config = config.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', 'targets = ["en", "fr"]')
    config = config.replace('models = "models"', f'models = "{tmp_path / "models"}"')
    workspace.config_path.write_text(config, encoding="utf-8")
    workspace = load_workspace(workspace.config_path)
    shutil.copy(ROOT / "announcements" / f"{FEST}.md", workspace.paths.announcements)
    for archive in copy_archives.values():
        install_archive(archive, workspace.paths.models)
    assert invoke(workspace, "translate").exit_code == 0
    approve_all(workspace, "fr", FEST)
    before = approvals(workspace)
    source = workspace.paths.announcements / f"{FEST}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNeu: ein Absatz mehr.\n", encoding="utf-8")
    filler = small_disk / "filler"
    with open(filler, "wb") as handle:  # fill the disk to the last byte
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    for command in (["translate"], ["publish"]):
        result = invoke(workspace, *command)
        assert result.exit_code == 1, result.output
        assert "No space left on device" in result.output and "Traceback" not in result.output
        assert approvals(workspace) == before
        _readable_catalogs(workspace)
        assert not list(workspace.root.rglob("*.vf*.tmp"))
    filler.unlink()
    final = invoke(workspace, "translate")
    assert final.exit_code == 0, final.output
    assert approvals(workspace) == before


# ---------------------------------------------------------------- random sequences

SEQUENCES: list[int] = []  # steps per sequence run, for the summary line (see conftest.py)

SENTENCES = [
    "Am Montag, 9. Februar 2026, starten die Anmeldungen.",
    "Vertreter*innen der Stadt Herne waren eingeladen.",
    "Die Betreuungskraft nach § 53c unterstützt Senior*innen.",
    "Im Schloss Strünkede gab es ein Arbeitsfrühstück.",
    "Rund 600 Kurse werden angeboten.",
]


def _translator_edit(workspace, step, rng) -> None:
    """What a translator (or a careless editor) may do to a PO file, malformed edits included."""
    paths = sorted(workspace.paths.locales.glob("*/*.po"))
    if not paths:
        return
    path = paths[step[1] % len(paths)]
    text = path.read_text(encoding="utf-8")
    kind = step[0]
    contexts = [i for i in range(len(text)) if text.startswith("msgctxt ", i)]
    if not contexts:
        return
    at = contexts[step[1] % len(contexts)]
    end = text.find("\n\n", at)
    end = len(text) if end < 0 else end
    entry = text[at:end]
    start = text.rfind("\n\n", 0, at) + 2
    if kind == "approve_file":
        text = text.replace("#, fuzzy\n", "")
    elif kind == "approve":
        head = text[start:at].replace("#, fuzzy\n", "")
        text = text[:start] + head + text[at:]
    elif kind == "edit":
        msgstr = entry.index('"', entry.index("msgstr")) + 1
        text = text[: at + msgstr] + rng.choice(["Neu: ", "Revu : ", "Ред.: "]) + text[at + msgstr :]
    elif kind == "drop_msgctxt":
        text = text[:at] + text[text.index("\n", at) + 1 :]
    elif kind == "duplicate":
        text = text + "\n" + text[start:end] + "\n"
    elif kind == "pluralize":
        text = text[:at] + entry.replace("msgstr ", 'msgid_plural "x"\nmsgstr[0] ', 1) + text[end:]
    elif kind == "break":
        text = text[:at] + 'msgstr "offen\n' + text[at:]
    path.write_text(text, encoding="utf-8")


def _source_edit(workspace, step) -> None:
    path = sorted(workspace.paths.announcements.glob("*.md"))[step[1] % 2]
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    sentence = SENTENCES[step[2] % len(SENTENCES)]
    if step[0] == "source_add":
        paragraphs.append(sentence)
    elif step[0] == "source_change":
        paragraphs[step[2] % len(paragraphs)] += " " + sentence
    elif len(paragraphs) > 1:
        paragraphs.pop(step[2] % len(paragraphs))
    path.write_text(head + "\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _snapshot(workspace):
    """Approvals and translators' drafts of readable catalogs (an entry given plural forms
    counts with its first form: vielfalt reads it back so), and the text of unreadable ones."""
    readable, broken = {}, {}
    for path in sorted(workspace.paths.locales.glob("*/*.po")):
        text = path.read_text(encoding="utf-8")
        try:
            catalog = loads(text, str(path), reshape_plurals=True)
        except Exception:
            broken[path] = text
            continue
        readable[path] = [
            (e.key, e.source, e.translation, e.state == ReviewState.APPROVED)
            for e in catalog.entries
            if not e.obsolete
            and (
                e.state == ReviewState.APPROVED
                or (e.fuzzy and e.translation and not e.is_untouched_machine)
            )
        ]
    return readable, broken


def _check_nothing_lost(workspace, before, units_now) -> None:
    """Each approval and each draft stays on its own unit while that unit's German is the
    same (an approval stays approved); when the German changed or went, the text is kept
    (outdated or obsolete), never dropped."""
    readable, broken = before
    for path, text in broken.items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: a malformed file was changed"
    for path, kept in readable.items():
        catalog = loads(path.read_text(encoding="utf-8"), str(path), reshape_plurals=True)
        active = [e for e in catalog.entries if not e.obsolete]
        texts = [e.translation for e in catalog.entries]
        units = units_now.get(path.stem, {})
        for key, source, translation, approved in kept:
            if not key:  # an editor removed its msgctxt: its German text names its unit
                matching = [k for k, text in units.items() if text == source]
                key = matching[0] if len(matching) == 1 else key
            if key in units and units[key] == source:  # the unit is current: on its unit
                on_unit = [e for e in active if e.key == key or (not e.key and e.source == source)]
                assert any(
                    e.translation == translation
                    and (e.state == ReviewState.APPROVED) == approved
                    for e in on_unit
                ), (path, key, translation, approved, [(e.translation, e.state) for e in on_unit])
            else:  # its German changed or went: kept as outdated or obsolete, never dropped
                assert translation in texts, (path, key, translation)


def _current_units(workspace) -> dict[str, dict[str, str]]:
    from pipeline.intake.sources import load_announcements
    from pipeline.units.segment import units_of

    return {
        a.id: {u.key: u.text for u in units_of(a)}
        for a in load_announcements(workspace.paths.announcements)
    }


EDITS = ["approve_file", "approve", "edit", "drop_msgctxt", "duplicate", "pluralize", "break"]


def test_no_sequence_of_edits_and_runs_loses_an_approval(tmp_path_factory, copy_registry, detector) -> None:
    import random

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from pipeline.intake.sources import load_announcements
    from pipeline.publish.build import publish
    from pipeline.queue.translate import translate_workspace

    step = st.one_of(
        # small indices, so that edits meet: approve file 1, then drop a msgctxt in file 1
        st.tuples(st.sampled_from(EDITS), st.integers(0, 5)),
        st.tuples(
            st.sampled_from(["source_add", "source_change", "source_drop"]),
            st.integers(0, 1),
            st.integers(0, 9),
        ),
        st.tuples(st.sampled_from(["translate", "translate", "publish"])),
    )

    def translate(workspace) -> None:
        translate_workspace(
            workspace,
            load_announcements(workspace.paths.announcements),
            ["en", "fr"],
            detector=detector,
            registry=copy_registry,
            glossary=None,
        )

    # every sequence starts from a copy of one translated workspace (built once, here)
    template, _ = init_workspace(tmp_path_factory.mktemp("seq-template") / "ws")
    for ident in (FEST, FRUEHSTUECK):
        shutil.copy(ROOT / "announcements" / f"{ident}.md", template.paths.announcements)
    translate(template)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(step, min_size=3, max_size=12), st.integers(0, 2**16))
    def run_sequence(steps, salt) -> None:
        rng = random.Random(salt)
        workspace = clone_workspace(template.root, tmp_path_factory.mktemp("seq") / "ws")
        for number in range(4):  # translators approved everything: now each edit can cost one
            _translator_edit(workspace, ("approve_file", number), rng)
        for action in steps:
            if action[0] in EDITS:
                _translator_edit(workspace, action, rng)
            elif action[0].startswith("source_"):
                _source_edit(workspace, action)
            else:
                before = _snapshot(workspace)
                if action[0] == "translate":
                    translate(workspace)
                else:
                    publish(workspace, load_announcements(workspace.paths.announcements), ["en", "fr"])
                _check_nothing_lost(workspace, before, _current_units(workspace))
        SEQUENCES.append(len(steps))

    run_sequence()
    assert len(SEQUENCES) >= 40
