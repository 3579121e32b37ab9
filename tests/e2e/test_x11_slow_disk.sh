# The X server dies while a save is still on its way to a slow disk (a worn SD
# card: every fsync takes 2 s). The session must still end interrupted, with
# what was typed and its end time, and the kiosk exit non-zero soon after.
# Before: the writer thread woke the window loop through SDL, which wrote to
# the dead server from that thread; Xlib then exit()ed the process there (or
# deadlocked on the display's lock) before the interrupted session was saved.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
: "${SLOW_SYNC:?run through ctest (the slow_sync shim)}"
x_start
x_wm

export SLOW_SYNC_FILE=$WORK/slow-ms
echo 0 > "$SLOW_SYNC_FILE"
# An ASan build wants its runtime first; the shim only wraps two calls.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
LD_PRELOAD=$SLOW_SYNC kx_start
walk_to_question
xdotool type --delay 40 "abc"
wait_answer abc || fail "the typed answer was not stored: $(first_answer)"

echo 2000 > "$SLOW_SYNC_FILE"
xdotool type --delay 40 "d"
sleep 1.5   # the autosave of "abcd" is now in its 2 s fsync
kill -KILL "$xvfb_pid"
kx_wait_exit
echo 0 > "$SLOW_SYNC_FILE"
[ "$kstatus" != 0 ] && [ "$kstatus" != 137 ] ||
	fail "the display died during a save: exit status $kstatus ($(tail -n 3 "$WORK/kiosk.log"))"
[ "$(db "select status, ended_at is not null from sessions")" = "interrupted|1" ] ||
	fail "the display died during a save: session $(db "select status, ended_at from sessions")"
[ "$(first_answer)" = abcd ] || fail "the answer after the display died: '$(first_answer)'"
pass "the X server died during a slow save: session interrupted with 'abcd' and its end time, exit status $kstatus"
