"""The whole translator loop against a real Weblate, one command away (not part of CI).

    .venv/bin/python scripts/weblate_loop.py --weblate http://127.0.0.1:8765 --token wlu_…

Needs a running Weblate (5.14 on Python 3.11) that may read file:// repositories (its
settings_test has VCS_FILE_PROTOCOL = True) and an admin's API token; `--setup` prints how
this repository's developers started one. The script, against that Weblate:

1. makes the demo workspace (8 languages), a git repository of it and a bare "origin";
2. creates a project and one component, and adds component discovery with exactly the
   settings `vielfalt weblate` prints: every announcement becomes a component;
3. a translator edits and approves a French unit through Weblate's API; Weblate commits it
   (and holds it, as Weblate does, without pushing);
4. the city changes a German paragraph of the same announcement, runs `vielfalt translate`,
   commits and pushes;
5. Weblate pulls: it must merge without conflict; then it pushes;
6. a fresh clone shows the approval and the new machine entry (`vielfalt status`);
7. with reviews on, a reviewer approves every unit of one announcement in Weblate (state 30),
   another announcement's units are only "translated" (20): `vielfalt publish` with [review]
   publishes the first, not the second.

Prints each step and exits 1 at the first failed check.

Status: passes against Weblate 5.14.3 (Python 3.11, Debian 12, started as `--setup` prints;
GitPython must be 3.1.43: newer ones write Weblate's quoted fetch refspec escaped and Weblate
cannot fetch). Not in CI: it needs PostgreSQL, fifteen Debian build packages and a Weblate
environment whose dependencies needed three pins against Debian 12 (about five minutes more).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIELFALT = [str(ROOT / "vielfalt")]
SETUP = """How the developers started Weblate for this script (Debian 12, Python 3.11):
  apt-get install postgresql liblz4-dev libzstd-dev libxxhash-dev libacl1-dev libssl-dev \\
      pkg-config libcairo2-dev libgirepository1.0-dev gir1.2-pango-1.0 gir1.2-rsvg-2.0
  uv venv weblate-env && uv pip install --python weblate-env/bin/python \\
      'weblate[postgres]==5.14.3' 'pygobject<3.51' 'django-otp<1.7' 'gitpython==3.1.43'
  pg_ctlcluster 15 main start; su postgres -c "psql -c \\"ALTER USER postgres PASSWORD 'x'\\"";
  su postgres -c 'createdb weblate'
  export DJANGO_SETTINGS_MODULE=weblate.settings_test CI_DATABASE=postgresql \\
      CI_DB_HOST=127.0.0.1 CI_DB_USER=postgres CI_DB_PASSWORD=x CI_BASE_DIR=$PWD
  weblate-env/bin/weblate migrate --noinput
  weblate-env/bin/weblate createadmin --username admin --password … --email admin@example.org
  weblate-env/bin/weblate shell -c "from weblate.auth.models import User; \\
      from rest_framework.authtoken.models import Token; \\
      print(Token.objects.get_or_create(user=User.objects.get(username='admin'))[0].key)"
  weblate-env/bin/weblate runserver 127.0.0.1:8765 --noreload
