"""The translators' loop against a real Weblate, as a city team runs it (tests and script).

1. the demo workspace (8 languages) becomes a git repository with a bare "origin";
2. a Weblate project gets one component and component discovery with exactly the settings
   `vielfalt weblate` prints (every announcement becomes a component), and the glossary
   component from `vielfalt weblate --glossary`'s TBX files;
3. a translator edits and approves a French unit through Weblate's API; Weblate holds it
   uncommitted (as it does for a day by default);
4. the city changes a German paragraph of the same announcement, runs `vielfalt translate`,
   commits and pushes;
5. Weblate commits and pulls: it must merge without conflict; then it pushes;
6. a fresh clone shows the approval and the new machine entry (`vielfalt status`);
7. with reviews on, a reviewer approves every unit of one announcement (state 30); another's
   units are only "translated" (20): `vielfalt publish` with [review] publishes the first only.

`run_loop` records what it saw in a `LoopResult`; the checks are the caller's.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

APPROVED_TEXT = "Texte approuvé dans Weblate par la traductrice"
ADDED_SENTENCE = "Der Eintritt ist frei."


class WeblateAPI:
    """Weblate's REST API with an API token (plain HTTP, as vielfalt's [review] uses it)."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json",
                     "Accept": "application/json"},
            method=method,
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode()[:500]
            raise RuntimeError(f"{method} {path}: HTTP {exc.code}: {detail}") from None
        return json.loads(text) if text else {}

    def all(self, path: str) -> list[dict]:
        results, page = [], 1
        while True:
            separator = "&" if "?" in path else "?"
            data = self.call("GET", f"{path}{separator}page={page}")
            results += data.get("results", [])
            if not data.get("next"):
                return results
            page += 1


@dataclass
class LoopResult:
    base: Path
    announcements: list[str] = field(default_factory=list)
    discovered: list[str] = field(default_factory=list)
    source_languages: set[str] = field(default_factory=set)
    glossary_terms: dict[str, int] = field(default_factory=dict)
    edited: str = ""
    pull: dict = field(default_factory=dict)
    merge_failure: str | None = None
    clone_po: str = ""
    clone_status: dict = field(default_factory=dict)
    reviewed: str = ""
    unreviewed: str = ""
    published: set[str] = field(default_factory=set)
    publish_output: str = ""
    log: list[str] = field(default_factory=list)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode != 0 and not (done.returncode == 1 and args[0] != "git"):
        raise RuntimeError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout + done.stderr


def git(cwd: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=Stadt Herne", "-c", "user.email=it@herne.example", *args],
               cwd)  # fmt: skip


def setup_project(
    api: WeblateAPI, base: Path, workspace: Path, origin: Path, vielfalt: list[str], *,
    review: bool,
) -> tuple[str, dict]:
    """The demo workspace as a git repository with a bare origin, and a Weblate project whose
    components are discovered with exactly `vielfalt weblate --json`'s settings."""
    run([*vielfalt, "demo", str(workspace)], base)
    run([*vielfalt, "weblate", "--glossary"], workspace)
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "vielfalt demo")
    git(base, "clone", "-q", "--bare", str(workspace), str(origin))
    git(workspace, "remote", "add", "origin", str(origin))
    announcements = sorted(p.stem for p in (workspace / "announcements").glob("*.md"))
    settings = json.loads(run([*vielfalt, "weblate", "--json"], workspace))
    slug = "herne-" + base.name[-6:].lower().replace("_", "")
    api.call("POST", "/api/projects/", {"name": slug, "slug": slug, "web": "https://www.herne.de/",
                                        "translation_review": review})  # fmt: skip
    first = announcements[0]
    api.call("POST", f"/api/projects/{slug}/components/", {
        "name": first, "slug": first, "file_format": settings["file_format"], "vcs": "git",
        "repo": f"file://{origin}", "push": f"file://{origin}", "branch": "main",
        "filemask": f"locales/*/{first}.po", "new_base": f"locales/templates/{first}.pot",
        "source_language": {"code": settings["source_language"]},
        "language_regex": settings["language_regex"],
        "check_flags": settings["check_flags"],
        "file_format_params": {"po_line_wrap": int(settings["po_line_wrap"])},
    })  # fmt: skip
    api.call("POST", f"/api/components/{slug}/{first}/addons/", {
        "name": "weblate.discovery.discovery",
        "configuration": {
            "match": settings["match"], "file_format": settings["file_format"],
            "name_template": "{{ component }}",
            "base_file_template": settings["base_file_template"],
            "new_base_template": settings["new_base_template"],
            "language_regex": settings["language_regex"], "copy_addons": True,
            "remove": False, "confirm": True,
        },
    })  # fmt: skip
    return slug, settings


