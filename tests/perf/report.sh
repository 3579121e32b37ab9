#!/usr/bin/env bash
# tests/perf/report.sh [BUILD_DIR] — `prescreen report` over 10,000 sessions
# and three scores files (issue 7, Benchmark: ≤ 2 s).
#
# The sessions are made by tests/tools/gen_bundles with the real export: ten
# bundles (ten kiosks) carrying the bundled pack, 10,000 sessions in all;
# tests/tools/gen_scores.py writes three reviewers' scores files for them
# (about 65,000 scores each). Then the
# report runs REPORT_RUNS times (default 3): printed per run are wall and CPU
# seconds and peak resident memory (VmHWM, from /usr/bin/time -v), and the
# sizes of results.csv and report.html. The first run reads the bundle from
# the page cache like the others (gen_bundles just wrote them): warm.
#
# A measurement, not a test: it never fails on a figure.
# Knobs: REPORT_COUNT (10000), REPORT_RUNS (3), BENCH_KEEP=1 keeps the work dir.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
gen=$build/tests/gen_bundles
count=${REPORT_COUNT:-10000}
runs=${REPORT_RUNS:-3}
for tool in "$bin" "$gen"; do
	if [ ! -x "$tool" ]; then
		echo "report.sh: no $tool (build: cmake -S $top -B $build && cmake --build $build -j2)" >&2
		exit 1
	fi
done
command -v /usr/bin/time >/dev/null || { echo "report.sh: needs /usr/bin/time" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/var/tmp}/prescreen-report-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "kept $work"' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi
export LANG=C.UTF-8

mkdir -p "$work/bundles"
"$gen" "$work/bundles" 10 "$count" >"$work/gen.out" 2>"$work/gen.err" ||
	{ cat "$work/gen.err" >&2; exit 1; }
bundles=("$work"/bundles/prescreen-export-*)
python3 "$top/tests/tools/gen_scores.py" "${bundles[@]}" --out "$work/scores" --reviewers 3 \
	>/dev/null || exit 1
entries=$(python3 -c 'import json,sys; print(sum(len(json.load(open(f))["scores"]) for f in sys.argv[1:]))' \
	"$work"/scores/*.json)
echo "report.sh: $count sessions in ${#bundles[@]} bundles ($(du -sm "$work/bundles" | cut -f1) MB)," \
	"3 scores files, $entries scores"

printf '%-4s %7s %7s %7s %8s %9s %9s\n' run wall_s user_s sys_s VmHWM results report
for i in $(seq 1 "$runs"); do
	out=$work/out-$i
	/usr/bin/time -v -o "$work/time-$i" "$bin" report "${bundles[@]}" --scores "$work"/scores/*.json \
		--lang en --out "$out" 2>"$work/err-$i"
	rc=$?
	[ $rc = 0 ] || { echo "report.sh: report exited $rc: $(head -3 "$work/err-$i")" >&2; exit 1; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$i" |
	       awk -F: '{ s = 0; for (k = 1; k <= NF; k++) s = s * 60 + $k; print s }')
	user=$(sed -n 's/.*User time (seconds): //p' "$work/time-$i")
	sys=$(sed -n 's/.*System time (seconds): //p' "$work/time-$i")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$i")
	printf '%-4s %7.2f %7.2f %7.2f %5d MB %6d kB %6d kB\n' "$i" "$wall" "$user" "$sys" \
		$(( (rss + 1023) / 1024 )) $(( $(stat -c %s "$out/results.csv") / 1024 )) \
		$(( $(stat -c %s "$out/report.html") / 1024 ))
done
