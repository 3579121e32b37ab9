# The input method after ibus-daemon restarts (issue 6 point 7), with a real
# IBus and the libpinyin engine on a real kiosk window: "nihao" and Space
# commit 你好 before and after `ibus-daemon -rd`.
#
# Why it was lost: with no session bus, libdbus autolaunched one, IBus's
# portal (org.freedesktop.portal.IBus) was found on it, and SDL 2.26 then
# drops its watch of IBus's address file; the portal's input context died
# with the daemon while the session connection stayed up, so SDL never made a
# new one. The kiosk now points SDL's session connection at IBus's own bus
# (guard_session_bus), so SDL talks to IBus directly and reconnects when the
# address file is rewritten.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
command -v ibus-daemon >/dev/null || fail "ibus is needed (apt-get install ibus ibus-libpinyin)"
[ -x /usr/libexec/ibus-engine-libpinyin ] || fail "the libpinyin engine is needed (apt-get install ibus-libpinyin)"
x_start
x_wm
unset DBUS_SESSION_BUS_ADDRESS IBUS_ADDRESS
# The engines are Python and C programs of the system; not a pyenv python.
ibus_path=/usr/bin:/bin
addr_file() { ls "$HOME"/.config/ibus/bus/* 2>/dev/null | head -n 1 || true; }
ibus_pid() { grep "^IBUS_DAEMON_PID=" "$(addr_file)" 2>/dev/null | cut -d= -f2 || true; }
ibus_start() {   # ibus_start OLD_PID: (re)starts the daemon, waits for its new address
	PATH=$ibus_path ibus-daemon --daemonize --replace --panel=disable >>"$WORK/ibus.log" 2>&1
	local i p
	for i in $(seq 100); do
		p=$(ibus_pid)
		[ -n "$p" ] && [ "$p" != "$1" ] && kill -0 "$p" 2>/dev/null && break
		sleep 0.1
	done
	p=$(ibus_pid)
	[ -n "$p" ] && x_pids+=("$p")
	[ -n "$p" ] && [ "$p" != "$1" ] || fail "ibus-daemon did not start: $(cat "$WORK/ibus.log")"
	sleep 1
}
engine() {   # selects libpinyin for the focused input context (its exit status says nothing)
	local i
	# Up to 30 s: after a daemon restart the kiosk's input context comes back
	# only once SDL has reconnected, which takes long on a loaded ASan run.
	for i in $(seq 100); do
		PATH=$ibus_path ibus engine libpinyin >/dev/null 2>&1 || true
		[ "$(PATH=$ibus_path ibus engine 2>/dev/null || true)" = libpinyin ] && return 0
		sleep 0.3
	done
	fail "cannot select the libpinyin engine"
}
compose() { xdotool type --delay 120 "nihao"; sleep 0.5; xdotool key space; }

ibus_start ""
kx_start
walk_to_question
engine
compose
wait_answer "你好" || fail "before the restart IBus committed nothing: the answer is '$(first_answer)'"
pass "IBus libpinyin commits 你好 into the kiosk"

old=$(ibus_pid)
ibus_start "$old"
engine
compose
wait_answer "你好你好" || fail "after ibus-daemon restarted the kiosk lost the input method: the answer is '$(first_answer)'"
pass "after ibus-daemon -rd the kiosk commits 你好 again"
kx_stop
[ "$kstatus" = 0 ] || fail "kiosk exit status $kstatus"