def run_loop(api: WeblateAPI, base: Path, vielfalt: list[str], say=print) -> LoopResult:
    """Steps 1–7 in `base` (an empty folder); `vielfalt` is the command that runs vielfalt."""
    result = LoopResult(base)
    workspace, origin = base / "herne", base / "origin.git"

    say("demo workspace, git repository, bare origin")
    slug, settings = setup_project(api, base, workspace, origin, vielfalt, review=True)
    result.announcements = sorted(p.stem for p in (workspace / "announcements").glob("*.md"))
    first = result.announcements[0]
    components = [c for c in api.all(f"/api/projects/{slug}/components/")]
    result.discovered = sorted(c["slug"] for c in components if not c.get("is_glossary"))
    result.source_languages = {
        c["source_language"]["code"] for c in components if not c.get("is_glossary")
    }

    say("Weblate: the workspace glossary as a glossary component (TBX)")
    mask = settings["glossary_mask"]
    api.call("POST", f"/api/projects/{slug}/components/", {
        "name": "Herne glossary", "slug": "herne-glossary", "file_format": "tbx",
        "vcs": "git", "repo": f"weblate://{slug}/{first}",
        "filemask": mask, "is_glossary": True, "check_flags": settings["glossary_check_flags"],
        "source_language": {"code": settings["source_language"]},
        "language_regex": settings["language_regex"],
    })  # fmt: skip
    for language in ("fr", "ar"):
        units = api.all(f"/api/translations/{slug}/herne-glossary/{language}/units/")
        result.glossary_terms[language] = sum(1 for u in units if any(u.get("target") or []))

    say("a translator approves a French unit in Weblate; Weblate holds it, uncommitted")
    target = result.announcements[1]
    result.edited = target
    units = api.all(f"/api/translations/{slug}/{target}/fr/units/")
    api.call("PATCH", f"/api/units/{units[0]['id']}/", {"target": [APPROVED_TEXT], "state": 20})
    repository = f"/api/translations/{slug}/{target}/fr/repository/"

    say("the city changes a German paragraph and runs vielfalt translate, then pushes")
    source = workspace / "announcements" / f"{target}.md"
    text = source.read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    source.write_text(text.replace(last, f"{last} {ADDED_SENTENCE}"), encoding="utf-8")
    result.log.append(run([*vielfalt, "-q", "translate"], workspace))
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "vielfalt translate")
    git(workspace, "pull", "-q", "--no-rebase", "origin", "main")  # what Weblate pushed so far
    git(workspace, "push", "-q", "origin", "main")

    say("Weblate commits the held edit and pulls; then pushes")
    api.call("POST", repository, {"operation": "commit"})
    result.pull = api.call("POST", repository, {"operation": "pull"})
    result.merge_failure = api.call("GET", repository).get("merge_failure")
    api.call("POST", repository, {"operation": "push"})

    say("a fresh clone: the approval and the new machine entry")
    clone = base / "clone"
    git(base, "clone", "-q", str(origin), str(clone))
    result.clone_po = (clone / "locales" / "fr" / f"{target}.po").read_text(encoding="utf-8")
    status = json.loads(run([*vielfalt, "status", "--json", "--to", "fr"], clone))
    result.clone_status = status["announcements"][target]["fr"]

    say("reviews on: a reviewer approves one announcement; another is only translated")
    result.reviewed, result.unreviewed = result.announcements[2], result.announcements[3]
    for announcement, state in ((result.reviewed, 30), (result.unreviewed, 20)):
        for unit in api.all(f"/api/translations/{slug}/{announcement}/fr/units/"):
            api.call(
                "PATCH", f"/api/units/{unit['id']}/", {"target": unit["target"], "state": state}
            )
        api.call("POST", f"/api/translations/{slug}/{announcement}/fr/repository/",
                 {"operation": "push"})  # fmt: skip
    git(clone, "pull", "-q")
    config = clone / "vielfalt.toml"
    config.write_text(config.read_text(encoding="utf-8") + (
        f'\n[review]\nweblate_url = "{api.url}"\nproject = "{slug}"\n'
        'token_env = "VIELFALT_WEBLATE_TOKEN"\n'
    ), encoding="utf-8")  # fmt: skip
    environ = {**os.environ, "VIELFALT_WEBLATE_TOKEN": api.token}
    result.publish_output = run([*vielfalt, "publish", "--to", "fr"], clone, environ)
    result.published = {p.stem for p in (clone / "published" / "fr").glob("*.html")}
    return result


