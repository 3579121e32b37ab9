#!/usr/bin/env bash
# tests/perf/export.sh [BUILD_DIR] — the export's figures for 2,000 and
# 10,000 sessions (issue 6, point 10).
#
# For each count, the sessions are made by tests/tools/gen_sessions through
# the real store (on a tmpfs, to be quick), then `prescreen export` writes the
# bundle to local disk, once as it is and once with every fsync, fdatasync
# and syncfs delayed by 30 ms (strace's fault injection), as on an SD card.
# Printed per run: wall seconds, CPU seconds (user, system), the number of
# fsync-family calls (strace -c), peak resident memory (/usr/bin/time -v) and
# the bundle's size. The same runs go to a tmpfs too, which separates the
# program's own cost from the disk filesystem's (file creation dominates the
# system time on ext4). Targets: 10,000 sessions in 2 s to local disk, 3 s with
# the 30 ms fsync, 40 MB resident whatever the count.
#
# A measurement, not a test: it never fails on a figure. Wall time counts
# the machine's other load; CPU seconds do not. The database is read from
# the page cache (warm), the bundle's flush to disk is inside the time.
#
# Knobs: EXPORT_COUNTS (default "2000 10000"), EXPORT_DELAY_US (30000),
# BENCH_KEEP=1 keeps the work directory.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
gen=$build/tests/gen_sessions
counts=${EXPORT_COUNTS:-2000 10000}
delay=${EXPORT_DELAY_US:-30000}

for tool in "$bin" "$gen"; do
	if [ ! -x "$tool" ]; then
		echo "export.sh: no $tool (build: cmake -S $top -B $build && cmake --build $build -j2)" >&2
		exit 1
	fi
done
for tool in strace /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "export.sh: needs $tool" >&2; exit 1; }
done

gen_root=$(mktemp -d "/dev/shm/prescreen-export-gen.XXXXXX" 2>/dev/null ||
           mktemp -d "${TMPDIR:-/tmp}/prescreen-export-gen.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/var/tmp}/prescreen-export-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'rm -rf "$gen_root"; echo "kept $work"' EXIT
else
	trap 'rm -rf "$gen_root" "$work"' EXIT
fi
export LANG=C.UTF-8

# One export: prints "wall user sys fsyncs rss_kb bundle_kb".
run_export() {
	local data=$1 out=$2 inject=$3 strace_args
	strace_args=(-f --seccomp-bpf -c -o "$out.strace"
	             -e trace=fsync,fdatasync,syncfs,sync,sync_file_range,msync)
	[ "$inject" = 0 ] || strace_args+=(-e "inject=fsync,fdatasync,syncfs:delay_exit=$inject")
	mkdir -p "$out"
	/usr/bin/time -v -o "$out.time" strace "${strace_args[@]}" \
		"$bin" export --data "$data" --out "$out" >"$out.path" 2>"$out.err" || {
		echo "export.sh: export failed: $(cat "$out.err")" >&2
		return 1
	}
	local wall user sys rss fsyncs kb
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out.time" |
	       awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	user=$(sed -n 's/.*User time (seconds): //p' "$out.time")
	sys=$(sed -n 's/.*System time (seconds): //p' "$out.time")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.time")
	# strace -c: "% time, seconds, usecs/call, calls, [errors,] syscall".
	fsyncs=$(awk '$NF ~ /^(fsync|fdatasync|syncfs|sync|sync_file_range|msync)$/ { n += $4 } END { print n + 0 }' "$out.strace")
	kb=$(du -sk "$(cat "$out.path")" | cut -f1)
	printf '%s %s %s %s %s %s\n' "$wall" "$user" "$sys" "$fsyncs" "$rss" "$kb"
}

tmpfs=$(mktemp -d "/dev/shm/prescreen-export-out.XXXXXX" 2>/dev/null || true)
[ -n "$tmpfs" ] && trap 'rm -rf "$gen_root" "$tmpfs"; [ "${BENCH_KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT

printf '%-9s %-6s %-7s %7s %7s %7s %7s %8s %8s\n' sessions target fsync wall_s user_s sys_s fsyncs max_rss bundle
for n in $counts; do
	data="$gen_root/data-$n"
	"$gen" "$data" "$n" 2>"$work/gen-$n.err" || { cat "$work/gen-$n.err" >&2; exit 1; }
	cp -r "$data" "$work/data-$n"       # the store on local disk, like a kiosk's
	rm -rf "$data"
	for target in disk tmpfs; do
		[ "$target" = disk ] && dest=$work || dest=$tmpfs
		[ -n "$dest" ] || continue
		for inject in 0 "$delay"; do
			label=none
			[ "$inject" = 0 ] || label="+$((inject / 1000))ms"
			out="$dest/out-$n-$inject"
			read -r wall user sys fsyncs rss kb < <(run_export "$work/data-$n" "$out" "$inject") || exit 1
			printf '%-9s %-6s %-7s %7.2f %7.2f %7.2f %7s %5d MB %5d MB\n' "$n" "$target" "$label" \
				"$wall" "$user" "$sys" "$fsyncs" $(( (rss + 1023) / 1024 )) $(( (kb + 1023) / 1024 ))
			python3 "$top/tests/e2e/check_export.py" "$(cat "$out.path")" >/dev/null ||
				echo "export.sh: the $n-session bundle does not check out" >&2
		done
	done
done