"""


class Weblate:
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
            raise SystemExit(f"{method} {path}: HTTP {exc.code}: {detail}") from None
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


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def check(condition: bool, text: str) -> None:
    print(("   ok: " if condition else "   FAILED: ") + text, flush=True)
    if not condition:
        raise SystemExit(1)


def run(*args: str, cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1) or (done.returncode == 1 and args[0] == "git"):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def git(cwd: Path, *args: str) -> str:
    return run("git", "-c", "user.name=Stadt Herne", "-c", "user.email=it@herne.example", *args,
               cwd=cwd)  # fmt: skip


def settings(workspace: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from pipeline.config import load_workspace
    from pipeline.exchange import weblate_settings

    return weblate_settings(load_workspace(workspace / "vielfalt.toml"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weblate", default="http://127.0.0.1:8765")
    parser.add_argument("--token", default=os.environ.get("VIELFALT_WEBLATE_TOKEN", ""))
    parser.add_argument("--setup", action="store_true", help="how to start a Weblate for this")
    options = parser.parse_args()
    if options.setup or not options.token:
        print(SETUP)
        return 0 if options.setup else 2
    weblate = Weblate(options.weblate, options.token)
    base = Path(tempfile.mkdtemp(prefix="vielfalt-weblate-"))
    workspace, origin = base / "herne", base / "origin.git"

    step("demo workspace, git repository, bare origin")
    run(*VIELFALT, "demo", str(workspace), cwd=base)
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "vielfalt demo")
    git(base, "clone", "-q", "--bare", str(workspace), str(origin))
    git(workspace, "remote", "add", "origin", str(origin))
    announcements = sorted(p.stem for p in (workspace / "announcements").glob("*.md"))

    step("Weblate: project, first component, discovery with `vielfalt weblate`'s settings")
    found = settings(workspace)
    slug = f"herne-{base.name[-6:].lower().replace('_', '')}"
    weblate.call("POST", "/api/projects/", {"name": slug, "slug": slug, "web": "https://www.herne.de/",
                                            "translation_review": True})  # fmt: skip
    first = announcements[0]
    component = weblate.call("POST", f"/api/projects/{slug}/components/", {
        "name": first, "slug": first, "file_format": "po", "vcs": "git",
        "repo": f"file://{origin}", "push": f"file://{origin}", "branch": "main",
        "filemask": f"locales/*/{first}.po", "new_base": f"locales/templates/{first}.pot",
        "source_language": {"code": found["source_language"]},
        "language_regex": found["language_regex"],
    })  # fmt: skip
    check(component.get("slug") == first, "component created from the repository")
    weblate.call("POST", f"/api/components/{slug}/{first}/addons/", {
        "name": "weblate.discovery.discovery",
        "configuration": {
            "match": found["match"], "file_format": "po",
            "name_template": "{{ component }}", "base_file_template": "",
            "new_base_template": found["new_base_template"],
            "language_regex": found["language_regex"], "copy_addons": True,
            "remove": False, "confirm": True,
        },
    })  # fmt: skip
    components = [c["slug"] for c in weblate.all(f"/api/projects/{slug}/components/")
                  if not c.get("is_glossary")]  # fmt: skip
    check(sorted(components) == announcements, f"discovery found {len(components)} components")

    step("a translator approves a French unit in Weblate; Weblate holds it, uncommitted")
    target = announcements[1]
    units = weblate.all(f"/api/translations/{slug}/{target}/fr/units/")
    title = units[0]
    approved_text = "Texte approuvé dans Weblate par la traductrice"
    weblate.call("PATCH", f"/api/units/{title['id']}/", {"target": [approved_text], "state": 20})
    repository = f"/api/translations/{slug}/{target}/fr/repository/"

    step("the city changes a German paragraph and runs vielfalt translate, then pushes")
    source = workspace / "announcements" / f"{target}.md"
    text = source.read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    source.write_text(text.replace(last, last + " Der Eintritt ist frei."), encoding="utf-8")
    print(run(*VIELFALT, "-q", "translate", cwd=workspace))
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "vielfalt translate")
    git(workspace, "pull", "-q", "--no-rebase", "origin", "main")  # what Weblate pushed so far
    git(workspace, "push", "-q", "origin", "main")

    step("Weblate commits the held edit and pulls: no conflict; then pushes")
    weblate.call("POST", repository, {"operation": "commit"})
    pulled = weblate.call("POST", repository, {"operation": "pull"})
    status = weblate.call("GET", f"/api/translations/{slug}/{target}/fr/repository/")
    failure = status.get("merge_failure")
    check(pulled.get("result") is True and not failure, f"pull merged ({pulled}, {failure})")
    weblate.call("POST", f"/api/translations/{slug}/{target}/fr/repository/", {"operation": "push"})

    step("a fresh clone has the approval and the new machine entry")
    clone = base / "clone"
    git(base, "clone", "-q", str(origin), str(clone))
    po = (clone / "locales" / "fr" / f"{target}.po").read_text(encoding="utf-8")
    check(approved_text in po, "the translator's text is in the repository")
    status_json = json.loads(run(*VIELFALT, "status", "--json", "--to", "fr", cwd=clone))
    counts = status_json["announcements"][target]["fr"]
    check(counts["approved"] >= 1 and counts["machine"] + counts["outdated"] >= 1,
          f"status: {counts}")  # fmt: skip

    step("reviews on: only reviewer-approved work is published")
    reviewed, unreviewed = announcements[2], announcements[3]
    for announcement, state in ((reviewed, 30), (unreviewed, 20)):
        for unit in weblate.all(f"/api/translations/{slug}/{announcement}/fr/units/"):
            change = {"target": unit["target"], "state": state}
            weblate.call("PATCH", f"/api/units/{unit['id']}/", change)
        weblate.call("POST", f"/api/translations/{slug}/{announcement}/fr/repository/",
                     {"operation": "push"})  # fmt: skip
    git(clone, "pull", "-q")
    config = clone / "vielfalt.toml"
    config.write_text(config.read_text(encoding="utf-8") + (
        f'\n[review]\nweblate_url = "{weblate.url}"\nproject = "{slug}"\n'
        'token_env = "VIELFALT_WEBLATE_TOKEN"\n'
    ), encoding="utf-8")  # fmt: skip
    os.environ["VIELFALT_WEBLATE_TOKEN"] = options.token
    print(run(*VIELFALT, "publish", "--to", "fr", cwd=clone)[-600:])
    published = clone / "published" / "fr"
    check((published / f"{reviewed}.html").exists(), f"{reviewed}: reviewed, published")
    missing = not (published / f"{unreviewed}.html").exists()
    check(missing, f"{unreviewed}: not reviewed, not published")
    print(f"all checks passed (workspace in {base})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
