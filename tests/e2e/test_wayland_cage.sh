# The kiosk natively on Wayland under cage (issue 9 point 2): SDL 2.26's
# Wayland driver has no window framebuffer of its own, and with framebuffer
# acceleration off everywhere the kiosk stopped with "no window surface".
# Here a real cage on wlroots' headless backend (pixman, no input devices)
# runs the kiosk in kiosk mode with SDL_VIDEODRIVER=wayland: it must open its
# window, present frames to the compositor as Wayland buffers (the protocol
# log shows them attached and committed), start no Xwayland, and leave on
# SIGTERM with status 0. The pixels themselves cannot be read back here:
# this cage's screencopy returns black for every client, Xwayland's too.
. "$(dirname "$0")/lib.sh"
command -v cage >/dev/null || { echo "SKIP: no cage (apt-get install cage)"; exit 0; }

# cage refuses to run as root (it checks root cannot be regained).
as=()
chmod 0755 "$WORK"
mkdir -p "$WORK/rt" "$WORK/data"
chmod 0700 "$WORK/rt"
if [ "$(id -u)" = 0 ]; then
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chown 65534:65534 "$WORK/rt" "$WORK/data"
	touch "$WORK/stats" "$WORK/kiosk.log" && chown 65534:65534 "$WORK/stats" "$WORK/kiosk.log"
fi
cage_pid=""
trap '[ -n "$cage_pid" ] && kill -TERM "$cage_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 XDG_RUNTIME_DIR="$WORK/rt" \
	WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
	SDL_VIDEODRIVER=wayland WAYLAND_DEBUG=client PRESCREEN_DATA="$WORK/data" \
	PRESCREEN_STATS="$WORK/stats" "${as[@]}" \
	cage -- sh -c 'exec "$0" kiosk 2>"$1"' "$PRESCREEN" "$WORK/kiosk.log" >"$WORK/cage.log" 2>&1 &
cage_pid=$!

kpid=""
for _ in $(seq 200); do
	kpid=$(pgrep -P "$cage_pid" -x prescreen || true)
	[ -n "$kpid" ] && break
	kill -0 "$cage_pid" 2>/dev/null || break
	sleep 0.05
done
[ -n "$kpid" ] || fail "cage started no kiosk: $(tail -n 5 "$WORK/cage.log")"
# The window is up once a buffer was attached to a surface and committed.
for _ in $(seq 300); do
	grep -q 'wl_surface@[0-9]*\.attach(wl_buffer@' "$WORK/kiosk.log" && break
	kill -0 "$kpid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$kpid" 2>/dev/null ||
	fail "the kiosk ended under cage: $(grep -v '^\[' "$WORK/kiosk.log" | tail -n 3)"
grep -q 'wl_surface@[0-9]*\.attach(wl_buffer@' "$WORK/kiosk.log" ||
	fail "the kiosk attached no buffer to a Wayland surface in 30 s"
sleep 2
attached=$(grep -c 'wl_surface@[0-9]*\.attach(wl_buffer@' "$WORK/kiosk.log")
grep -q ' -> wl_surface@[0-9]*\.commit()' "$WORK/kiosk.log" || fail "no Wayland surface was committed"
pass "natively on Wayland the kiosk presents frames ($attached buffers attached and committed)"

# No X server was started for it: cage starts Xwayland only for an X client.
for x in $(pgrep -x Xwayland || true); do
	tr '\0' '\n' <"/proc/$x/environ" 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$WORK/rt" &&
		fail "cage started Xwayland ($x): the kiosk is an X client after all"
done
pass "no Xwayland ran"

kill -TERM "$kpid"
status=0
for _ in $(seq 200); do kill -0 "$cage_pid" 2>/dev/null || break; sleep 0.1; done
wait "$cage_pid" || status=$?
cage_pid=""
[ "$status" = 0 ] || fail "cage (with the kiosk) ended with status $status: $(grep -v '^\[' "$WORK/kiosk.log" | tail -n 3)"
grep -q "no window surface" "$WORK/kiosk.log" && fail "the kiosk said: $(grep "no window surface" "$WORK/kiosk.log")"
ff=$(awk '$1 == "first_frame_ms" { print $2 }' "$WORK/stats")
awk -v v="$ff" 'BEGIN { exit !(v + 0 > 0) }' || fail "the kiosk recorded no first frame (first_frame_ms '$ff')"
pass "SIGTERM ends it with status 0; first frame after $ff ms"
