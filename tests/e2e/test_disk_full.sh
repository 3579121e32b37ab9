# The data disk fills up mid-session: staff see a banner, the candidate stays
# on the question with their text in memory, nothing is lost; once space is
# free again the kiosk saves and goes on by itself. A reader holds the WAL
# meanwhile, so the store's checkpoint on a full disk cannot make room
# (without it the store would simply go on: see test_low_disk.sh).
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! mkdir -p "$WORK/disk" || ! mount -t tmpfs -o size=2m tmpfs "$WORK/disk" 2>/dev/null; then
	echo "  (needs root to mount a small tmpfs: not run here)"
	pass "skipped: no tmpfs"
	exit 0
fi
trap 'kill "$pid" $reader 2>/dev/null || true; wait 2>/dev/null || true; umount "$WORK/disk" 2>/dev/null || true; rm -rf "$WORK"' EXIT
pid=
reader=
export PRESCREEN_DATA="$WORK/disk/data"

# Typing goes on while the disk is full: each autosave adds to the WAL,
# which the reader keeps from being checkpointed, until it needs new space.
{
	cat <<'S'
press start
press lang:en
press agree
text Kim
press next
text Typed before the disk filled up.
wait 1500ms
text \sTyped while it was full.
S
	for i in $(seq 20); do printf 'text \\s%d\nwait 600ms\n' "$i"; done
	cat <<'S'
press next
expect-screen question
expect-text Saving failed. Please call a member of staff.
wait 1500ms
wait 2500ms
expect-screen question
press next
expect-screen question
S
} > "$WORK/full.txt"
typed="Typed before the disk filled up. Typed while it was full. $(seq -s ' ' 20)"
# Line numbers the test waits for: 6 = the first text, 52 = the first wait after the failure.
"$PRESCREEN" kiosk --headless --realtime --script "$WORK/full.txt" --trace "$WORK/trace" \
	2>"$WORK/err" &
pid=$!
wait_line() {
	local line
	for _ in $(seq 600); do
		line=$(tail -n 1 "$WORK/trace" 2>/dev/null || true)
		[ "${line:-0}" -ge "$1" ] && return 0
		sleep 0.05
	done
	fail "the kiosk never reached line $1: $(cat "$WORK/err")"
}
wait_line 6
sleep 0.8   # the first autosave lands
python3 - "$PRESCREEN_DATA/prescreen.db" "$WORK/reader" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM sessions").fetchall()
open(sys.argv[2] + ".holding", "w").close()
while not os.path.exists(sys.argv[2] + ".done"):
    time.sleep(0.05)
PY
reader=$!
for _ in $(seq 100); do [ -e "$WORK/reader.holding" ] && break; sleep 0.05; done
[ -e "$WORK/reader.holding" ] || fail "the reader never got its snapshot"
dd if=/dev/zero of="$WORK/disk/filler" bs=64k 2>/dev/null || true
wait_line 52
rm -f "$WORK/disk/filler"
touch "$WORK/reader.done"
wait "$reader" || fail "the reader failed"
reader=
status=0
wait "$pid" || status=$?
[ "$status" = 0 ] || fail "kiosk exit $status: $(cat "$WORK/err")"
grep -q "prescreen.db" "$WORK/err" || fail "no store error was reported on stderr"
# One line when saving starts failing, one when it works again: not one per try.
[ "$(grep -c 'saving failed' "$WORK/err")" = 1 ] &&
	[ "$(grep -c 'saving works again' "$WORK/err")" = 1 ] ||
	fail "want one line per failure state on stderr, got: $(cat "$WORK/err")"

bundle=$(export_bundle)
bundle_json "$bundle" | TYPED="$typed" python3 -c '
import json, os, sys
s = json.load(sys.stdin)
assert len(s) == 1, s
a = s[0]["answers"]
assert a[0]["answer"] == os.environ["TYPED"], a[0]
assert a[0]["submitted"] if "submitted" in a[0] else a[0]["submitted_ms"] is not None, a[0]
assert len(a) >= 2, "did not move on after space came back"
' || fail "session after a full disk"
pass "a full disk: banner, nothing lost, saving resumes by itself"
