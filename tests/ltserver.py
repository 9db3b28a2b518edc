"""A real LibreTranslate for tests and benchmarks: its own environment, local servers.

LibreTranslate 1.9 installs without torch (it uses argos-translate-lt) but pins old Flask and
numpy, so it gets its own virtual environment, never the project's. Servers run on 127.0.0.1
with a free port, serve packages from a given directory (the generated DEMO packages, which
carry a hand-set MiniSBD splitter so nothing is downloaded), and are stopped afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import serviceenv
from serviceenv import free_port

REQUIREMENTS = ["libretranslate>=1.9,<1.10"]
#: the environment's exact pins (`python3 scripts/pins.py libretranslate` rewrites them)
PINS = Path(__file__).with_name("libretranslate-pins.txt")


def cached_environment() -> Path:
    """The pinned LibreTranslate environment under .cache/, keyed by the pins and the Python."""
    return serviceenv.cached_environment("libretranslate", PINS)


CAPPED = """
import sys, ctranslate2
original = ctranslate2.Translator.translate_batch
def capped(self, *args, **kwargs):
    kwargs["max_decoding_length"] = {cap}
    return original(self, *args, **kwargs)
ctranslate2.Translator.translate_batch = capped
from libretranslate.main import main
sys.argv = ["libretranslate", *sys.argv[1:]]
main()
"""


def sandbox(home: Path, packages: Path) -> dict[str, str]:
    """The environment of a LibreTranslate or Argos process: its home, data, config and cache
    in `home`, packages from `packages`; never the user's real home."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(packages),
        "PYTHONWARNINGS": "ignore",
    }


class Server:
    """One LibreTranslate process; `stop()` (or leaving the `with`) ends it."""

    def __init__(
        self,
        environment: Path,
        packages: Path,
        home: Path,
        threads: int = 1,
        port: int = 0,
        cap: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        home.mkdir(parents=True, exist_ok=True)
        env = sandbox(home, packages)
        self.log = home / f"server-{self.port}.log"
        # With `cap` (benchmarks), every translate_batch decodes at most `cap` tokens, as all
        # contenders of a benchmark must; LibreTranslate itself has no such option.
        start = (
            [str(environment / "bin" / "libretranslate")]
            if cap is None
            else [str(environment / "bin" / "python"), "-c", CAPPED.format(cap=int(cap))]
        )
        self.process = subprocess.Popen(
            [
                *start,
                "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(threads),
                "--disable-web-ui", "--disable-files-translation",
            ],
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_until_ready()

    def _wait_until_ready(self, limit: float = 120.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/languages", timeout=2) as response:
                    json.loads(response.read())
                    return
            except (OSError, ValueError):
                try:
                    code = self.process.wait(timeout=0.25)  # also notices a server that died
                except subprocess.TimeoutExpired:
                    continue
                raise RuntimeError(
                    f"LibreTranslate exited with {code}: {self.log.read_text()[-2000:]}"
                ) from None
        self.stop()
        raise RuntimeError(f"LibreTranslate did not answer within {limit:g} s")

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident memory so far (Linux)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
