# Sourced by ./vielfalt and ./run-tests: make sure the environment in .venv is synced.
# Needs only python3 (with pip) on the machine; uv is installed for the user if missing.
# Every package is pinned exactly ([tool.uv] constraint-dependencies in pyproject.toml), so a
# fresh machine gets what the suite last passed with; `python3 scripts/pins.py upgrade` moves them.
set -euo pipefail
UV_PIN="uv==0.13.9"
VIELFALT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_BIN="$VIELFALT_ROOT/.venv/bin"

find_uv() {
  if command -v uv >/dev/null 2>&1; then
    UV=(uv)
  elif python3 -m uv --version >/dev/null 2>&1; then
    UV=(python3 -m uv)
  else
    echo "vielfalt: uv not found; installing it with pip (one time)..." >&2
    python3 -m pip install --quiet --user "$UV_PIN" 2>/dev/null \
      || python3 -m pip install --quiet "$UV_PIN" \
      || python3 -m pip install --quiet --break-system-packages "$UV_PIN"
    UV=(python3 -m uv)
  fi
}

# Synced when pyproject.toml (with its pins) changed since the last sync; otherwise nothing is
# asked of uv, so commands answer at once.
STAMP="$VIELFALT_ROOT/.venv/.vielfalt-synced"
WANTED="$(cksum < "$VIELFALT_ROOT/pyproject.toml")"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANTED" ]; then
  find_uv
  if [ ! -d "$VIELFALT_ROOT/.venv" ]; then
    echo "vielfalt: first run: setting up the environment in .venv (about a minute)..." >&2
  fi
  "${UV[@]}" sync --quiet --project "$VIELFALT_ROOT"
  printf '%s\n' "$WANTED" > "$STAMP"
fi
