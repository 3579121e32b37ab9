#!/usr/bin/env bash
# packaging/kiosk-session, what cage runs in the packaged service: the kiosk
# on a D-Bus session bus of its own with ibus-daemon on that same bus and
# SDL_IM_MODULE=ibus; the kiosk's exit status is the session's; a stop as
# systemd does it (SIGTERM to every process of the unit) saves the session in
# progress as interrupted; and when the kiosk ends, no bus and no IBus process
# of the session is left. The kiosk runs headless (SDL's dummy driver set
# outside, which the session keeps) but otherwise for real.
source "$(dirname "$0")/lib.sh"
for tool in dbus-run-session ibus-daemon ibus; do
	command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 0; }
done
session="$SRC/packaging/kiosk-session"
tag="kiosk-session-$$-$RANDOM"
mkdir -p "$WORK/home"
# Processes of this test's session: those whose environment carries the tag.
tagged() {
	local p
	for p in /proc/[0-9]*; do
		grep -qz "^PRESCREEN_TEST_TAG=$tag\$" "$p/environ" 2>/dev/null && echo "${p#/proc/}"
	done
	return 0
}
env_of() { tr '\0' '\n' < "/proc/$1/environ" | sed -n "s/^$2=//p"; }
run_session() {
	env -u DBUS_SESSION_BUS_ADDRESS PRESCREEN_TEST_TAG="$tag" HOME="$WORK/home" \
		XDG_CONFIG_HOME="$WORK/home/config" XDG_CACHE_HOME="$WORK/home/cache" \
		SDL_VIDEODRIVER=dummy PATH="$(dirname "$PRESCREEN"):$PATH" "$session" "$@"
}
# Waits for a tagged process of that name; prints its pid.
wait_for() {
	local p
	for _ in $(seq 100); do
		for p in $(tagged); do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$1" ] && { echo "$p"; return 0; }
		done
		sleep 0.1
	done
	return 1
}
gone() {
	for _ in $(seq 50); do [ -z "$(tagged)" ] && return 0; sleep 0.1; done
	return 1
}

cat > "$WORK/long.txt" <<'S'
press start
press lang:en
press agree
text Sam Session
press next
text Typing while staff stop the kiosk
wait 60s
S
run_session --headless --realtime --script "$WORK/long.txt" >/dev/null 2>"$WORK/err" &
runner=$!
kiosk=$(wait_for prescreen) || fail "no kiosk came up: $(cat "$WORK/err")"
ibusd=$(wait_for ibus-daemon) || fail "no ibus-daemon in the session: $(cat "$WORK/err")"
bus=$(env_of "$kiosk" DBUS_SESSION_BUS_ADDRESS)
[ -n "$bus" ] || fail "the kiosk has no session bus"
[ "$(env_of "$ibusd" DBUS_SESSION_BUS_ADDRESS)" = "$bus" ] || fail "ibus-daemon is on another bus"
[ "$(env_of "$kiosk" SDL_IM_MODULE)" = ibus ] || fail "the kiosk runs without SDL_IM_MODULE=ibus"
[ "$(env_of "$kiosk" SDL_VIDEODRIVER)" = dummy ] || fail "the session overrode SDL_VIDEODRIVER given to it"
pass "kiosk and ibus-daemon on one session bus ($bus), SDL_IM_MODULE=ibus"

# Wait until the answer is being typed (the script's wait), then stop it as
# systemd does: SIGTERM to every process of the unit at once.
for _ in $(seq 100); do
	[ -f "$PRESCREEN_DATA/prescreen.db" ] && sqlite3 "$PRESCREEN_DATA/prescreen.db" \
		"select count(*) from sessions" 2>/dev/null | grep -q '^1$' && break
	sleep 0.1
done
sleep 1
kill -TERM $(tagged) 2>/dev/null || true
status=0
wait "$runner" || status=$?
gone || fail "left running after the stop: $(for p in $(tagged); do cat "/proc/$p/comm"; done | tr '\n' ' ')"
state=$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select status from sessions" 2>&1)
[ "$state" = interrupted ] || fail "after the stop the session is '$state' (exit $status): $(cat "$WORK/err")"
pass "a stop (SIGTERM to all) saved the session as interrupted and left nothing running (exit $status)"

# The kiosk's exit status is the session's: a script that fails exits 1.
printf 'press start\nexpect-screen question\n' > "$WORK/bad.txt"
status=0
run_session --headless --script "$WORK/bad.txt" >/dev/null 2>"$WORK/err" || status=$?
[ "$status" = 1 ] || fail "a failing kiosk gave the session exit $status: $(cat "$WORK/err")"
gone || fail "left running after the kiosk ended: $(for p in $(tagged); do cat "/proc/$p/comm"; done | tr '\n' ' ')"
pass "the kiosk's exit 1 is the session's, and no bus or IBus process outlives it"
