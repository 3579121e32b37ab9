# Helpers for the tests that drive a real kiosk window (kiosk mode, not
# --windowed) on a real X server: Xvfb, optionally the openbox window manager,
# and xdotool for the keyboard and pointer. Sourced after lib.sh.
#
# A test skips (exit 0 with a message) only when Xvfb itself cannot start;
# a missing openbox or xdotool is a failure: they are test dependencies.
X_SIZE=${X_SIZE:-1280x720}
x_pids=()

x_cleanup() {
	local p
	for p in "${x_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || continue
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap x_cleanup EXIT

# A home of its own: IBus and dbus files of the machine's user stay out.
export HOME="$WORK/home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME WAYLAND_DISPLAY SDL_VIDEODRIVER XMODIFIERS GTK_IM_MODULE
export SDL_VIDEODRIVER=x11

# x_start: starts Xvfb on a free display and exports DISPLAY.
x_start() {
	command -v Xvfb >/dev/null || { echo "SKIP: no Xvfb"; exit 0; }
	command -v xdotool >/dev/null || fail "xdotool is needed (apt-get install xdotool)"
	local fdfile=$WORK/displayfd
	: >"$fdfile"
	Xvfb -displayfd 3 -nolisten tcp -screen 0 "${X_SIZE}x24" 3>"$fdfile" >"$WORK/xvfb.log" 2>&1 &
	xvfb_pid=$!
	x_pids+=("$xvfb_pid")
	local i
	for i in $(seq 100); do
		[ -s "$fdfile" ] && break
		kill -0 "$xvfb_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$fdfile" ]; then
		echo "SKIP: Xvfb did not start:"; sed 's/^/  /' "$WORK/xvfb.log"
		exit 0
	fi
	DISPLAY=":$(tr -d '[:space:]' <"$fdfile")"
	export DISPLAY
	for i in $(seq 50); do
		xprop -root >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "Xvfb on $DISPLAY accepts no client"
}

# x_wm: starts openbox and waits until it manages the screen.
x_wm() {
	command -v openbox >/dev/null || fail "openbox is needed (apt-get install openbox)"
	local i try
	# On a loaded machine openbox sometimes fails to connect at once: retried.
	for try in 1 2 3; do
		openbox --sm-disable >"$WORK/openbox.log" 2>&1 &
		wm_pid=$!
		x_pids+=("$wm_pid")
		for i in $(seq 100); do
			xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && return 0
			kill -0 "$wm_pid" 2>/dev/null || break
			sleep 0.1
		done
		sleep 1
	done
	fail "openbox did not start: $(cat "$WORK/openbox.log")"
}

# kx_start [ARGS...]: a kiosk in kiosk mode on $DISPLAY; sets $kpid and $kwin.
kx_start() {
	local try
	# On a loaded machine Xlib's first connection is now and then refused
	# ("x11 not available"); a service manager would start the kiosk again too.
	for try in 1 2 3; do
		"$PRESCREEN" kiosk "$@" >>"$WORK/kiosk.log" 2>&1 &
		kpid=$!
		x_pids+=("$kpid")
		kx_window && return 0
		if kill -0 "$kpid" 2>/dev/null; then
			echo "kiosk $kpid is running but mapped no window:" >&2
			kx_dump
			break
		fi
		grep -q "cannot start the display" "$WORK/kiosk.log" || break
		echo "  (the kiosk could not connect to $DISPLAY, try $try; starting it again)"
		sleep 1
	done
	fail "the kiosk mapped no window: $(cat "$WORK/kiosk.log")$(kill -0 "$xvfb_pid" 2>/dev/null || echo " (Xvfb on $DISPLAY had died: $(tail -n 3 "$WORK/xvfb.log"))")"
}

# kx_window: waits for the kiosk's mapped window; sets $kwin.
kx_window() {
	local i
	kwin=""
	for i in $(seq 600); do
		kwin=$(xdotool search --onlyvisible --pid "$kpid" 2>/dev/null | head -n 1)
		[ -n "$kwin" ] && return 0
		kill -0 "$kpid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# kx_stop: SIGTERM, waits, sets $kstatus.
kx_stop() {
	kill -TERM "$kpid" 2>/dev/null
	kx_wait_exit
}

# kx_dump: where each of the kiosk's threads waits, gdb's backtraces and the
# log's tail, to stderr: what a hang looked like.
kx_dump() {
	local t
	for t in /proc/"$kpid"/task/*; do
		echo "  thread ${t##*/}: $(awk '{ print $3 }' "$t/stat" 2>/dev/null) wchan=$(cat "$t/wchan" 2>/dev/null)" >&2
	done
	command -v gdb >/dev/null &&
		timeout -s KILL 60 gdb -p "$kpid" -batch -ex 'thread apply all bt 12' >"$WORK/gdb.txt" 2>&1
	grep -E '^(#|Thread)' "$WORK/gdb.txt" >&2 || tail -n 5 "$WORK/gdb.txt" >&2
	echo "  kiosk.log:" >&2
	tail -n 8 "$WORK/kiosk.log" | sed 's/^/    /' >&2
}