@dataclass
class HandshakeResult:
    base: Path
    #: old German -> (announcement, the translator's text), approved in Weblate, uncommitted
    pending: dict[str, tuple[str, str]] = field(default_factory=dict)
    translate_output: str = ""
    translate_code: int = -1
    #: announcement -> its Russian catalog, in the workspace and in a fresh clone
    workspace_po: dict[str, str] = field(default_factory=dict)
    clone_po: dict[str, str] = field(default_factory=dict)
    locked_after: list[str] = field(default_factory=list)
    repository_after: dict = field(default_factory=dict)
    addons: dict[str, int] = field(default_factory=dict)


def run_handshake(api: WeblateAPI, base: Path, vielfalt: list[str], say=print) -> HandshakeResult:
    """The same paragraph, two writers: four approvals made in Weblate and not yet committed,
    on paragraphs whose German the city then changes; `vielfalt translate` with [weblate]
    does the whole handshake by itself."""
    result = HandshakeResult(base)
    workspace, origin = base / "herne", base / "origin.git"
    say("demo workspace, merge driver, Weblate project (no reviews)")
    slug, _ = setup_project(api, base, workspace, origin, vielfalt, review=False)
    run([*vielfalt, "merge-driver", "install"], workspace)
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "merge driver")
    git(workspace, "push", "-q", "origin", "main")
    components = api.all(f"/api/projects/{slug}/components/")
    first = components[0]["slug"]
    for addon in ("weblate.gettext.msgmerge",):  # what `vielfalt weblate` calls harmless
        answer = api.call("POST", f"/api/components/{slug}/{first}/addons/", {"name": addon})
        result.addons[addon] = int(bool(answer.get("id")))
    api.call("POST", f"/api/projects/{slug}/repository/", {"operation": "pull"})

    say("a translator approves four Russian paragraphs in Weblate (held, uncommitted)")
    for path in sorted((workspace / "announcements").glob("*.md"))[:4]:
        units = api.all(f"/api/translations/{slug}/{path.stem}/ru/units/")
        body = max(units, key=lambda u: len(u["source"][0]))
        translation = f"Одобренный перевод: {path.stem[:30]} (переводчица)"
        api.call("PATCH", f"/api/units/{body['id']}/", {"target": [translation], "state": 20})
        result.pending[body["source"][0]] = (path.stem, translation)

    say("the city changes the German of those four paragraphs and runs vielfalt translate")
    for old, (announcement, _) in result.pending.items():
        source = workspace / "announcements" / f"{announcement}.md"
        text = source.read_text(encoding="utf-8")
        line = old.split("\n")[0]
        assert line in text, line
        source.write_text(text.replace(line, f"{line} Stand: 9. Februar 2026.", 1), "utf-8")
    config = workspace / "vielfalt.toml"
    config.write_text(config.read_text(encoding="utf-8") + (
        f'\n[weblate]\nurl = "{api.url}"\nproject = "{slug}"\n'
    ), encoding="utf-8")  # fmt: skip
    environ = {**os.environ, "VIELFALT_WEBLATE_TOKEN": api.token}
    done = subprocess.run([*vielfalt, "translate"], cwd=workspace, capture_output=True,
                          text=True, env=environ)  # fmt: skip
    result.translate_code = done.returncode
    result.translate_output = done.stdout + done.stderr
    clone = base / "clone"
    for announcement, _ in result.pending.values():
        po = workspace / "locales" / "ru" / f"{announcement}.po"
        result.workspace_po[announcement] = po.read_text(encoding="utf-8")

    say("after the handshake: Weblate unlocked and clean; a fresh clone has every text")
    for component in api.all(f"/api/projects/{slug}/components/"):
        lock = api.call("GET", f"/api/components/{slug}/{component['slug']}/lock/")
        if lock.get("locked"):
            result.locked_after.append(component["slug"])
    result.repository_after = api.call("GET", f"/api/projects/{slug}/repository/")
    git(base, "clone", "-q", str(origin), str(clone))
    for announcement in result.workspace_po:
        po = clone / "locales" / "ru" / f"{announcement}.po"
        result.clone_po[announcement] = po.read_text(encoding="utf-8")
    return result
