# What a kiosk needs of its display and session (issue 6 points 11, 12):
# with DISPLAY naming a server that does not exist SDL falls back to its
# offscreen driver, and the kiosk must refuse to run unseen (exit 1, one
# line) unless --headless; and with no session bus it must not leave an
# autolaunched dbus-daemon behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"

# A display number no server has.
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
for driver in "" offscreen; do
	err=$WORK/nodisplay.err
	status=0
	env -u SDL_VIDEODRIVER ${driver:+SDL_VIDEODRIVER=$driver} DISPLAY=":$n" \
		timeout 20 "$PRESCREEN" kiosk 2>"$err" || status=$?
	[ "$status" = 1 ] || fail "no display (SDL_VIDEODRIVER='$driver'): exit status $status (124: it ran on unseen); stderr: $(cat "$err")"
	grep -qx 'prescreen: no display (SDL chose the "offscreen" driver); refusing to run an invisible kiosk' "$err" ||
		fail "no display: stderr was: $(cat "$err")"
done
pass "no display: exit 1, 'refusing to run an invisible kiosk'"
# --headless is the one way to run without a display.
status=0
(unset SDL_VIDEODRIVER; DISPLAY=":$n" kiosk_script <<'S') || status=$?
press start
expect-screen language
S
[ "$status" = 0 ] || fail "--headless without a display: exit status $status"
pass "--headless still runs without a display"

# No session bus: no dbus-daemon outlives the kiosk.
x_start
unset DBUS_SESSION_BUS_ADDRESS
before=$( (pgrep -x dbus-daemon || true) | sort | xargs)
kx_start
sleep 2
kx_stop
[ "$kstatus" = 0 ] || fail "kiosk exit status $kstatus"
sleep 0.5
after=$( (pgrep -x dbus-daemon || true) | sort | xargs)
new=$(comm -13 <(tr ' ' '\n' <<<"$before" | sort) <(tr ' ' '\n' <<<"$after" | sort) | xargs)
# Only a daemon of this display is the kiosk's (another test may run its own bus).
ours=
for p in $new; do
	tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "DISPLAY=$DISPLAY" && ours="$ours $p"
done
new=$(xargs <<<"$ours")
if [ -n "$new" ]; then
	for p in $new; do ps -o pid=,args= -p "$p" >&2; kill "$p" 2>/dev/null || true; done
	fail "a dbus-daemon outlived the kiosk: $new"
fi
pass "no session bus: no dbus-daemon left behind"
