#!/usr/bin/env bash
# tests/perf/bench.sh [BUILD_DIR] — the kiosk's performance figures at 1920x1080.
#
# Prints a table of measured figures beside the targets of issue 2 (point 11).
# It is a measurement, not a test: it never fails on a figure, and it exits 0
# unless it could not run at all (no binary). Method: docs/PERFORMANCE.md.
#
#   1. process start -> first frame presented, real window under Xvfb
#      (--windowed, and kiosk mode's fullscreen desktop with no window manager)
#   2. per-keystroke redraw p50/p99 typing 2,000 characters: headless (dummy
#      driver, generated script) and in the Xvfb window driven by xdotool
#   3. PSS of the kiosk on the question screen, before and after typing
#   4. CPU seconds (kiosk and Xvfb) over 20 s on the question screen, static
#      and with the countdown running
#   5. autosave commit latency (store_put, SQLite synchronous=FULL)
#   6. key-to-frame latency p50/p99/max: from the X server's time of each key
#      press (xdotool typing) to the frame that shows it, with every fsync as
#      fast as this disk and with every fsync and fdatasync delayed by 30 ms
#      (strace fault injection: a kiosk's SD card or cheap eMMC)
#
# Needs Xvfb, xdotool and python3 for the window figures (packaging/
# debian-packages.txt); without them only the headless figures are printed.
#
# Knobs (environment): BENCH_ROUNDS (window rounds, default 3),
# BENCH_FIRST_FRAME_RUNS (default 10), BENCH_CPU_SECONDS (default 20),
# BENCH_KEEP=1 keeps the work directory (stats files, kiosk logs, exports),
# BENCH_ONLY=keylat runs only the key-to-frame rounds (6), BENCH_KEYLAT_ROUNDS
# (default: BENCH_ROUNDS) how many of each kind, BENCH_NICE=-10 runs Xvfb, the
# kiosk and xdotool at that nice value, BENCH_RT=1 under SCHED_FIFO (chrt -f
# 10) instead: on a shared machine both come closer to a kiosk PC that runs
# nothing else (root only; the kernel still keeps 5 % for everyone else).
# BENCH_SEALED=1 runs every kiosk under events that name a fresh key (SPEC
# §14): each autosave is then the session's JSON sealed before SQLite sees it.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
rounds=${BENCH_ROUNDS:-3}
ff_runs=${BENCH_FIRST_FRAME_RUNS:-10}
cpu_s=${BENCH_CPU_SECONDS:-20}
only=${BENCH_ONLY:-}
keylat_rounds=${BENCH_KEYLAT_ROUNDS:-$rounds}
prio=()
[ -n "${BENCH_NICE:-}" ] && prio=(nice -n "$BENCH_NICE")
[ "${BENCH_RT:-0}" = 1 ] && prio=(chrt -f 10)
size=1920x1080
chars=2000

if [ ! -x "$bin" ]; then
	echo "bench: no binary at $bin (build: cmake -S $top -B $top/build && cmake --build $top/build -j2)" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/prescreen-bench.XXXXXX")
export LANG=C.UTF-8
unset PRESCREEN_DATA PRESCREEN_STATS WAYLAND_DISPLAY
pids=()          # every process this script started and has not reaped
xvfb_pid=""

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -n "$xvfb_pid" ] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { echo "bench: $*" >&2; }
forget_pid() {   # forget_pid PID: drops PID from the list once reaped
	local keep=() p
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	pids=("${keep[@]}")
}

# ---------------------------------------------------------------- small tools

clk_tck=$(getconf CLK_TCK)

# cpu_ticks PID: utime+stime (fields 14 and 15 of /proc/PID/stat), in ticks.
cpu_ticks() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	s=${s##*) }   # the comm field may hold spaces: cut after its ')'
	awk '{ print $12 + $13 }' <<<"$s"
}

# cpu_ns PID: time on CPU of all the process's threads, ns (schedstat: the
# scheduler's own count, not rounded to ticks).
cpu_ns() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d\n", s }'
}

# pss_kb PID: proportional set size from smaps_rollup, kB.
pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null; }

