# The kiosk's window on a real X server under openbox (issue 6 points 9, 10):
# Super+D, iconifying and a workspace switch do not hide it for good; a window
# destroyed from outside saves the session as interrupted and comes back (a
# new candidate can start); a dying X server saves it too and the kiosk exits
# non-zero so that a service manager restarts it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
x_start
x_wm

# shown_focused WHAT: the kiosk's window is mapped, active and covers the screen.
shown_focused() {
	local i state active geo
	for i in $(seq 50); do
		state=$(xwininfo -id "$kwin" 2>/dev/null | awk -F': ' '/Map State/ { print $2 }')
		active=$(xdotool getactivewindow 2>/dev/null || true)
		geo=$(xwininfo -id "$kwin" 2>/dev/null | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }')
		[ "$state" = IsViewable ] && [ "$active" = "$kwin" ] && [ "$geo" = "$X_SIZE" ] && return 0
		sleep 0.1
	done
	fail "after $1 the kiosk is not back: map state '$state', active window '$active' (kiosk $kwin), size $geo"
}

kx_start
walk_to_question
xdotool type --delay 40 "abc"
wait_answer abc || fail "the typed answer was not stored: $(first_answer)"
shown_focused "the start"

xdotool key super+d
sleep 1
shown_focused "Super+D (show desktop)"
xdotool windowminimize "$kwin"
sleep 1
shown_focused "xdotool windowminimize"
[ "$(xdotool get_num_desktops)" -ge 2 ] || fail "openbox has one desktop only"
xdotool set_desktop 1
sleep 1
shown_focused "xdotool set_desktop 1"
xdotool type --delay 40 "d"
wait_answer abcd || fail "typing after the window came back: '$(first_answer)'"
pass "Super+D, iconify and a workspace switch: the kiosk comes back mapped, focused, fullscreen"

# Destroyed from outside: saved as interrupted, a new window, the next candidate.
old=$kwin
xdotool windowclose "$kwin"
sleep 1
alive || fail "the kiosk ended when its window was destroyed: $(tail -n 3 "$WORK/kiosk.log")"
[ "$(db "select status, ended_at is not null from sessions")" = "interrupted|1" ] ||
	fail "after the window was destroyed: $(db "select status, ended_at from sessions")"
for _ in $(seq 100); do
	kx_window && [ "$kwin" != "$old" ] && break
	sleep 0.1
done
[ -n "$kwin" ] && [ "$kwin" != "$old" ] || fail "no new window after the old one was destroyed"
shown_focused "the window was destroyed"
sleep 1   # the guard's focus requests for the new window are rate-limited: let them settle
walk_to_question
xdotool type --delay 40 "next"
for _ in $(seq 100); do
	[ "$(db "select count(*) from answers where answer = 'next'")" = 1 ] && break
	sleep 0.1
done
[ "$(db "select count(*) from sessions")" = 2 ] && [ "$(db "select count(*) from answers where answer = 'next'")" = 1 ] ||
	fail "no new candidate after the new window: $(db "select status from sessions")"
pass "window destroyed (xdotool windowclose): session interrupted with its end time, a new window at the start"

# The X server dies: the session is saved and the kiosk exits non-zero.
kill -KILL "$xvfb_pid"
kx_wait_exit
[ "$kstatus" != 0 ] && [ "$kstatus" != 137 ] || fail "the display died: exit status $kstatus"
[ "$(db "select count(*) from sessions where status = 'in_progress' or ended_at is null")" = 0 ] ||
	fail "the display died: $(db "select status, ended_at from sessions")"
pass "the X server died: session interrupted with its end time, exit status $kstatus"
