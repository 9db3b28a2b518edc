"""The exact pins of vielfalt's environment: show, upgrade, or test against the newest releases.

The pins live in pyproject.toml as `[tool.uv] constraint-dependencies` (`name==version`, no
download address), so `uv sync` on a fresh machine installs exactly what the suite last passed
with. Standard library only: runs with any python3 that has uv (`python3 -m uv` or `uv`).

    python3 scripts/pins.py upgrade   # resolve the newest releases and rewrite the pins
    python3 scripts/pins.py latest    # run ./run-tests' checks in .venv-latest on the newest
                                      # releases, the pins untouched (drift found by choice)
    python3 scripts/pins.py check     # every installed package pinned, every pin installed
    python3 scripts/pins.py libretranslate  # re-pin LibreTranslate's own test environment
    python3 scripts/pins.py weblate   # re-pin Weblate's own test environment
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
BLOCK = re.compile(r"(?ms)^constraint-dependencies = \[\n.*?^\]\n")
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*(.*))?$")
#: the marker of `override-dependencies` that keeps stanza and spacy (and all they pull) out
NEVER = "sys_platform == 'never'"


def uv() -> list[str]:
    if os.environ.get("UV"):
        return [os.environ["UV"]]
    if shutil.which("uv"):
        return ["uv"]
    return [sys.executable, "-m", "uv"]


def newest() -> list[str]:
    """`name==version` of the newest resolution (overrides kept, pins dropped), sorted; a
    package resolved differently per Python version keeps its marker."""
    text = BLOCK.sub("constraint-dependencies = []\n", PYPROJECT.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="vielfalt-pins-") as folder:
        project = Path(folder)
        (project / "pyproject.toml").write_text(text, encoding="utf-8")
        (project / "README.md").write_text("", encoding="utf-8")
        (project / "pipeline").mkdir()
        (project / "pipeline" / "__init__.py").write_text("", encoding="utf-8")
        subprocess.run([*uv(), "lock", "--quiet", "--project", folder], check=True)
        exported = subprocess.run(
            [*uv(), "export", "--quiet", "--project", folder, "--frozen", "--all-groups",
             "--no-hashes", "--no-header", "--no-annotate", "--no-emit-project",
             "--format", "requirements-txt"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    pins = set()
    for line in exported.splitlines():
        match = REQUIREMENT.match(line.strip())
        if match is None or NEVER in (match.group(3) or ""):
            continue
        name, version, marker = match.groups()
        pin = f"{name.lower().replace('_', '-')}=={version}"
        pins.add(f"{pin}; {marker}" if marker else pin)
    return sorted(pins)


def current() -> list[str]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return list(data["tool"]["uv"]["constraint-dependencies"])


def write(pins: list[str]) -> None:
    text = PYPROJECT.read_text(encoding="utf-8")
    block = "constraint-dependencies = [\n" + "".join(f'    "{p}",\n' for p in pins) + "]\n"
    if not BLOCK.search(text):
        raise SystemExit("pyproject.toml has no [tool.uv] constraint-dependencies block")
    PYPROJECT.write_text(BLOCK.sub(lambda _: block, text), encoding="utf-8")


def upgrade() -> int:
    before = set(current())
    pins = newest()
    write(pins)
    changed = sorted(set(pins) - before)
    print(f"{len(pins)} pins written to pyproject.toml; {len(changed)} changed:")
    for pin in changed:
        print(f"  {pin}")
    print("next: ./run-tests, then commit pyproject.toml")
    return 0


def latest() -> int:
    """The suite in .venv-latest on the newest releases; the pins and .venv stay as they are."""
    pins = newest()
    venv = ROOT / ".venv-latest"
    subprocess.run([*uv(), "venv", "--quiet", "--allow-existing", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(pins) + "\n")
    try:
        subprocess.run(
            [*uv(), "pip", "install", "--quiet", "--python", python, "-r", handle.name,
             "-e", str(ROOT)],
            check=True,
        )  # fmt: skip
    finally:
        os.unlink(handle.name)
    drift = sorted(set(pins) - set(current()))
    print("newer than the pins: " + (", ".join(drift) or "nothing"), flush=True)
    return subprocess.run(
        [python, "-m", "pytest", *sys.argv[2:]], cwd=ROOT, env=os.environ | {"UV": uv()[0]}
    ).returncode


def check() -> int:
    """Every package in .venv is pinned at its installed version (nothing unpinned slips in)."""
    frozen = subprocess.run(
        [*uv(), "pip", "freeze", "--exclude-editable", "--python", str(ROOT / ".venv")],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    installed = {line.lower().replace("_", "-") for line in frozen if "==" in line}
    pinned = {p.split(";")[0].strip().lower() for p in current()}
    missing = sorted(installed - pinned)
    for pin in missing:
        print(f"installed but not pinned: {pin}")
    return 1 if missing else 0


def pin_service(module: str) -> int:
    """Resolve a test service's requirements (tests/<module>.REQUIREMENTS) afresh, in a scratch
    environment on the Python the tests use, and write its exact pins (tests/<module>.PINS)."""
    sys.path.insert(0, str(ROOT / "tests"))
    service = __import__(module)
    with tempfile.TemporaryDirectory(prefix=f"vielfalt-{module}-pins-") as folder:
        python = str(Path(folder) / "bin" / "python")
        subprocess.run([*uv(), "venv", "-q", "--no-config", folder], check=True, cwd=folder)
        subprocess.run(
            [*uv(), "pip", "install", "-q", "--no-config", "--python", python,
             *service.REQUIREMENTS],
            check=True, cwd=folder,
        )  # fmt: skip
        frozen = subprocess.run(
            [*uv(), "pip", "freeze", "--python", python],
            check=True, capture_output=True, text=True, cwd=folder,
        ).stdout.split()  # fmt: skip
    old = service.PINS.read_text(encoding="utf-8").splitlines() if service.PINS.exists() else []
    header = [line for line in old if line.startswith("#")]
    pins = sorted(p for p in frozen if "==" in p)
    service.PINS.write_text("\n".join([*header, *pins]) + "\n", encoding="utf-8")
    print(f"{len(pins)} pins written to {service.PINS.relative_to(ROOT)}")
    return 0


def libretranslate() -> int:
    """Re-pin LibreTranslate's own test environment (tests/ltserver.py)."""
    return pin_service("ltserver")


def weblate() -> int:
    """Re-pin Weblate's own test environment (tests/weblateserver.py)."""
    return pin_service("weblateserver")


if __name__ == "__main__":
    commands = {
        "upgrade": upgrade, "latest": latest, "check": check,
        "libretranslate": libretranslate, "weblate": weblate,
    }  # fmt: skip
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        raise SystemExit(2)
    try:
        raise SystemExit(commands[sys.argv[1]]())
    except subprocess.CalledProcessError as error:
        command = " ".join(map(str, error.cmd))
        hint = " (is uv installed? python3 -m pip install --user uv)" if "uv" in command else ""
        message = f"pins.py: {command!r} failed with exit code {error.returncode}{hint}"
        raise SystemExit(message) from None
