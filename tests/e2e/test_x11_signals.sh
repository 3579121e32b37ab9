# Signals on a real kiosk window (issue 6 point 9): in kiosk mode SIGHUP,
# SIGINT, SIGQUIT and SIGTSTP change nothing; SIGTERM saves the session in
# progress as interrupted with its end time and exits 0. A --windowed kiosk
# still ends on SIGINT, saving the same way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
x_start
x_wm

kx_start
walk_to_question
xdotool type --delay 40 "abc"
wait_answer abc || fail "the typed answer was not stored: $(first_answer)"
for sig in HUP INT QUIT TSTP; do
	kill -"$sig" "$kpid"
	sleep 0.7
	alive || fail "SIG$sig ended the kiosk"
	state=$(awk '{ print $3 }' "/proc/$kpid/stat")
	[ "$state" != T ] || { kill -CONT "$kpid"; fail "SIG$sig stopped the kiosk"; }
	[ "$state" != Z ] || fail "SIG$sig ended the kiosk"
done
[ "$(db "select status from sessions")" = in_progress ] || fail "the session changed: $(db "select status from sessions")"
xdotool type --delay 40 "d"
wait_answer abcd || fail "typing after the signals did not reach the answer: $(first_answer)"
pass "kiosk mode: SIGHUP, SIGINT, SIGQUIT, SIGTSTP ignored, the session goes on"

kx_stop
[ "$kstatus" = 0 ] || fail "SIGTERM: exit status $kstatus"
[ "$(db "select status, ended_at is not null, ended_at >= started_at from sessions")" = "interrupted|1|1" ] ||
	fail "after SIGTERM: $(db "select status, ended_at from sessions")"
[ "$(first_answer)" = abcd ] || fail "after SIGTERM the answer is '$(first_answer)'"
pass "kiosk mode: SIGTERM saves the session as interrupted with its end time, exit 0"

# A developer's window still ends on Ctrl+C from its terminal.
rm -rf "$PRESCREEN_DATA"
kx_start --windowed
# A developer's window keeps no focus of its own (only kiosk mode re-grabs it):
# focus it before its name is typed.
xdotool windowactivate --sync "$kwin" >/dev/null 2>&1 || xdotool windowfocus --sync "$kwin" || true
walk_to_question
xdotool type --delay 40 "xyz"
wait_answer xyz || fail "windowed: the typed answer was not stored: answer '$(first_answer)', sessions: $(db "select status from sessions"), log: $(tail -n 5 "$WORK/kiosk.log")"
kill -INT "$kpid"
kx_wait_exit
[ "$kstatus" = 0 ] || fail "windowed SIGINT: exit status $kstatus"
[ "$(db "select status, ended_at is not null from sessions")" = "interrupted|1" ] ||
	fail "windowed SIGINT: $(db "select status, ended_at from sessions")"
pass "--windowed: SIGINT ends the kiosk, session saved as interrupted"
