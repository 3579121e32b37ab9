# Staff's two ways into admin mode on a real kiosk window (issue 8 point 4):
# the top-left corner held for three seconds (a touch screen without a
# keyboard) and Ctrl+Alt+A; leaving from admin mode ends the kiosk with
# status 0 and "leave" in the audit trail. A short press in the corner opens
# nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
x_start
# kx_start returns once the window is mapped; a moment later it takes the pointer's events.
kx_ready() { kx_start "$@"; sleep 1.5; }
leave=$(controls $'key Ctrl+Alt+A\npress tab:leave')
tab_leave=$(centre "$(controls $'key Ctrl+Alt+A')" tab:leave) || fail "no tab:leave on the status screen"
confirm=$(centre "$leave" leave-confirm) || fail "no leave-confirm: $leave"

kx_ready
# A short press: the flow takes the tap, admin mode stays closed.
xdotool mousemove --window "$kwin" --sync 5 5 mousedown 1
sleep 1
xdotool mouseup 1
sleep 3
# What was the Leave tab is now the language screen: a click there leaves nothing.
click "$tab_leave"
click "$confirm"
sleep 1
alive || fail "a 1-second press in the corner opened admin mode and left"
kx_stop
pass "a short press in the corner opens nothing"

rm -rf "$PRESCREEN_DATA"
kx_ready
xdotool mousemove --window "$kwin" --sync 5 5 mousedown 1
sleep 3.6
xdotool mouseup 1
sleep 0.5
click "$tab_leave"
click "$confirm"
kx_wait_exit
[ "$kstatus" = 0 ] || fail "long press, Leave: exit status $kstatus"
"$PRESCREEN" audit | cut -f2 | grep -qx leave || fail "no leave in the audit: $("$PRESCREEN" audit)"
pass "the corner held 3 s opens admin mode; Leave ends the kiosk with status 0"

rm -rf "$PRESCREEN_DATA"
kx_ready
for i in $(seq 30); do
	[ "$(xdotool getwindowfocus 2>/dev/null)" = "$kwin" ] && break
	sleep 0.1
done
xdotool key ctrl+alt+a
sleep 0.5
click "$tab_leave"
click "$confirm"
kx_wait_exit
[ "$kstatus" = 0 ] || fail "Ctrl+Alt+A, Leave: exit status $kstatus"
pass "Ctrl+Alt+A opens admin mode (no PIN set); Leave ends the kiosk with status 0"
