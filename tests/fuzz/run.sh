#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [HARNESS...] — builds the libFuzzer harnesses (clang,
# build-fuzz/, if needed) and runs each for SECONDS over a copy of its corpus,
# nice'd, up to JOBS (default: nproc) at a time; new inputs stay in
# build-fuzz/fuzz-work/<name>/corpus (merge them into tests/fuzz/corpus/<name>
# with -merge=1 when worth keeping). Prints per harness: executions, exec/s,
# cov and ft of libFuzzer's last line, corpus size, crashes (saved to
# build-fuzz/fuzz-work/<name>/). SECONDS=0 replays each corpus once (CI).
# Exits 1 when any harness crashed, leaked or failed to run.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:?usage: tests/fuzz/run.sh SECONDS [HARNESS...]}
shift
build=${FUZZ_BUILD:-$top/build-fuzz}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
nice=${NICE:-10}

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for f in "$top"/tests/fuzz/fuzz_*.c; do
		n=$(basename "$f" .c)
		names+=("${n#fuzz_}")
	done
fi

cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DPRESCREEN_FUZZ=ON -DPRESCREEN_TESTS=OFF >/dev/null || exit 1
nice -n "$nice" cmake --build "$build" -j"$jobs" --target fuzzers >/dev/null || {
	echo "run.sh: the harnesses do not build" >&2
	exit 1
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
	local name=$1 work=$build/fuzz-work/$1 args
	rm -rf "$work"
	mkdir -p "$work/corpus"
	cp "$top/tests/fuzz/corpus/$name"/* "$work/corpus/"
	args=(-artifact_prefix="$work/" -dict="$top/tests/fuzz/dict/$name.dict"
		-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
	# libgettextpo leaks on every read (fuzz_po.c): a leak check after each
	# input would be most of the time. LSan still checks the whole run at exit.
	case $name in po | pack_check) args+=(-detect_leaks=0) ;; esac
	if [ "$secs" -eq 0 ]; then
		args+=(-runs=0)
	else
		args+=(-max_total_time="$secs")
	fi
	(cd "$work" && nice -n "$nice" "$build/tests/fuzz/fuzz_$name" "${args[@]}" \
		"$work/corpus" >"$work/log" 2>&1)
	echo $? >"$work/rc"
}

# A harness whose parser is not in this tree (fuzz_pack_check before pack
# check lands) is not built: skipped when not asked for by name.
built=()
for name in "${names[@]}"; do
	if [ -x "$build/tests/fuzz/fuzz_$name" ]; then
		built+=("$name")
	elif [ $# -gt 0 ]; then
		echo "run.sh: no harness fuzz_$name" >&2
		exit 1
	else
		echo "run.sh: fuzz_$name is not built here (its parser is missing): skipped" >&2
	fi
done
names=("${built[@]}")

running=0
for name in "${names[@]}"; do
	run_one "$name" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

status=0
printf '%-12s %12s %8s %6s %7s %8s %8s  %s\n' harness executions exec/s cov ft corpus bytes crashes
for name in "${names[@]}"; do
	work=$build/fuzz-work/$name
	log=$work/log
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	files=$(find "$work/corpus" -type f | wc -l)
	bytes=$(du -sb "$work/corpus" | cut -f1)
	crashes=$(find "$work" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
	rc=$(cat "$work/rc" 2>/dev/null || echo 1)
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes="failed (exit $rc)"
	fi
	printf '%-12s %12s %8s %6s %7s %8s %8s  %s\n' "$name" "${execs:-?}" "${rate:-?}" \
		"${cov:-?}" "${ft:-?}" "$files" "$bytes" "$crashes"
	if [ "$rc" -ne 0 ]; then
		status=1
		grep -m1 -E 'ERROR|SUMMARY|disagree|differ|accepted|does not parse|changed' "$log" |
			sed "s|^|  $name: |"
		echo "  $name: see $log"
	fi
done
exit $status
