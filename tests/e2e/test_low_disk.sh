# A kiosk whose data disk has only 1 MB free still records a whole session:
# the WAL is checkpointed every few pages and cut back, instead of growing to
# 4 MB before its first checkpoint.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! mkdir -p "$WORK/disk" || ! mount -t tmpfs -o size=4m tmpfs "$WORK/disk" 2>/dev/null; then
	echo "  (needs root to mount a small tmpfs: not run here)"
	pass "skipped: no tmpfs"
	exit 0
fi
trap 'umount "$WORK/disk" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export PRESCREEN_DATA="$WORK/disk/data"
mkdir -p "$PRESCREEN_DATA"
free_kb() { df -k --output=avail "$WORK/disk" | tail -n 1 | tr -d ' '; }
fallocate -l $(( ($(free_kb) - 1024) * 1024 )) "$WORK/disk/filler"
echo "  free on the data disk: $(free_kb) kB"

# A candidate who writes a lot, one autosave after every few words, on every
# question.
{
	printf 'press start\npress lang:en\npress agree\ntext Kim Lowdisk\npress next\n'
	for q in 1 2 3 4 5 6 7; do
		for i in $(seq 40); do
			printf 'text Question %d, part %d: the answer grows a little more with each save.\\s\n' "$q" "$i"
			printf 'wait 700ms\n'
		done
		printf 'press next\n'
	done
	printf 'expect-screen done\n'
} > "$WORK/long.txt"
"$PRESCREEN" kiosk --headless --script "$WORK/long.txt" 2>"$WORK/err" ||
	fail "kiosk with 1 MB free: $(cat "$WORK/err")"
grep -q "cannot save" "$WORK/err" && fail "a save failed: $(grep -m1 'cannot save' "$WORK/err")"
echo "  free after the session: $(free_kb) kB"

bundle=$(export_bundle)
[ -d "$bundle" ] || fail "no bundle"
bundle_json "$bundle" | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert len(s) == 1, len(s)
s = s[0]
assert s["status"] == "completed", s["status"]
a = s["answers"]
assert len(a) == 7, len(a)
for q, x in enumerate(a, 1):
    want = "".join(f"Question {q}, part {i}: the answer grows a little more with each save. "
                   for i in range(1, 41))
    assert x["answer"] == want.rstrip() or x["answer"] == want, (q, x["answer"][-80:])
' || fail "the session with 1 MB free"
pass "a whole session saved with 1 MB free"
