"""A real Weblate for the translator-loop tests: its own environment, its own PostgreSQL.

Weblate comes from the package registry at exact pins (`tests/weblate-pins.txt`, rewritten by
`python3 scripts/pins.py weblate`) into its own virtual environment under `.cache/`. It runs with
its own test settings (`weblate.settings_test`: Celery tasks run in the request, caches in
memory, file:// repositories allowed, so no Redis is needed) on a private PostgreSQL cluster
started from Debian's server binaries in a temporary folder, on free loopback ports. The
migrated database is kept beside the environment, so later sessions start in seconds.

System packages it needs (`.ci/run` installs them): postgresql, and the build headers of the
Weblate dependencies that come as source only (see SYSTEM_PACKAGES).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import serviceenv
from serviceenv import free_port

#: what is pinned; pygobject, django-otp and GitPython held back for Debian 12 and Weblate 5.14
#: (GitPython 3.1.44+ escapes Weblate's quoted fetch refspec and Weblate cannot fetch)
REQUIREMENTS = [
    "weblate[postgres]==5.14.3", "pygobject<3.51", "django-otp<1.7", "gitpython==3.1.43",
]  # fmt: skip
PINS = Path(__file__).with_name("weblate-pins.txt")
#: Debian packages: the server, and headers for borgbackup, pycairo and pygobject's builds
SYSTEM_PACKAGES = [
    "postgresql", "liblz4-dev", "libzstd-dev", "libxxhash-dev", "libacl1-dev", "libssl-dev",
    "pkg-config", "libcairo2-dev", "libgirepository1.0-dev", "gir1.2-pango-1.0",
    "gir1.2-rsvg-2.0",
]  # fmt: skip
ADMIN = "admin"
TOKEN_CODE = (
    "from weblate.auth.models import User\n"
    "from rest_framework.authtoken.models import Token\n"
    f"print(Token.objects.get_or_create(user=User.objects.get(username={ADMIN!r}))[0].key)"
)


def cached_environment() -> Path:
    """The pinned Weblate environment under .cache/, keyed by the pins and the Python."""
    return serviceenv.cached_environment("weblate", PINS)


def postgres_binaries() -> Path:
    """Debian's PostgreSQL server binaries (the newest installed major version)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        raise RuntimeError("PostgreSQL's server is not installed (Debian package postgresql)")
    return Path(found[-1]).parent


class Postgres:
    """A private PostgreSQL cluster in `folder` on a free loopback port. PostgreSQL refuses to
    run as root, so as root the cluster belongs to and runs as the `postgres` user."""

    def __init__(self, folder: Path, template: Path | None = None) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.binaries = postgres_binaries()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if template is not None:
            shutil.copytree(template, self.data, symlinks=True)
        else:
            self.data.mkdir(parents=True)
        if self.as_user:
            shutil.chown(folder, "postgres")
            subprocess.run(["chown", "-R", "postgres:postgres", str(folder)], check=True)
        self.data.chmod(0o700)
        if template is None:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        self._run("pg_ctl", "-s", "-w", "-D", str(self.data), "-l", str(folder / "log"),
                  "-o", options, "start")  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.binaries / tool), *args], capture_output=True, text=True
        )
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL {tool} failed:\n{done.stderr}{tail}")

    def create_database(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-s", "-w", "-D", str(self.data), "-m", "fast", "stop")

    def __enter__(self) -> Postgres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def weblate_environ(home: Path, database_port: int) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "weblate.settings_test",
        "CI_DATABASE": "postgresql",
        "CI_DB_HOST": "127.0.0.1",
        "CI_DB_PORT": str(database_port),
        "CI_DB_USER": "postgres",
        "CI_DB_NAME": "weblate",
        "CI_BASE_DIR": str(home),
        "PYTHONWARNINGS": "ignore",
        # Weblate's own commits (merges, its commits of translators' edits) need an identity
        "GIT_COMMITTER_NAME": "Weblate", "GIT_COMMITTER_EMAIL": "weblate@herne.example",
        "GIT_AUTHOR_NAME": "Weblate", "GIT_AUTHOR_EMAIL": "weblate@herne.example",
    }  # fmt: skip


def migrated_template(environment: Path) -> Path:
    """A PostgreSQL data folder holding Weblate's migrated database with an admin user, made
    once per environment (migrating takes minutes) and copied for each run."""
    template = environment / "pgdata-migrated"
    if (template / "PG_VERSION").exists():
        return template
    folder = Path(tempfile.mkdtemp(prefix="vielfalt-weblate-pg-"))
    try:
        with Postgres(folder) as postgres:
            postgres.create_database("weblate")
            home = folder / "home"
            home.mkdir()
            environ = weblate_environ(home, postgres.port)
            weblate = str(environment / "bin" / "weblate")
            for command in (
                [weblate, "migrate", "--noinput"],
                [weblate, "createadmin", "--username", ADMIN, "--password", "vielfalt-tests",
                 "--email", "admin@herne.example"],
            ):  # fmt: skip
                done = subprocess.run(command, env=environ, capture_output=True, text=True)
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(command[1:3])} failed:\n{done.stderr[-3000:]}")
        partial = environment / "pgdata-partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(postgres.data, partial, symlinks=True)
        partial.rename(template)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return template


class Server:
    """Weblate's development server over a copy of the migrated database; `token` is the
    admin's API token. `stop()` (or leaving the `with`) ends both."""

    def __init__(self, environment: Path, home: Path) -> None:
        template = migrated_template(environment)
        self.postgres = Postgres(Path(tempfile.mkdtemp(prefix="vielfalt-weblate-pg-")), template)
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.environ = weblate_environ(home, self.postgres.port)
        self.weblate = str(environment / "bin" / "weblate")
        # nothing left to migrate, but post_migrate sets up Weblate's data folder (its git
        # identity, the PO merge driver, its SSH key) in this home
        self._manage("migrate", "--noinput")
        self.token = self._manage("shell", "-c", TOKEN_CODE).split()[-1]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "weblate.log"
        self.process = subprocess.Popen(
            [self.weblate, "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.environ,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()

    def _manage(self, *args: str) -> str:
        done = subprocess.run(
            [self.weblate, *args], env=self.environ, capture_output=True, text=True
        )
        if done.returncode != 0:
            self.postgres.stop()
            raise RuntimeError(f"weblate {args[0]} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def _wait_until_ready(self, limit: float = 180.0) -> None:
        deadline = time.monotonic() + limit
        request = urllib.request.Request(
            self.url + "/api/", headers={"Authorization": f"Token {self.token}"}
        )
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    json.loads(response.read())
                    return
            except (OSError, ValueError):
                try:
                    code = self.process.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    continue
                self.stop()
                raise RuntimeError(
                    f"Weblate exited with {code}: {self.log.read_text()[-2000:]}"
                ) from None
        self.stop()
        raise RuntimeError(f"Weblate did not answer within {limit:g} s")

    def stop(self) -> None:
        process = getattr(self, "process", None)  # None when start-up failed before it
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.postgres.stop()
        shutil.rmtree(self.postgres.folder, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
