# Bad input gets one clear line naming the file (and line) and exit 1; nothing
# stored is harmed; no half bundle is ever left behind.
. "$(dirname "$0")/lib.sh"

expect_fail() {   # expect_fail PATTERN CMD...: exit 1 and stderr matching PATTERN
	local pattern=$1; shift
	local status=0
	"$@" >"$WORK/out" 2>"$WORK/err" </dev/null || status=$?
	[ "$status" = 1 ] || fail "$* exited $status, not 1: $(cat "$WORK/err")"
	grep -Eq -- "$pattern" "$WORK/err" || fail "$*: expected /$pattern/, got: $(cat "$WORK/err")"
	echo "  $(head -n 1 "$WORK/err")"
}

# A malformed event file: file:line for each problem.
cat > "$WORK/event.json" <<'J'
{
  "schema": "prescreen.event.v1",
  "questions": ["q01", "q02", "q99"],
  "threshold": 140,
  "sealed": false
}
J
expect_fail "event.json:3: .*q99" "$PRESCREEN" kiosk --headless --event "$WORK/event.json"
grep -q "event.json:4: " "$WORK/err" || fail "threshold problem not reported on line 4"
printf '{ "threshold": 60,\n  "idle_s": }\n' > "$WORK/syntax.json"
expect_fail "syntax.json:2: " "$PRESCREEN" kiosk --headless --event "$WORK/syntax.json"
pass "malformed event files"

# A bad script line.
printf 'press start\nfly away\n' > "$WORK/bad.txt"
expect_fail "bad.txt:2: unknown command 'fly'" "$PRESCREEN" kiosk --headless --script "$WORK/bad.txt"
printf 'press start\npress nowhere\n' > "$WORK/bad2.txt"
expect_fail "bad2.txt:2: no control 'nowhere'" "$PRESCREEN" kiosk --headless --script "$WORK/bad2.txt"
printf 'press start\nexpect-screen done\n' > "$WORK/bad3.txt"
expect_fail "bad3.txt:2: expected screen 'done', showing 'language'" \
	"$PRESCREEN" kiosk --headless --script "$WORK/bad3.txt"
pass "bad scripts"

# A data directory that cannot exist (under a regular file, even for root).
expect_fail "/dev/null/prescreen" "$PRESCREEN" kiosk --headless --data /dev/null/prescreen
expect_fail "/dev/null/prescreen" "$PRESCREEN" export --data /dev/null/prescreen --out "$WORK"
pass "impossible data directory"

# A corrupt database is reported, and left exactly as it was.
mkdir -p "$WORK/corrupt"
head -c 8192 /dev/urandom > "$WORK/corrupt/prescreen.db"
sum=$(sha256sum < "$WORK/corrupt/prescreen.db")
expect_fail "prescreen.db" "$PRESCREEN" kiosk --headless --data "$WORK/corrupt"
expect_fail "prescreen.db" "$PRESCREEN" export --data "$WORK/corrupt" --out "$WORK"
[ "$(sha256sum < "$WORK/corrupt/prescreen.db")" = "$sum" ] || fail "corrupt database was modified"
pass "corrupt database"

# Some sessions to export.
for name in Ana Bruno Chen; do
	kiosk_script <<S || fail "session $name"
press start
press lang:pt_BR
press agree
text $name
press next
text $(head -c 3000 /dev/zero | tr '\0' 'x')
press next
S
done

# An export target that cannot be written: error names it, nothing left.
expect_fail "/dev/null/usb" "$PRESCREEN" export --out /dev/null/usb
mkdir -p "$WORK/ro"
chmod 0500 "$WORK/ro"
if [ "$(id -u)" != 0 ]; then
	expect_fail "$WORK/ro" "$PRESCREEN" export --out "$WORK/ro"
	[ -z "$(ls -A "$WORK/ro")" ] || fail "files left in read-only target"
fi

# A full stick: no half bundle that looks whole.
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/full" && mount -t tmpfs -o size=24k tmpfs "$WORK/full" 2>/dev/null; then
	trap 'umount "$WORK/full" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	expect_fail "No space left|space" "$PRESCREEN" export --out "$WORK/full"
	left=$(ls -A "$WORK/full")
	[ -z "$left" ] || fail "a full target kept: $left"
	umount "$WORK/full"
	pass "full target: clear error, nothing left behind"
else
	echo "  (full-disk case needs root to mount a tmpfs: not run here)"
fi
bundle=$(export_bundle)
python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "export after failures"
pass "unwritable targets; the data still exports whole afterwards"

# Once a session is recorded, the event's questions and threshold are fixed.
rm -rf "$PRESCREEN_DATA"
kiosk_script <<'S' || fail "session before change"
press start
press lang:en
press agree
text Dana
press next
S
cat > "$WORK/changed.json" <<'J'
{ "schema": "prescreen.event.v1", "threshold": 75, "sealed": false }
J
expect_fail "changed.json: event \"default\" already has sessions" \
	"$PRESCREEN" kiosk --headless --event "$WORK/changed.json"
sed 's/"schema"/"id": "default-2", "schema"/' "$WORK/changed.json" > "$WORK/renamed.json"
: | "$PRESCREEN" kiosk --headless --event "$WORK/renamed.json" 2>/dev/null || fail "a new event id is refused"
pass "a changed event needs a new id"
