#!/usr/bin/env bash
# tests/perf/cage.sh [BUILD_DIR] — the kiosk under cage, through Xwayland and
# natively on Wayland, with bench.sh's measures (docs/PERFORMANCE.md, "Under
# cage"). A measurement, not a test: it never fails on a figure.
#
# Each run starts cage on wlroots' headless backend (pixman renderer, no input
# devices, a private XDG_RUNTIME_DIR) with the kiosk in kiosk mode as its one
# application, then takes:
#   1. first frame: the kiosk's own figure (PRESCREEN_STATS first_frame_ms,
#      process start to the first present)
#   2. PSS (smaps_rollup) of the kiosk, of the Xwayland cage started for it
#      (the Xwayland path's cost is that server's memory too) and of cage,
#      once the attract screen has been up CAGE_SETTLE seconds; and the RSS
#      of kiosk + Xwayland: on this shared machine other processes map the
#      same Mesa and LLVM pages and lower everyone's PSS, while on the
#      appliance only the one that draws maps them (docs/PERFORMANCE.md)
#   3. CPU (schedstat, all threads) of the kiosk, Xwayland and cage over
#      CAGE_CPU_SECONDS on the attract screen, nobody touching it
#
# Paths (CAGE_PATHS, default "x11 wayland"):
#   x11       SDL_VIDEODRIVER=x11 through Xwayland: today's path
#   x11-noglamor  the same with XWAYLAND_NO_GLAMOR=1 in cage's environment:
#             Xwayland then loads no OpenGL (on a machine without a GPU its
#             glamor fails anyway, after loading Mesa's llvmpipe)
#   wayland   SDL_VIDEODRIVER=wayland: SDL's texture framebuffer over EGL,
#             which on a machine without a GPU is Mesa's llvmpipe (OpenGL
#             drawn by the CPU) presenting into wl_shm buffers
#   softpipe  the same with GALLIUM_DRIVER=softpipe (Mesa's other software
#             OpenGL, no LLVM JIT), to see what llvmpipe itself costs
# Knobs: CAGE_RUNS (default 5), CAGE_CPU_SECONDS (20), CAGE_SETTLE (3),
# CAGE_KEEP=1 keeps the work directory (logs, stats, PSS maps).
#
# cage refuses to run as root (it checks that root cannot be regained): as
# root this runs cage and the kiosk as nobody (setpriv).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
runs=${CAGE_RUNS:-5}
cpu_s=${CAGE_CPU_SECONDS:-20}
settle=${CAGE_SETTLE:-3}
paths=${CAGE_PATHS:-x11 wayland}

