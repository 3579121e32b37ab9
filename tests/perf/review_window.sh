#!/usr/bin/env bash
# tests/perf/review_window.sh [BUILD_DIR] — the review window's figures at 1920x1080
# over ten bundles holding 10,000 sessions (70,000 answers, nine languages),
# made by tests/tools/gen_bundles with the real export code.
#
# Prints, beside issue 7's targets:
#   1. process start -> first frame, first open (every manifest verified, every
#      session imported into a new review store) and second open (same store)
#   2. next-answer redraw p50/p99 (key press handled to the frame drawn, the
#      answer read from the store) candidate by candidate and question by
#      question (each step another session)
#   3. score key to committed p50/p99 (rstore_score_put, synchronous=FULL)
#   4. peak resident memory (VmHWM) of the window with all 10,000 loaded
# Headless (SDL's dummy driver, the same drawing into a 1920x1080 surface);
# a measurement, not a test: it never fails on a figure.
#
# Knobs: BENCH_SESSIONS (default 10000), BENCH_BUNDLES (10), BENCH_STEPS (2000),
# BENCH_KEEP=1 keeps the work directory.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
gen=$build/tests/gen_bundles
sessions=${BENCH_SESSIONS:-10000}
nbundles=${BENCH_BUNDLES:-10}
steps=${BENCH_STEPS:-2000}
[ -x "$bin" ] && [ -x "$gen" ] || { echo "build prescreen and gen_bundles first ($build)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/prescreen-review-window.XXXXXX")
[ "${BENCH_KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
export LANG=C.UTF-8

echo "corpus: $nbundles bundles, $sessions sessions ($work)"
"$gen" "$work/bundles" "$nbundles" "$sessions" > /dev/null || { echo "gen_bundles failed" >&2; exit 1; }
mapfile -t bundles < <(find "$work/bundles" -mindepth 1 -maxdepth 1 -type d | sort)

# run NAME SCRIPT: one headless review; stats in $work/NAME.stats, peak RSS in $work/NAME.rss
run() {
	local name=$1 script=$2
	python3 - "$work/$name.rss" "$bin" review --headless --size 1920x1080 --store "$work/review.db" \
		--reviewer bench --lang en --script "$script" "${bundles[@]}" <<'PY'
import os, resource, subprocess, sys
out, cmd = sys.argv[1], sys.argv[2:]
env = dict(os.environ, PRESCREEN_STATS=out.replace(".rss", ".stats"))
rc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
open(out, "w").write("%d %d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))
PY
}
field() {   # file series key
	awk -v s="$2" -v k="$3" '$1 == s { for (i = 2; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"
}
ms() { awk -v us="${1:-0}" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

: > "$work/empty.txt"
run first "$work/empty.txt"
run second "$work/empty.txt"
{
	for _ in $(seq "$steps"); do echo "key Right"; done
} > "$work/next.txt"
{
	echo "key Tab"
	for _ in $(seq "$steps"); do echo "key Right"; done
} > "$work/byq.txt"
{
	for i in $(seq 500); do echo "key $((i % 5 + 1))"; echo "key Right"; done
} > "$work/score.txt"
run next "$work/next.txt"
run byq "$work/byq.txt"
run score "$work/score.txt"

printf '%-52s %-22s %s\n' "figure" "measured" "target"
printf '%-52s %-22s %s\n' "first frame, first open (verify + import)" \
	"$(awk '/^first_frame_ms/ { printf "%s ms", $2 }' "$work/first.stats")" "<= 1000 ms"
printf '%-52s %-22s %s\n' "first frame, second open" \
	"$(awk '/^first_frame_ms/ { printf "%s ms", $2 }' "$work/second.stats")" "<= 300 ms"
for r in next byq; do
	label=$([ "$r" = next ] && echo "candidate by candidate" || echo "question by question")
	printf '%-52s %-22s %s\n' "next-answer redraw p50 / p99 ($label)" \
		"$(ms "$(field "$work/$r.stats" frame_other p50_us)") / $(ms "$(field "$work/$r.stats" frame_other p99_us)")" "p99 <= 8 ms"
done
printf '%-52s %-22s %s\n' "score key to committed p50 / p99" \
	"$(ms "$(field "$work/score.stats" commit p50_us)") / $(ms "$(field "$work/score.stats" commit p99_us)")" "p99 <= 5 ms"
for r in second next byq; do
	printf '%-52s %-22s %s\n' "peak resident memory, VmHWM ($r)" \
		"$(awk '{ printf "%.1f MB", $1 / 1024 }' "$work/$r.rss")" "<= 60 MB"
done
