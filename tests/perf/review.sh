#!/usr/bin/env bash
# tests/perf/review.sh [BUILD_DIR] — the review store's figures (issue 7,
# Benchmark): ten bundles holding 10,000 sessions (70,000 answers, all nine
# languages) made by tests/tools/gen_bundles through the real export.
#
# Printed, each run REVIEW_RUNS times (default 3) on a fresh store:
#   first open   review_load: fingerprint + manifest verification + import
#                (wall ms, CPU ms, VmHWM of the process)
#   second open  the same bundles again: fingerprints only, nothing hashed
#   bundle side  the bundle code's share of a first open, by phase:
#                fingerprint, bundle_open with verification (hashing), and
#                bundle_each (reading and parsing every session) alone
#   import only  the store's own share of the first open (CPU: the calling
#                thread's, bundle_each parses on worker threads): the time inside
#                rstore_add_session and the ten commits (bundles read unverified)
#   score put    REVIEW_SCORES (default 2000) rstore_score_put calls, each its
#                own committed transaction (synchronous=FULL): p50, p99, max ms
#   command      `prescreen review --export-scores` on the loaded store, whole
#                process: wall seconds and peak resident memory (/usr/bin/time)
# Targets: first open <= 1 s, second <= 0.3 s, score to committed <= 5 ms p99.
#
# A measurement, not a test: it never fails on a figure. The bundles are in
# the page cache (warm); the store is on REVIEW_STORE_DIR (default
# /var/tmp: a real disk, so the commits' fsyncs are real). Wall time counts
# the machine's other load; CPU ms do not.
#
# Knobs: REVIEW_BUNDLES (10), REVIEW_SESSIONS (10000), REVIEW_RUNS (3),
# REVIEW_SCORES (2000), REVIEW_STORE_DIR, BENCH_KEEP=1 keeps the work directory.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
gen=$build/tests/gen_bundles
bench=$build/tests/bench_review
nb=${REVIEW_BUNDLES:-10}
ns=${REVIEW_SESSIONS:-10000}
runs=${REVIEW_RUNS:-3}
nscores=${REVIEW_SCORES:-2000}

for tool in "$bin" "$gen" "$bench"; do
	if [ ! -x "$tool" ]; then
		echo "review.sh: no $tool (build: cmake -S $top -B $build && cmake --build $build -j2)" >&2
		exit 1
	fi
done
command -v /usr/bin/time >/dev/null || { echo "review.sh: needs /usr/bin/time" >&2; exit 1; }

work=$(mktemp -d "${REVIEW_STORE_DIR:-/var/tmp}/prescreen-review-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "kept $work"' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi
export LANG=C.UTF-8

"$gen" "$work/bundles" "$nb" "$ns" >/dev/null || exit 1
bundles=("$work"/bundles/prescreen-export-*)
echo "corpus: ${#bundles[@]} bundles, $ns sessions, $(du -sm "$work/bundles" | cut -f1) MB"
cat "$work"/bundles/*/sessions/* "$work"/bundles/*/sessions.csv >/dev/null   # warm

field() { sed -n "s/\(^\|.* \)$1 \([0-9.]*\).*/\2/p"; }
for run in $(seq "$runs"); do
	rm -f "$work"/store.db*
	first=$("$bench" load "$work/store.db" "${bundles[@]}") || exit 1
	second=$("$bench" load "$work/store.db" "${bundles[@]}") || exit 1
	rm -f "$work"/import.db*
	import=$("$bench" import "$work/import.db" "${bundles[@]}") || exit 1
	phases=$("$bench" phases "${bundles[@]}") || exit 1
	scores=$("$bench" scores "$work/store.db" "$nscores") || exit 1
	/usr/bin/time -f "%e %M" -o "$work/time" "$bin" review --reviewer bench \
		--store "$work/store.db" --export-scores "$work/scores.json" "${bundles[@]}" \
		2>/dev/null >/dev/null
	read -r cmd_s cmd_kb < "$work/time"
	printf 'run %d: first open %s ms (cpu %s ms, VmHWM %s kB); second open %s ms (cpu %s ms, VmHWM %s kB)\n' \
		"$run" "$(field load_ms <<<"$first")" "$(field cpu_ms <<<"$first")" \
		"$(field vmhwm_kb <<<"$first")" "$(field load_ms <<<"$second")" \
		"$(field cpu_ms <<<"$second")" "$(field vmhwm_kb <<<"$second")"
	printf '       bundle side: fingerprint %s ms (cpu %s), verify %s ms (cpu %s), walk+parse %s ms (cpu %s)\n' \
		"$(field fingerprint_ms <<<"$phases")" "$(field fingerprint_cpu <<<"$phases")" \
		"$(field verify_ms <<<"$phases")" "$(field verify_cpu <<<"$phases")" \
		"$(field walk_ms <<<"$phases")" "$(field walk_cpu <<<"$phases")"
	printf '       import only %s ms (cpu %s ms); score put p50 %s ms, p99 %s ms, max %s ms; ' \
		"$(field import_ms <<<"$import")" "$(field cpu_ms <<<"$import")" \
		"$(field p50_ms <<<"$scores")" "$(field p99_ms <<<"$scores")" "$(field max_ms <<<"$scores")"
	printf 'review --export-scores %s s, %s kB resident\n' "$cmd_s" "$cmd_kb"
done
echo "store: $(du -sm "$work/store.db" | cut -f1) MB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