# kx_wait_exit: waits up to 20 s for the kiosk to end; sets $kstatus
# (a kiosk that hangs is killed and reported as 137).
kx_wait_exit() {
	local i
	for i in $(seq 200); do
		kill -0 "$kpid" 2>/dev/null || break
		# a zombie has exited already
		[ "$(awk '{ print $3 }' "/proc/$kpid/stat" 2>/dev/null)" = Z ] && break
		sleep 0.1
	done
	if kill -0 "$kpid" 2>/dev/null && [ "$(awk '{ print $3 }' "/proc/$kpid/stat" 2>/dev/null)" != Z ]; then
		echo "kiosk $kpid hangs:" >&2
		kx_dump
		kill -KILL "$kpid"
	fi
	kstatus=0
	wait "$kpid" || kstatus=$?
}

# controls SCRIPT_PREFIX: "id cx cy" of each control on the screen the prefix
# ends on (the headless kiosk at the same size lays out the same).
controls() {
	local s=$WORK/controls.$RANDOM.txt d=$WORK/ctl-data.$RANDOM
	printf '%s\n' "$1" >"$s"
	PRESCREEN_DATA=$d "$PRESCREEN" kiosk --headless --size "$X_SIZE" --script "$s" \
		--list-controls "${@:2}" </dev/null 2>/dev/null |
		awk -F'\t' 'NF == 2 { split($2, a, /[ ,x]/); printf "%s %d %d\n", $1, a[1] + a[3] / 2, a[2] + a[4] / 2 }'
	rm -rf "$d"
}
centre() { awk -v id="$2" '$1 == id { print $2, $3; f = 1 } END { exit !f }' <<<"$1"; }

click() {   # click "X Y": inside the kiosk's window ($kwin)
	# shellcheck disable=SC2086
	xdotool mousemove --window "$kwin" --sync $1 click 1
	sleep 0.5
}

# walk_to_question [EVENT_ARGS...]: taps through to the first question with
# the real pointer and types a name; the answer box then has the caret.
walk_to_question() {
	local c0 c1 c2 c3
	c0=$(controls "" "$@"); c1=$(controls "press start" "$@")
	c2=$(controls $'press start\npress lang:en' "$@")
	c3=$(controls $'press start\npress lang:en\npress agree' "$@")
	click "$(centre "$c0" start)"
	click "$(centre "$c1" lang:en)"
	click "$(centre "$c2" agree)"
	click "$(centre "$c3" field:name)"
	# Keys go to the focused window: wait until the window manager gave it focus.
	local i
	for i in $(seq 30); do
		[ "$(xdotool getwindowfocus 2>/dev/null)" = "$kwin" ] && break
		sleep 0.1
	done
	xdotool type --delay 30 "Ada Lovelace"
	sleep 0.3
	click "$(centre "$c3" next)"
	# Keys sent before the window manager handed over focus are lost (a person
	# would see an empty name and type it again): so does this, once.
	for i in $(seq 30); do
		# the candidate now at the kiosk (earlier ones have answers too)
		[ "$(db "select count(*) from answers a join sessions s on s.id = a.session_id
			where s.status = 'in_progress'" 2>/dev/null)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.1
	done
	echo "  (the name did not arrive; typing it again)"
	click "$(centre "$c3" field:name)"
	xdotool type --delay 30 "Ada Lovelace"
	sleep 0.3
	click "$(centre "$c3" next)"
}

# db QUERY: runs a query on the kiosk's database.
db() { sqlite3 -batch -noheader "$PRESCREEN_DATA/prescreen.db" "$1"; }

# first_answer: the first answer of the only session, as stored now.
first_answer() { db "select answer from answers where idx = 0"; }

# wait_answer TEXT: until the stored first answer is TEXT (autosave), 10 s at most.
wait_answer() {
	local i
	for i in $(seq 100); do
		[ "$(first_answer 2>/dev/null)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

alive() { kill -0 "$kpid" 2>/dev/null; }
