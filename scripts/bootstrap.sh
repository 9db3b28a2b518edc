# Sourced by ./vielfalt and ./run-tests: make sure uv exists and the environment is synced.
# Needs only python3 (with pip) on the machine; uv is installed for the user if missing.
# Every package is pinned exactly ([tool.uv] constraint-dependencies in pyproject.toml), so a
# fresh machine gets what the suite last passed with; `python3 scripts/pins.py upgrade` moves them.
set -euo pipefail
UV_PIN="uv==0.13.9"
VIELFALT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
else
  echo "vielfalt: uv not found; installing it with pip (one time)..." >&2
  python3 -m pip install --quiet --user "$UV_PIN" 2>/dev/null || python3 -m pip install --quiet "$UV_PIN" \
    || python3 -m pip install --quiet --break-system-packages "$UV_PIN"
  UV=(python3 -m uv)
fi
# The environment lives in .venv of the project; a no-op when already in sync.
if [ ! -d "$VIELFALT_ROOT/.venv" ]; then
  echo "vielfalt: first run: setting up the environment in .venv (about a minute)..." >&2
fi
"${UV[@]}" sync --quiet --project "$VIELFALT_ROOT"