# pss_parts PID: sets p_anon p_file p_shm (kB) — the heap and other private
# memory, mapped files (libraries, fontconfig caches), shared memory (the
# window surface, MIT-SHM, half of it counted to the X server).
pss_parts() {
	read -r p_anon p_file p_shm < <(awk '/^Pss_Anon:/ { a = $2 } /^Pss_File:/ { f = $2 } /^Pss_Shmem:/ { s = $2 }
		END { print a + 0, f + 0, s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null)
}

# stat_field FILE NAME KEY: e.g. stat_field st frame_typing p99_us
stat_field() {
	awk -v n="$2" -v k="$3" '$1 == n { for (i = 2; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' "$1" 2>/dev/null
}
first_frame() { awk '$1 == "first_frame_ms" { print $2 }' "$1" 2>/dev/null; }

# median / min / max of the numbers on stdin (blank lines ignored).
median() { sort -g | awk 'NF { v[n++] = $1 } END { if (!n) print "n/a"; else if (n % 2) print v[int(n/2)]; else print (v[n/2-1] + v[n/2]) / 2 }'; }
minimum() { sort -g | awk 'NF { print; exit }'; }
maximum() { sort -g | awk 'NF { v = $1 } END { print v }'; }
# spread "1 2 3": "min–max, n=3"
spread() {
	local vals; vals=$(tr ' ' '\n' <<<"$1" | awk 'NF')
	[ -n "$vals" ] || { echo "-"; return; }
	echo "$(minimum <<<"$vals")–$(maximum <<<"$vals"), n=$(wc -l <<<"$vals")"
}
us2ms() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.2f\n", v / 1000 }'; }
kb2mb() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.1f\n", v / 1024 }'; }
ticks2s() { awk -v v="$1" -v t="$clk_tck" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.2f\n", v / t }'; }

# ------------------------------------------------------------------ the input

# The event files: the bundled default (240 s countdown) and one without a limit.
event_timed=$top/assets/default-event.json
event_static=$work/event-no-limit.json
python3 - "$event_timed" "$event_static" <<'PY' || sed 's/"answer_time_limit_s": *[0-9]*/"answer_time_limit_s": 0/' "$event_timed" >"$event_static"
import json, sys
e = json.load(open(sys.argv[1]))
e["answer_time_limit_s"] = 0
json.dump(e, open(sys.argv[2], "w"), indent=2)
PY
sealed=${BENCH_SEALED:-0}
if [ "$sealed" = 1 ]; then
	"$bin" keygen --out "$work/keys" >/dev/null 2>&1 || { echo "bench: keygen failed" >&2; exit 1; }
	for e in timed static; do
		src=$event_timed; [ "$e" = static ] && src=$event_static
		python3 - "$src" "$work/event-$e-sealed.json" "$(cat "$work/keys/prescreen.pub")" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e.pop("sealed", None)
e["public_key"] = sys.argv[3]
json.dump(e, open(sys.argv[2], "w"), indent=2)
PY
	done
	event_timed=$work/event-timed-sealed.json
	event_static=$work/event-static-sealed.json
fi

# A 2,000-character answer: plain words a candidate might type, ASCII so that
# xdotool needs no keymap changes; the same text every run.
answer=$work/answer.txt
awk -v n="$chars" 'BEGIN {
	split("the service keeps a queue of requests and a worker pool reads it; when the database is slow we retry with backoff, log the latency, and alert if p99 grows. I also wrote the cache layer, the deploy scripts and most of the tests.", w, " ")
	s = ""; i = 0
	while (length(s) < n) { s = s w[i % length(w) + 1] " "; i++ }
	printf "%s", substr(s, 1, n)
}' >"$answer"

# Headless prefix that walks to the question screen.
to_question='press start
press lang:en
press agree
text Ada\sLovelace
press next'

# controls EVENT SCRIPT_PREFIX: "id cx cy" of each control (its centre) on the
# screen the prefix ends on, from --list-controls at the benchmark's size.
controls() {
	local s=$work/controls.$RANDOM.txt
	printf '%s\n' "$2" >"$s"
	rm -rf "$work/ctl-data"; mkdir -p "$work/ctl-data"
	"$bin" kiosk --headless --size "$size" --data "$work/ctl-data" --event "$1" \
		--script "$s" --list-controls 2>/dev/null |
		awk -F'\t' 'NF == 2 { split($2, a, /[ ,x]/); printf "%s %d %d\n", $1, a[1] + a[3] / 2, a[2] + a[4] / 2 }'
}
# centre CONTROLS ID: "cx cy"
centre() { awk -v id="$2" '$1 == id { print $2, $3; f = 1 } END { exit !f }' <<<"$1"; }

# answer_len DATA_DIR: length in characters of the first answer stored.
answer_len() {
	local out=$work/export.$RANDOM
	mkdir -p "$out"
	"$bin" export --data "$1" --out "$out" >/dev/null 2>&1 || { echo -1; return; }
	python3 - "$out" "$work/keys" <<'PY' 2>/dev/null || echo -1
import base64, ctypes, ctypes.util, json, pathlib, sys
def text(p):
    if not p.name.endswith(".sealed"):
        return p.read_text()
    keys = pathlib.Path(sys.argv[2])
    so = ctypes.CDLL(ctypes.util.find_library("sodium"))
    so.sodium_init()
    pk = base64.b64decode((keys / "prescreen.pub").read_text().strip())
    sk = base64.b64decode((keys / "prescreen.key").read_text().split()[-1])
    box = p.read_bytes()
    out = ctypes.create_string_buffer(len(box) - 48)
    assert so.crypto_box_seal_open(out, box, ctypes.c_ulonglong(len(box)), pk, sk) == 0
    return out.raw.decode("utf-8")
best = -1
for p in pathlib.Path(sys.argv[1]).glob("*/sessions/*.json*"):
    s = json.loads(text(p))
    for a in s.get("answers", [])[:1]:
        best = max(best, len(a.get("answer", "")))
print(best)
PY
}

# ------------------------------------------------------------ headless (2a)

note "headless: typing $chars characters (dummy driver, virtual clock)"
h_script=$work/headless-typing.txt
{
	printf '%s\n' "$to_question"
	echo "expect-screen question"
	# one keystroke per line, 60 ms of virtual time between keystrokes (autosaves
	# fall due every 500 ms as they would for a real typist)
	awk '{ n = split($0, c, ""); for (i = 1; i <= n; i++) { ch = c[i]; if (ch == " ") ch = "\\s"; print "text " ch; print "wait 60ms" } }' "$answer"
	echo "expect-screen question"
} >"$h_script"
h_stats=$work/headless.stats
rm -rf "$work/headless-data"; mkdir -p "$work/headless-data"
if PRESCREEN_STATS=$h_stats "$bin" kiosk --headless --size "$size" --data "$work/headless-data" \
	--event "$event_timed" --script "$h_script" >"$work/headless.log" 2>&1; then
	h_len=$(answer_len "$work/headless-data")
	[ "$h_len" = "$chars" ] || note "headless: stored answer has $h_len characters, not $chars"
else
	note "headless run failed:"; sed 's/^/  /' "$work/headless.log" >&2
fi

# -------------------------------------------------------------- Xvfb window

have_x=1
for t in Xvfb xdotool python3; do
	command -v "$t" >/dev/null || { note "no $t: skipping the window figures"; have_x=0; }
done

# Figures gathered per run, space-separated.
ff=""; ff_kiosk=""; w_p50=""; w_p99=""; w_count=""; pss_q=""; pss_t=""
cpu_static_k=""; cpu_static_x=""; cpu_timed_k=""; cpu_timed_x=""
ns_static_k=""; ns_static_x=""; ns_timed_k=""; ns_timed_x=""
pss_q_anon=""; pss_q_file=""; pss_q_shm=""; pss_t_anon=""
pss_shared=""; pss_shared_t=""   # rounds where another prescreen shared the libraries
c_p50=""; c_p99=""; c_count=""; ct_p50=""; ct_p99=""
warnings=()

start_x() {
	local fdfile=$work/displayfd
	: >"$fdfile"
	# -displayfd: the server picks a free display number and writes it when ready.
	"${prio[@]}" Xvfb -displayfd 3 -nolisten tcp -screen 0 "${size}x24" 3>"$fdfile" >"$work/xvfb.log" 2>&1 &
	xvfb_pid=$!
	local i
	for i in $(seq 100); do
		[ -s "$fdfile" ] && break
		kill -0 "$xvfb_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -s "$fdfile" ] || { note "Xvfb did not start:"; sed 's/^/  /' "$work/xvfb.log" >&2; return 1; }
	DISPLAY=":$(tr -d '[:space:]' <"$fdfile")"
	export DISPLAY
	export SDL_VIDEODRIVER=x11
}

# kiosk_start EVENT DATA STATS [kiosk]: starts a kiosk, --windowed at the
# screen's size unless "kiosk" (fullscreen desktop) is asked; sets $kpid.
kiosk_start() {
	local mode=--windowed
	[ "${4:-}" = kiosk ] && mode=""
	rm -rf "$2"; mkdir -p "$2"
	# shellcheck disable=SC2086
	PRESCREEN_STATS=$3 "${prio[@]}" "$bin" kiosk $mode --size "$size" --event "$1" --data "$2" \
		>>"$work/kiosk.log" 2>&1 &
	kpid=$!
	pids+=("$kpid")
	tracer=""
}
# kiosk_start_slow EVENT DATA STATS: the same kiosk under strace, which delays
# the return of every fsync and fdatasync by 30 ms (delay_exit is in µs). Only
# those two calls stop the process (--seccomp-bpf), nothing else is traced.
# Sets $kpid to the kiosk (not strace) and $tracer to strace.
kiosk_start_slow() {
	rm -rf "$2"; mkdir -p "$2"
	PRESCREEN_STATS=$3 "${prio[@]}" strace -f --seccomp-bpf -qq -o /dev/null -e trace=fsync,fdatasync \
		-e inject=fsync,fdatasync:delay_exit=30000 \
		"$bin" kiosk --windowed --size "$size" --event "$1" --data "$2" >>"$work/kiosk.log" 2>&1 &
	tracer=$!
	pids+=("$tracer")
	kpid=""
	local i
	for i in $(seq 100); do
		kpid=$(pgrep -P "$tracer" -x prescreen) && break
		sleep 0.05
	done
}
kiosk_stop() {   # SIGTERM: the kiosk saves, writes its stats and exits
	kill -TERM "$1" 2>/dev/null
	if [ -n "${tracer:-}" ]; then
		wait "$tracer" 2>/dev/null
		forget_pid "$tracer"
		tracer=""
	else
		wait "$1" 2>/dev/null
		forget_pid "$1"
	fi
}
wait_window() {   # wait_window PID: until the kiosk has mapped its window
	local i
	for i in $(seq 100); do
		xdotool search --onlyvisible --pid "$1" >/dev/null 2>&1 && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
click() {   # click "X Y"
	# shellcheck disable=SC2086
	xdotool mousemove --sync $1 click 1
	sleep 0.4
}

# measure_cpu: CPU of the kiosk ($kpid) and of Xvfb over $cpu_s seconds in
# which this script does nothing else; sets dk dx (ticks) and nk nx (ns).
measure_cpu() {
	local k0 x0 k1 x1 nk0 nx0 nk1 nx1
	k0=$(cpu_ticks "$kpid"); x0=$(cpu_ticks "$xvfb_pid")
	nk0=$(cpu_ns "$kpid"); nx0=$(cpu_ns "$xvfb_pid")
	sleep "$cpu_s"
	k1=$(cpu_ticks "$kpid"); x1=$(cpu_ticks "$xvfb_pid")
	nk1=$(cpu_ns "$kpid"); nx1=$(cpu_ns "$xvfb_pid")
	dk=$((k1 - k0)); dx=$((x1 - x0)); nk=$((nk1 - nk0)); nx=$((nx1 - nx0))
}

# walk_to_question: taps through attract, language, consent and identity with
# the real pointer, at the coordinates the headless run listed.
walk_to_question() {
	click "$ctl_start"
	click "$ctl_lang"
	click "$ctl_agree"
	click "$ctl_name"
	xdotool type --delay 20 "Ada Lovelace"
	sleep 0.3
	click "$ctl_next_id"
	click "$ctl_answer"   # the answer box has the caret already; a tap keeps it there
	sleep 2               # let the last frame and any autosave settle
}

if [ "$have_x" = 1 ] && start_x; then
	note "Xvfb on $DISPLAY"
	# Coordinates: the real window at the same size has the same layout.
	c_attract=$(controls "$event_timed" "")
	c_lang=$(controls "$event_timed" "press start")
	c_consent=$(controls "$event_timed" $'press start\npress lang:en')
	c_ident=$(controls "$event_timed" $'press start\npress lang:en\npress agree')
	c_q=$(controls "$event_timed" "$to_question")
	ctl_start=$(centre "$c_attract" start) && ctl_lang=$(centre "$c_lang" lang:en) &&
	ctl_agree=$(centre "$c_consent" agree) && ctl_name=$(centre "$c_ident" field:name) &&
	ctl_next_id=$(centre "$c_ident" next) && ctl_answer=$(centre "$c_q" answer)
	if [ -z "${ctl_answer:-}" ]; then
		note "could not read the controls' coordinates (--list-controls); skipping the window figures"
		have_x=0
	fi
	c_q_static=$(controls "$event_static" "$to_question")
	[ "$(centre "$c_q_static" answer)" = "$ctl_answer" ] || note "the question screen's layout differs without a time limit"
else
	have_x=0
fi

# (6) Key-to-frame: the same typing as the countdown rounds, at 100
# characters a second (an autosave every 500 ms falls inside the typing), once
# on this disk and once with every fsync 30 ms slow.
keylat_round() {   # keylat_round plain|slow ROUND
	local st=$work/keylat-$1.$2.stats
	if [ "$1" = slow ]; then
		kiosk_start_slow "$event_timed" "$work/keylat-data" "$st"
	else
		kiosk_start "$event_timed" "$work/keylat-data" "$st"
	fi
	if [ -z "$kpid" ] || ! wait_window "$kpid"; then
		warnings+=("key-to-frame $1 round $2: no window"); kiosk_stop "$kpid"; return
	fi
	sleep 0.5
	walk_to_question
	"${prio[@]}" xdotool type --delay 10 --file "$answer"
	sleep 2
	kiosk_stop "$kpid"
	local len; len=$(answer_len "$work/keylat-data")
	[ "$len" = "$chars" ] || warnings+=("key-to-frame $1 round $2: stored $len of $chars typed characters")
	local p50 p99 max cp50 n
	p50=$(stat_field "$st" key_to_frame p50_us); p99=$(stat_field "$st" key_to_frame p99_us)
	max=$(stat_field "$st" key_to_frame max_us); n=$(stat_field "$st" key_to_frame count)
	cp50=$(stat_field "$st" commit p50_us)
	[ -n "$p50" ] || { warnings+=("key-to-frame $1 round $2: the kiosk wrote no key_to_frame figure"); return; }
	eval "kl_${1}_p50+=\" \$p50\"; kl_${1}_p99+=\" \$p99\"; kl_${1}_max+=\" \$max\"; kl_${1}_n+=\" \$n\"; kl_${1}_commit+=\" \$cp50\""
}
kl_plain_p50=""; kl_plain_p99=""; kl_plain_max=""; kl_plain_n=""; kl_plain_commit=""
kl_slow_p50=""; kl_slow_p99=""; kl_slow_max=""; kl_slow_n=""; kl_slow_commit=""
if [ "$have_x" = 1 ]; then
	for r in $(seq "$keylat_rounds"); do
		note "key-to-frame round $r/$keylat_rounds: typing $chars characters, fsync as it is, then 30 ms slow"
		keylat_round plain "$r"
		if command -v strace >/dev/null; then keylat_round slow "$r"
		else warnings+=("no strace: no key-to-frame figures with a slow fsync"); fi
	done
fi

if [ "$have_x" = 1 ] && [ "$only" != keylat ]; then
	# (1) First frame: fresh data directory, start, wait, SIGTERM, read the stats.
	# Both ways the kiosk opens: --windowed at the screen's size, and kiosk mode
	# (SDL_WINDOW_FULLSCREEN_DESKTOP) on a server with no window manager.
	note "window: first frame, $ff_runs runs each windowed and in kiosk mode"
	for i in $(seq "$ff_runs"); do
		for mode in windowed kiosk; do
			st=$work/ff-$mode.$i.stats
			kiosk_start "$event_timed" "$work/ff-data" "$st" "$mode"
			sleep 1.5   # no polling meanwhile: the runs are short and the box has 2 cores
			kiosk_stop "$kpid"
			v=$(first_frame "$st")
			if [ -z "$v" ] || [ "$v" = "-1.0" ]; then
				warnings+=("first-frame run $i ($mode) drew no frame")
			elif [ "$mode" = windowed ]; then ff+=" $v"
			else ff_kiosk+=" $v"; fi
		done
	done

	for r in $(seq "$rounds"); do
		# Round part A: the default event (countdown running).
		note "window round $r/$rounds: countdown event — ${cpu_s} s CPU, then typing $chars characters"
		st=$work/timed.$r.stats
		kiosk_start "$event_timed" "$work/timed-data" "$st"
		if ! wait_window "$kpid"; then warnings+=("round $r: no window"); kiosk_stop "$kpid"; continue; fi
		sleep 0.5
		walk_to_question
		# Another prescreen (someone's tests) shares the library pages and
		# lowers PSS: such a round's PSS is kept apart (see the report).
		others=$(pgrep -x prescreen | grep -vcx "$kpid")
		v=$(pss_kb "$kpid")
		pss_parts "$kpid"
		if [ "$others" -eq 0 ]; then
			pss_q+=" $v"; pss_q_anon+=" $p_anon"; pss_q_file+=" $p_file"; pss_q_shm+=" $p_shm"
		else
			pss_shared+=" $v"
			warnings+=("round $r: $others other prescreen process(es) ran beside the measured kiosk, sharing its library pages: PSS $(kb2mb "$v") MB, left out of the PSS rows")
		fi
		"$top/tests/perf/pss-map.sh" "$kpid" 15 >"$work/pss-question.$r.txt" 2>&1
		measure_cpu
		cpu_timed_k+=" $dk"; cpu_timed_x+=" $dx"; ns_timed_k+=" $nk"; ns_timed_x+=" $nx"
		xdotool type --delay 5 --file "$answer"
		sleep 2
		v=$(pss_kb "$kpid")
		pss_parts "$kpid"
		if [ "$others" -eq 0 ] && [ "$(pgrep -x prescreen | grep -vcx "$kpid")" -eq 0 ]; then
			pss_t+=" $v"; pss_t_anon+=" $p_anon"
		else
			pss_shared_t+=" $v"
			warnings+=("round $r: another prescreen ran beside the measured kiosk after typing: PSS $(kb2mb "$v") MB, left out of the PSS rows")
		fi
		"$top/tests/perf/pss-map.sh" "$kpid" 15 >"$work/pss-typed.$r.txt" 2>&1
		kiosk_stop "$kpid"
		len=$(answer_len "$work/timed-data")
		[ "$len" = "$chars" ] || warnings+=("round $r: the window stored $len of $chars typed characters")
		w_p50+=" $(stat_field "$st" frame_typing p50_us)"
		w_p99+=" $(stat_field "$st" frame_typing p99_us)"
		w_count+=" $(stat_field "$st" frame_typing count)"
		ct_p50+=" $(stat_field "$st" commit p50_us)"
		ct_p99+=" $(stat_field "$st" commit p99_us)"

		# Round part B: no time limit — nothing on screen changes.
		note "window round $r/$rounds: no time limit — ${cpu_s} s CPU, then typing in bursts"
		st=$work/static.$r.stats
		kiosk_start "$event_static" "$work/static-data" "$st"
		if ! wait_window "$kpid"; then warnings+=("round $r: no window"); kiosk_stop "$kpid"; continue; fi
		sleep 0.5
		walk_to_question
		measure_cpu
		cpu_static_k+=" $dk"; cpu_static_x+=" $dx"; ns_static_k+=" $nk"; ns_static_x+=" $nx"
		# (5) Autosave: 12 bursts of 25 characters, 1.2 s apart (each burst's
		# text reaches the disk 500 ms after its first keystroke).
		for b in $(seq 12); do
			xdotool type --delay 40 "$(cut -c$(((b - 1) * 25 + 1))-$((b * 25)) "$answer")"
			sleep 1.2
		done
		kiosk_stop "$kpid"
		len=$(answer_len "$work/static-data")
		[ "$len" = 300 ] || warnings+=("round $r: the burst run stored $len of 300 typed characters")
		c_p50+=" $(stat_field "$st" commit p50_us)"
		c_p99+=" $(stat_field "$st" commit p99_us)"
		c_count+=" $(stat_field "$st" commit count)"
	done
fi

# ------------------------------------------------------------------- report

med() { tr ' ' '\n' <<<"$1" | median; }
round() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.0f\n", v }'; }
ns2s() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.3f\n", v / 1e9 }'; }
# conv FUNC "v1 v2 ...": applies a unit conversion to each value
conv() { local v; for v in $2; do "$1" "$v"; done | xargs; }
# pairsum "a1 a2" "b1 b2": "a1+b1 a2+b2"
pairsum() { paste -d' ' <(tr ' ' '\n' <<<"$1" | awk 'NF') <(tr ' ' '\n' <<<"$2" | awk 'NF') | awk '{ printf "%s ", $1 + $2 }'; }
row() { printf '%-50s %10s %10s   %-44s %s\n' "$@"; }
# figure LABEL FUNC VALUES TARGET: median, min and every run's value
figure() {
	local vals; vals=$(conv "$2" "$3")
	if [ -z "$vals" ]; then row "$1" "n/a" "" "" "$4"; return; fi
	local m; m=$("$2" "$(med "$3")")
	row "$1" "$m" "$(tr ' ' '\n' <<<"$vals" | minimum)" "$(cut -c1-44 <<<"$vals")" "$4"
}
hs() { stat_field "$h_stats" "$1" "$2"; }

echo
echo "prescreen benchmark — $(date +%Y-%m-%d) — $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) — $size"
echo "binary: $bin"
[ ${#prio[@]} -gt 0 ] && echo "Xvfb, kiosk and xdotool run as: ${prio[*]}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$sealed" = 1 ] && echo "sealed: every event names a fresh key (BENCH_SEALED=1); every autosave is sealed"
echo
row "figure" "median" "min" "runs" "target"
row "------" "------" "---" "----" "------"
if [ "$have_x" = 1 ]; then
	figure "first frame, Xvfb, --windowed (ms)" round "$ff" "<= 150"
	figure "first frame, Xvfb, kiosk mode, no WM (ms)" round "$ff_kiosk" "<= 150"
fi
row "keystroke redraw p50, headless (ms)" "$(us2ms "$(hs frame_typing p50_us)")" "" "$(hs frame_typing count) frames, 1 run" ""
row "keystroke redraw p99, headless (ms)" "$(us2ms "$(hs frame_typing p99_us)")" "" "max $(us2ms "$(hs frame_typing max_us)")" "<= 4"
if [ "$have_x" = 1 ]; then
	figure "keystroke redraw p50, Xvfb window (ms)" us2ms "$w_p50" ""
	figure "keystroke redraw p99, Xvfb window (ms)" us2ms "$w_p99" "<= 4"
	figure "  frames drawn after typing, per run" echo "$w_count" ""
	if [ -z "$pss_q" ] && [ -n "$pss_shared" ]; then
		# Every round had company: show those figures rather than none.
		pss_q=$pss_shared; pss_t=$pss_shared_t
		warnings+=("every round ran beside another prescreen: the PSS rows read low")
	fi
	figure "PSS, question screen (MB)" kb2mb "$pss_q" "<= 30"
	figure "  of which anonymous (heap) (MB)" kb2mb "$pss_q_anon" ""
	figure "  of which files (libraries, caches) (MB)" kb2mb "$pss_q_file" ""
	figure "  of which shared memory (window surface) (MB)" kb2mb "$pss_q_shm" ""
	figure "PSS, after typing $chars characters (MB)" kb2mb "$pss_t" "<= 30"
	figure "  of which anonymous (heap) (MB)" kb2mb "$pss_t_anon" ""
	figure "CPU ${cpu_s} s static: kiosk (s)" ticks2s "$cpu_static_k" "0.00"
	figure "CPU ${cpu_s} s static: Xvfb (s)" ticks2s "$cpu_static_x" ""
	figure "CPU ${cpu_s} s countdown: kiosk (s)" ticks2s "$cpu_timed_k" ""
	figure "CPU ${cpu_s} s countdown: Xvfb (s)" ticks2s "$cpu_timed_x" ""
	figure "CPU ${cpu_s} s countdown: kiosk + Xvfb (s)" ticks2s "$(pairsum "$cpu_timed_k" "$cpu_timed_x")" "<= 0.10"
	figure "  same, schedstat: static kiosk (s)" ns2s "$ns_static_k" ""
	figure "  same, schedstat: static Xvfb (s)" ns2s "$ns_static_x" ""
	figure "  same, schedstat: countdown kiosk (s)" ns2s "$ns_timed_k" ""
	figure "  same, schedstat: countdown Xvfb (s)" ns2s "$ns_timed_x" ""
	figure "autosave commit p50, typing in bursts (ms)" us2ms "$c_p50" ""
	figure "autosave commit p99, typing in bursts (ms)" us2ms "$c_p99" ""
	figure "  commits per run" echo "$c_count" ""
	figure "autosave commit p50, continuous typing (ms)" us2ms "$ct_p50" ""
	figure "autosave commit p99, continuous typing (ms)" us2ms "$ct_p99" ""
	figure "key to frame p50, Xvfb (ms)" us2ms "$kl_plain_p50" ""
	figure "key to frame p99, Xvfb (ms)" us2ms "$kl_plain_p99" "<= 4"
	figure "key to frame max, Xvfb (ms)" us2ms "$kl_plain_max" ""
	figure "  keys measured, per run" echo "$kl_plain_n" ""
	figure "  autosave commit p50 meanwhile (ms)" us2ms "$kl_plain_commit" ""
	figure "key to frame p50, every fsync +30 ms (ms)" us2ms "$kl_slow_p50" ""
	figure "key to frame p99, every fsync +30 ms (ms)" us2ms "$kl_slow_p99" "<= 8"
	figure "key to frame max, every fsync +30 ms (ms)" us2ms "$kl_slow_max" ""
	figure "  keys measured, per run" echo "$kl_slow_n" ""
	figure "  autosave commit p50 meanwhile (ms)" us2ms "$kl_slow_commit" ""
fi
row "autosave commit p50, headless (ms)" "$(us2ms "$(hs commit p50_us)")" "" "$(hs commit count) commits, 1 run" ""
row "autosave commit p99, headless (ms)" "$(us2ms "$(hs commit p99_us)")" "" "" ""
echo
echo "CPU: utime+stime from /proc/PID/stat, ticks of 1/$clk_tck s; 'schedstat' rows: /proc/PID/task/*/schedstat, ns."
echo "First frame: the kiosk's own figure, /proc starttime (1/$clk_tck s ticks, floored) to the first present."
echo "Key to frame: X server time of the KeyPress (whole ms, so up to 1 ms high) to the return of the first"
echo "  SDL_UpdateWindowSurfaceRects (ends in XSync) after it; the earliest press waiting counts for a frame."
if [ "$have_x" = 1 ] && [ -f "$work/pss-question.$rounds.txt" ]; then
	echo
	echo "Where the PSS goes (last round), question screen / after typing:"
	paste "$work/pss-question.$rounds.txt" "$work/pss-typed.$rounds.txt" 2>/dev/null | head -9 |
		awk -F'\t' '{ printf "  %-70s | %s\n", substr($1, 1, 70), substr($2, 1, 70) }'
fi
for w in "${warnings[@]}"; do echo "note: $w"; done
exit 0
