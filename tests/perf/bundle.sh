#!/usr/bin/env bash
# tests/perf/bundle.sh [BUILD_DIR] — the figures of reading bundles for review
# (issue 7): ten bundles holding BUNDLE_SESSIONS sessions in all (default
# 10,000; made by tests/tools/gen_sessions through the real store, exported
# by `prescreen export`), then through tests/tools/bundle_check:
#   open+verify   every manifest read, every listed file read once, hashed
#                 (SHA-256, libsodium) and compared, every folder walked
#   open only     the manifests without verification (what a second open of
#                 unchanged bundles costs before the fingerprint check)
#   walk          open without verification, then every session read, hashed
#                 and parsed back (jansson): bundle_each
# Each is run three times on a warm page cache; printed: wall and CPU seconds.
#
# A measurement, not a test: it never fails on a figure. Wall time counts the
# machine's other load; CPU seconds do not.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
gen=$build/tests/gen_sessions
check=$build/tests/bundle_check
total=${BUNDLE_SESSIONS:-10000}
for tool in "$bin" "$gen" "$check"; do
	if [ ! -x "$tool" ]; then
		echo "bundle.sh: no $tool (build: cmake -S $top -B $build && cmake --build $build -j2)" >&2
		exit 1
	fi
done
work=$(mktemp -d "${TMPDIR:-/var/tmp}/prescreen-bundle-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LANG=C.UTF-8

per=$(( total / 10 ))
bundles=()
for i in $(seq 0 9); do
	"$gen" "$work/data-$i" "$per" >/dev/null || { echo "bundle.sh: gen_sessions failed" >&2; exit 1; }
	mkdir -p "$work/out-$i"
	bundles+=("$("$bin" export --data "$work/data-$i" --out "$work/out-$i" 2>/dev/null)")
done
echo "10 bundles, $total sessions, $(du -sck "${bundles[@]}" | tail -n 1 | cut -f1) kB" \
     "on $(nproc) CPU(s), load $(cut -d' ' -f1 /proc/loadavg)"

run() {         # LABEL ARGS...
	local label=$1
	shift
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %U %S" -o "$work/time" "$check" "$@" "${bundles[@]}" \
			>/dev/null 2>"$work/err" || { echo "bundle.sh: $label: $(tail -n 3 "$work/err")" >&2; return 1; }
		read -r wall user sys < "$work/time"
		printf '%-14s wall %5.2f s   cpu %5.2f s (user %5.2f, sys %5.2f)\n' "$label" "$wall" \
			"$(awk "BEGIN { print $user + $sys }")" "$user" "$sys"
	done
}
run "open+verify" --open-only
run "open only" --open-only --no-verify
run "walk" --no-verify