note() { echo "cage-bench: $*" >&2; }
[ -x "$bin" ] || { note "no binary at $bin"; exit 1; }
command -v cage >/dev/null || { note "no cage (apt-get install cage): nothing to measure"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/prescreen-cage.XXXXXX")
chmod 0755 "$work"
as=()
if [ "$(id -u)" = 0 ]; then
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chown 65534:65534 "$work"
fi
cage_pid=""
cleanup() {
	if [ -n "$cage_pid" ]; then
		kill -TERM "$cage_pid" 2>/dev/null && wait "$cage_pid" 2>/dev/null
	fi
	if [ "${CAGE_KEEP:-0}" = 1 ]; then note "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null; }
rss_kb() { awk '/^Rss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null; }
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d\n", s }'; }
# descendant PARENT NAME: the first process called NAME below PARENT
descendant() {
	local c
	for c in $(pgrep -P "$1"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && { echo "$c"; return 0; }
		descendant "$c" "$2" && return 0
	done
	return 1
}
# xwayland_of RUNTIME_DIR: the Xwayland that cage started (wlroots forks it
# twice, so it is not cage's child): the one with that XDG_RUNTIME_DIR.
xwayland_of() {
	local x
	for x in $(pgrep -x Xwayland); do
		tr '\0' '\n' <"/proc/$x/environ" 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$1" && { echo "$x"; return 0; }
	done
	return 1
}
median() { sort -g | awk 'NF { v[n++] = $1 } END { if (!n) print "n/a"; else if (n % 2) print v[int(n/2)]; else print (v[n/2-1] + v[n/2]) / 2 }'; }
med() { tr ' ' '\n' <<<"$1" | median; }

# one_run PATH RUN: sets ff pk px pc ck cx cc (empty when not measured)
one_run() {
	local path=$1 r=$2 dir=$work/$1.$2
	mkdir -p "$dir/rt" "$dir/data" && chmod 0700 "$dir/rt"
	[ ${#as[@]} -gt 0 ] && chown -R 65534:65534 "$dir"
	local drv=$path extra=()
	case $path in
	x11) ;;
	x11-noglamor) drv=x11; extra=(XWAYLAND_NO_GLAMOR=1) ;;
	wayland) ;;
	softpipe) drv=wayland; extra=(GALLIUM_DRIVER=softpipe) ;;
	*) note "unknown path $path"; return 1 ;;
	esac
	env -i PATH=/usr/bin:/bin HOME="$dir" LANG=C.UTF-8 XDG_RUNTIME_DIR="$dir/rt" \
		WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		SDL_VIDEODRIVER="$drv" PRESCREEN_DATA="$dir/data" PRESCREEN_STATS="$dir/stats" \
		"${extra[@]}" "${as[@]}" cage -- "$bin" kiosk >"$dir/log" 2>&1 &
	cage_pid=$!
	local k="" i
	for i in $(seq 100); do
		k=$(descendant "$cage_pid" prescreen) && break
		kill -0 "$cage_pid" 2>/dev/null || break
		sleep 0.05
	done
	ff=""; pk=""; px=""; pc=""; ck=""; cx=""; cc=""; rk=""; rx=""
	if [ -z "$k" ]; then
		note "$path run $r: no kiosk under cage: $(tail -n 3 "$dir/log")"
		wait "$cage_pid" 2>/dev/null; cage_pid=""
		return 1
	fi
	local c=$cage_pid   # env and setpriv exec cage: the same process
	sleep "$settle"
	local x; x=$(xwayland_of "$dir/rt" || true)
	pk=$(pss_kb "$k"); pc=$(pss_kb "$c"); px=0; rk=$(rss_kb "$k"); rx=0
	[ -n "$x" ] && px=$(pss_kb "$x") && rx=$(rss_kb "$x")
	"$top/tests/perf/pss-map.sh" "$k" 12 >"$dir/pss-kiosk.txt" 2>&1
	[ -n "$x" ] && "$top/tests/perf/pss-map.sh" "$x" 12 >"$dir/pss-xwayland.txt" 2>&1
	local k0 x0=0 c0 k1 x1=0 c1
	k0=$(cpu_ns "$k"); c0=$(cpu_ns "$c"); [ -n "$x" ] && x0=$(cpu_ns "$x")
	sleep "$cpu_s"
	k1=$(cpu_ns "$k"); c1=$(cpu_ns "$c"); [ -n "$x" ] && x1=$(cpu_ns "$x")
	ck=$((k1 - k0)); cc=$((c1 - c0)); cx=$((x1 - x0))
	grep -E 'EGL|dri/|libGL' "/proc/$k/maps" 2>/dev/null | awk '{ print $6 }' | sort -u >"$dir/gl-libs.txt"
	kill -TERM "$k"
	for _ in $(seq 100); do kill -0 "$cage_pid" 2>/dev/null || break; sleep 0.1; done
	kill -TERM "$cage_pid" 2>/dev/null
	wait "$cage_pid" 2>/dev/null; cage_pid=""
	ff=$(awk '$1 == "first_frame_ms" { print $2 }' "$dir/stats" 2>/dev/null)
	if [ -z "$ff" ] || [ "$ff" = "-1.0" ]; then
		note "$path run $r: the kiosk drew no frame: $(grep prescreen "$dir/log" | tail -n 2)"
		ff=""
	fi
	[ -n "$x" ] || { px=""; rx=""; }
	return 0
}

declare -A FF PK PX PC CK CX CC GL RK RX
for p in $paths; do FF[$p]=""; PK[$p]=""; PX[$p]=""; PC[$p]=""; CK[$p]=""; CX[$p]=""; CC[$p]=""; GL[$p]=""; RK[$p]=""; RX[$p]=""; done
# The paths take turns, run by run, so that a change in the machine's load
# falls on both alike.
for r in $(seq "$runs"); do
	for p in $paths; do
		note "run $r/$runs: $p"
		one_run "$p" "$r" || continue
		FF[$p]+=" $ff"; PK[$p]+=" $pk"; PX[$p]+=" ${px:-0}"; PC[$p]+=" $pc"
		CK[$p]+=" $ck"; CX[$p]+=" $cx"; CC[$p]+=" $cc"; RK[$p]+=" $rk"; RX[$p]+=" ${rx:-0}"
		[ -s "$work/$p.$r/gl-libs.txt" ] && GL[$p]="yes ($(xargs -n1 basename <"$work/$p.$r/gl-libs.txt" | xargs))"
		[ -z "$px" ] && [ "${p#x11}" != "$p" ] && note "$p run $r: found no Xwayland under cage"
	done
done

kb2mb() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.1f\n", v / 1024 }'; }
ns2s() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.3f\n", v / 1e9 }'; }
ms() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.0f\n", v }'; }
pairsum() { paste -d' ' <(tr ' ' '\n' <<<"$1" | awk 'NF') <(tr ' ' '\n' <<<"$2" | awk 'NF') | awk '{ printf "%s ", $1 + $2 }'; }
all() { local v out=""; for v in $2; do out+="$("$1" "$v") "; done; echo "$out"; }
row() { printf '%-44s %10s   %s\n' "$@"; }
fig() { row "$1" "$("$2" "$(med "$3")")" "$(all "$2" "$3")"; }

echo
echo "prescreen under cage — $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "cage $(dpkg-query -W -f='${Version}' cage 2>/dev/null), headless backend, pixman; SDL $(dpkg-query -W -f='${Version}' libsdl2-2.0-0 2>/dev/null); Mesa $(dpkg-query -W -f='${Version}' libgl1-mesa-dri 2>/dev/null)"
echo "binary: $bin; $runs runs per path, idle CPU over $cpu_s s on the attract screen"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in $paths; do
	echo
	case $p in
	x11) how="SDL_VIDEODRIVER=x11" ;;
	x11-noglamor) how="SDL_VIDEODRIVER=x11, XWAYLAND_NO_GLAMOR=1" ;;
	wayland) how="SDL_VIDEODRIVER=wayland" ;;
	softpipe) how="SDL_VIDEODRIVER=wayland, GALLIUM_DRIVER=softpipe" ;;
	esac
	echo "== $p ($how)"
	row "figure" "median" "every run"
	fig "first frame (ms)" ms "${FF[$p]}"
	fig "PSS kiosk (MB)" kb2mb "${PK[$p]}"
	fig "PSS Xwayland (MB)" kb2mb "${PX[$p]}"
	fig "PSS kiosk + Xwayland (MB)" kb2mb "$(pairsum "${PK[$p]}" "${PX[$p]}")"
	fig "RSS kiosk + Xwayland (MB)" kb2mb "$(pairsum "${RK[$p]}" "${RX[$p]}")"
	fig "PSS cage (MB)" kb2mb "${PC[$p]}"
	fig "CPU ${cpu_s} s idle: kiosk (s)" ns2s "${CK[$p]}"
	fig "CPU ${cpu_s} s idle: Xwayland (s)" ns2s "${CX[$p]}"
	fig "CPU ${cpu_s} s idle: cage (s)" ns2s "${CC[$p]}"
	row "OpenGL/EGL libraries in the kiosk" "${GL[$p]:-no}" ""
done
last=$work/wayland.$runs/pss-kiosk.txt
if [ -f "$last" ]; then
	echo
	echo "Where the native kiosk's PSS goes (last run, kB):"
	head -n 10 "$last" | sed 's/^/  /'
fi
last=$work/x11.$runs/pss-xwayland.txt
if [ -f "$last" ]; then
	echo
	echo "Where Xwayland's PSS goes (last run, kB):"
	head -n 8 "$last" | sed 's/^/  /'
fi
exit 0
