# Where a bundle may go: under a media root only onto a mounted drive (a
# stick that is not mounted would leave the bundle on the kiosk's own disk);
# the hidden leftovers of interrupted exports are removed first, and said so.
. "$(dirname "$0")/lib.sh"

kiosk_script <<'S'
press start
press lang:en
press agree
text Kim Target
press next
text An answer.
press next
S
export PRESCREEN_MEDIA_ROOTS="$WORK/media:$WORK/other-root"
mkdir -p "$WORK/media/stick" "$WORK/out"

# 20: the mount point is there, the stick is not.
status=0
"$PRESCREEN" export --out "$WORK/media/stick" >/dev/null 2>"$WORK/err" || status=$?
[ "$status" = 1 ] || fail "export to an unmounted stick: exit $status"
grep -q "^$WORK/media/stick: no drive is mounted there" "$WORK/err" || fail "message: $(cat "$WORK/err")"
[ -z "$(ls -A "$WORK/media/stick")" ] || fail "wrote into the bare mount point: $(ls -A "$WORK/media/stick")"
mkdir "$WORK/media/stick/exports"
"$PRESCREEN" export --out "$WORK/media/stick/exports" >/dev/null 2>"$WORK/err" && fail "export below an unmounted stick succeeded"
# Outside the media roots any directory will do.
"$PRESCREEN" export --out "$WORK/out" >/dev/null 2>"$WORK/err" || fail "export to $WORK/out: $(cat "$WORK/err")"
pass "a target under a media root without a drive mounted is refused"

if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4m tmpfs "$WORK/media/stick" 2>/dev/null; then
	trap 'umount "$WORK/media/stick" "$WORK/media" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	bundle=$("$PRESCREEN" export --out "$WORK/media/stick" 2>"$WORK/err") || fail "export to a mounted stick: $(cat "$WORK/err")"
	python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "bundle check"
	mkdir "$WORK/media/stick/exports"
	"$PRESCREEN" export --out "$WORK/media/stick/exports" >/dev/null 2>"$WORK/err" || fail "export into a folder of the stick: $(cat "$WORK/err")"
	umount "$WORK/media/stick"
	# A drive mounted on the media root itself (mount /dev/sdb1 /mnt).
	mount -t tmpfs -o size=4m tmpfs "$WORK/media" || fail "cannot mount on the root"
	"$PRESCREEN" export --out "$WORK/media" >/dev/null 2>"$WORK/err" || fail "export to a drive on the root: $(cat "$WORK/err")"
	umount "$WORK/media"
	pass "a mounted drive under a media root is accepted"
else
	echo "  (needs root to mount a tmpfs as the stick: not run here)"
fi

# 21: leftovers of interrupted exports, one still held by a running export.
out="$WORK/leftovers"
mkdir -p "$out/.prescreen-export-20261129T100000Z-4242.tmp/sessions" \
	"$out/.prescreen-export-berlin-01-20261128T090000Z.tmp" \
	"$out/.prescreen-export-20261129T110000Z-77.tmp" "$out/.other.tmp" "$out/mine"
head -c 300000 /dev/urandom > "$out/.prescreen-export-20261129T100000Z-4242.tmp/sessions/a.json"
head -c 100000 /dev/urandom > "$out/.prescreen-export-berlin-01-20261128T090000Z.tmp/sessions.csv"
touch "$out/.prescreen-export-not-a-folder.tmp" "$out/mine/keep"
# Held as a running export holds its folder.
exec 9<"$out/.prescreen-export-20261129T110000Z-77.tmp"
flock -n 9 || fail "cannot lock"
bundle=$("$PRESCREEN" export --out "$out" 2>"$WORK/err") || fail "export: $(cat "$WORK/err")"
exec 9<&-
grep -q "^prescreen export: removed 2 unfinished export(s) in $out, [0-9]* kB freed$" "$WORK/err" ||
	fail "message: $(cat "$WORK/err")"
kb=$(sed -n 's/.*, \([0-9]*\) kB freed$/\1/p' "$WORK/err")
[ "$kb" -ge 390 ] || fail "only $kb kB freed"
[ ! -e "$out/.prescreen-export-20261129T100000Z-4242.tmp" ] || fail "a leftover is still there"
[ ! -e "$out/.prescreen-export-berlin-01-20261128T090000Z.tmp" ] || fail "a leftover is still there"
[ -d "$out/.prescreen-export-20261129T110000Z-77.tmp" ] || fail "removed the folder of a running export"
[ -e "$out/.prescreen-export-not-a-folder.tmp" ] && [ -d "$out/.other.tmp" ] && [ -e "$out/mine/keep" ] ||
	fail "removed something that was not ours"
[ "$(ls -A "$out" | grep -c '^prescreen-export-')" = 1 ] || fail "bundles: $(ls -A "$out")"
python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "bundle check"
# Nothing to clean: nothing said.
"$PRESCREEN" export --out "$WORK/out" >/dev/null 2>"$WORK/err" || fail "export"
grep -q "removed" "$WORK/err" && fail "a clean-up reported on a clean target: $(cat "$WORK/err")"
pass "leftovers of interrupted exports removed and reported, a running one kept"
