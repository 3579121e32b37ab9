# Export reads the data directory without creating or changing anything in
# it: sessions can be rescued from a kiosk whose disk went read-only, also
# those still in the WAL of a kiosk that died; a --data without a database is
# refused, and nothing is created there.
. "$(dirname "$0")/lib.sh"

# Everything about a directory an export could change: names, sizes, modes,
# times (of the directory too) and contents.
snapshot() {
	find "$1" -printf '%p %s %m %T@\n' | sort
	find "$1" -type f -exec sha256sum {} + | sort
}
names() {
	bundle_json "$1" | python3 -c 'import json, sys; print(" ".join(s["candidate"]["name"] for s in json.load(sys.stdin)))'
}
export_from() {
	local out="$WORK/out.$RANDOM"
	mkdir -p "$out"
	"$PRESCREEN" export --data "$1" --out "$out" 2>"$WORK/export.err" || return 1
}

# 19: a mistyped --data.
mkdir -p "$WORK/out"
status=0
"$PRESCREEN" export --data "$WORK/typo" --out "$WORK/out" 2>"$WORK/err" || status=$?
[ "$status" = 1 ] || fail "export from a missing directory: exit $status"
grep -qx "$WORK/typo: no prescreen database here" "$WORK/err" || fail "message: $(cat "$WORK/err")"
[ ! -e "$WORK/typo" ] || fail "export created $WORK/typo"
mkdir "$WORK/empty"
status=0
"$PRESCREEN" export --data "$WORK/empty" --out "$WORK/out" 2>"$WORK/err" || status=$?
[ "$status" = 1 ] || fail "export from a directory without a database: exit $status"
grep -qx "$WORK/empty: no prescreen database here" "$WORK/err" || fail "message: $(cat "$WORK/err")"
[ -z "$(ls -A "$WORK/empty")" ] || fail "export created $(ls -A "$WORK/empty") in an empty directory"
[ -z "$(ls -A "$WORK/out")" ] || fail "export wrote a bundle without a database"
pass "a --data without a database is refused and left as it was"

# A session, closed cleanly: the database alone.
kiosk_script <<'S'
press start
press lang:en
press agree
text Kim Rescue
press next
text Saved before the disk went read-only.
press next
S
data="$PRESCREEN_DATA"
[ ! -e "$data/prescreen.db-wal" ] || fail "the kiosk left a WAL behind"
before=$(snapshot "$data")
out=$(export_from "$data") || fail "export: $(cat "$WORK/export.err")"
[ "$(names "$out")" = "Kim Rescue" ] || fail "exported $(names "$out")"
[ "$(snapshot "$data")" = "$before" ] || fail "export changed the data directory: $(diff <(echo "$before") <(snapshot "$data"))"
pass "export of a closed store changes nothing in it"

# A kiosk that died with a save in its WAL (no checkpoint, no clean close).
python3 - "$data/prescreen.db" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("UPDATE sessions SET name = 'Kim Only In The WAL'")
os._exit(0)
PY
[ -s "$data/prescreen.db-wal" ] || fail "no WAL to read"
before=$(snapshot "$data")
out=$(export_from "$data") || fail "export with a WAL: $(cat "$WORK/export.err")"
[ "$(names "$out")" = "Kim Only In The WAL" ] || fail "exported $(names "$out")"
[ "$(snapshot "$data")" = "$before" ] || fail "export changed the data directory: $(diff <(echo "$before") <(snapshot "$data"))"
pass "the sessions in a dead kiosk's WAL are exported, nothing changed"

# 18: the same on a read-only mount (root: chmod does not stop root).
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/ro" && mount --bind "$data" "$WORK/ro" 2>/dev/null; then
	trap 'umount "$WORK/ro" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	mount -o remount,bind,ro "$WORK/ro" || fail "cannot remount read-only"
	touch "$WORK/ro/probe" 2>/dev/null && fail "the bind mount is writable"
	out=$(export_from "$WORK/ro") || fail "export from a read-only disk with a WAL: $(cat "$WORK/export.err")"
	[ "$(names "$out")" = "Kim Only In The WAL" ] || fail "exported $(names "$out")"
	python3 "$SRC/tests/e2e/check_export.py" "$out" >/dev/null || fail "bundle check"
	umount "$WORK/ro"
	# Checkpointed and closed, then read-only.
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM sessions").fetchall(); c.close()' "$data/prescreen.db"
	[ ! -e "$data/prescreen.db-wal" ] || fail "the WAL was not checkpointed"
	mount --bind "$data" "$WORK/ro" && mount -o remount,bind,ro "$WORK/ro" || fail "cannot remount"
	out=$(export_from "$WORK/ro") || fail "export from a read-only disk: $(cat "$WORK/export.err")"
	[ "$(names "$out")" = "Kim Only In The WAL" ] || fail "exported $(names "$out")"
	umount "$WORK/ro"
	pass "export from a read-only disk, with and without a WAL"
else
	echo "  (needs root for a read-only bind mount: not run here)"
fi

# A WAL with sessions but its index lost, in a directory that must not be
# changed: refused with a way out, rather than exported without them.
python3 - "$data/prescreen.db" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("UPDATE sessions SET name = 'Kim Again'")
os._exit(0)
PY
rm "$data/prescreen.db-shm"
status=0
export_from "$data" >/dev/null || status=$?
[ "$status" = 1 ] || fail "export without the WAL's index: exit $status"
grep -q "prescreen.db-wal" "$WORK/export.err" || fail "message: $(cat "$WORK/export.err")"
[ ! -e "$data/prescreen.db-shm" ] || fail "export created the WAL index"
pass "a WAL without its index: refused, nothing created"
