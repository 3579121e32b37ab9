# Shared helpers for the end-to-end tests: each test drives the real binary.
# ctest sets PRESCREEN (the binary), SRC and BUILD.
set -euo pipefail
: "${PRESCREEN:?run through ctest}" "${SRC:?}" "${BUILD:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prescreen-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PRESCREEN_DATA="$WORK/data"
export LANG=C.UTF-8

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# Runs a headless kiosk on a script given on stdin; extra args follow.
kiosk_script() {
	local script="$WORK/script.$RANDOM.txt"
	cat > "$script"
	"$PRESCREEN" kiosk --headless --script "$script" "$@"
}

# Exports the data directory and prints the bundle's path.
export_bundle() {
	local out="$WORK/export.$RANDOM"
	mkdir -p "$out"
	"$PRESCREEN" export --out "$out" 2>/dev/null
}

# The sessions of a bundle as one JSON array (python3, stdlib only).
bundle_json() {
	python3 - "$1" <<'PY'
import json, pathlib, sys
d = pathlib.Path(sys.argv[1]) / "sessions"
print(json.dumps([json.loads(p.read_text()) for p in sorted(d.glob("*.json"))]))
PY
}
