# Admin mode's export to a USB stick (issue 8 point 4): the bundle is read
# back and re-hashed before staff are told it is safe to remove the stick;
# a full stick (a real tmpfs of 300 kB), a pulled one (writes fail with EIO)
# and one that corrupts what it stores each give a clear message, an
# "export-failed" audit entry, and no bundle that looks whole.
. "$(dirname "$0")/lib.sh"
: "${BUNDLE_CHECK:?run through ctest}" "${GEN_SESSIONS:?}" "${FAIL_WRITE:?}"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
shopt -s nullglob

"$GEN_SESSIONS" "$PRESCREEN_DATA" 120 > /dev/null || fail "gen_sessions"
sessions=$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select count(*) from sessions")

# Exports to the one --media folder; extra lines follow the start of the export.
export_script() {
	cat <<S
key Ctrl+Alt+A
expect-screen admin-status
press tab:export
expect-screen admin-export
press target:0
expect-screen admin-export
S
	cat
}

nothing_whole() {   # DIR: no bundle and no hidden half of one
	local left=("$1"/prescreen-export-* "$1"/.prescreen-export-*)
	[ ${#left[@]} = 0 ] || fail "left on the stick: ${left[*]}"
}

last_audit() { "$PRESCREEN" audit | tail -n 1; }

# A good stick: verified, every session in it.
mkdir -p "$WORK/good"
export_script <<'S' | kiosk_script --media "$WORK/good" --shots "$WORK/shots" || fail "export to a good stick"
expect-text safe to remove
shot export-done
S
bundles=("$WORK/good"/prescreen-export-*)
[ ${#bundles[@]} = 1 ] || fail "bundles on the good stick: ${bundles[*]}"
"$BUNDLE_CHECK" "${bundles[0]}" > "$WORK/check" 2>&1 || fail "$(cat "$WORK/check")"
grep -q ": $sessions session(s)" "$WORK/check" || fail "bundle check: $(cat "$WORK/check")"
last_audit | grep -qP "\texport\t$(basename "${bundles[0]}")$" || fail "audit: $(last_audit)"
pass "good stick: $sessions sessions exported, read back and verified"

# A full stick, for real: a 300 kB tmpfs.
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/full" && mount -t tmpfs -o size=300k tmpfs "$WORK/full" 2>/dev/null; then
	trap 'umount "$WORK/full" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	export_script <<'S' | kiosk_script --media "$WORK/full" || fail "export to a full stick"
expect-text The stick is full
S
	nothing_whole "$WORK/full"
	[ "$(df --output=used -k "$WORK/full" | tail -n 1 | tr -d ' ')" -lt 8 ] || fail "the full stick keeps data: $(df -k "$WORK/full")"
	last_audit | grep -qP "\texport-failed\tthe stick is full$" || fail "audit: $(last_audit)"
	umount "$WORK/full"
	pass "full stick: a clear message, nothing left on it, export-failed audited"
else
	echo "  (needs root to mount a small tmpfs: the full-stick case is not run here)"
fi

# A stick pulled mid-export: every write fails with EIO after 40 kB.
mkdir -p "$WORK/pulled"
export_script <<'S' | FAIL_WRITE_DIR=$WORK/pulled FAIL_WRITE_MODE=eio FAIL_WRITE_AFTER=40000 \
	LD_PRELOAD=$FAIL_WRITE kiosk_script --media "$WORK/pulled" || fail "export to a pulled stick"
expect-text removed or stopped working
S
nothing_whole "$WORK/pulled"
last_audit | grep -qP "\texport-failed\t.*Input/output error" || fail "audit: $(last_audit)"
pass "pulled stick: a clear message, nothing that looks whole"

# A stick that stores other bytes than it was given: only the read-back sees it.
mkdir -p "$WORK/bad"
export_script <<'S' | FAIL_WRITE_DIR=$WORK/bad FAIL_WRITE_MODE=corrupt \
	LD_PRELOAD=$FAIL_WRITE kiosk_script --media "$WORK/bad" || fail "export to a corrupting stick"
expect-text did not read back correctly
S
nothing_whole "$WORK/bad"
last_audit | grep -qP "\texport-failed\t.*altered" || fail "audit: $(last_audit)"
pass "corrupting stick: the read-back fails, the bundle is removed"

# "Export and erase" (issue 9): asks first, and on a stick that fails erases
# nothing: every session is still in the store and still exports.
erase_script() {
	cat <<S
key Ctrl+Alt+A
expect-screen admin-status
press tab:export
expect-screen admin-export
press export-erase:0
expect-text Erase $sessions sessions from this kiosk after the export?
press export-erase-confirm
expect-screen admin-export
S
	cat
}
still_all() {   # WHAT: the store holds every session, and they export
	[ "$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select count(*) from sessions")" = "$sessions" ] ||
		fail "$1: sessions were erased"
	local b
	b=$(export_bundle) || fail "$1: the sessions no longer export"
	[ "$(ls "$b/sessions" | wc -l)" = "$sessions" ] || fail "$1: $(ls "$b/sessions" | wc -l) sessions exported"
	rm -rf "$b"
}

mkdir -p "$WORK/pulled2"
erase_script <<'S' | FAIL_WRITE_DIR=$WORK/pulled2 FAIL_WRITE_MODE=eio FAIL_WRITE_AFTER=40000 \
	LD_PRELOAD=$FAIL_WRITE kiosk_script --media "$WORK/pulled2" || fail "export and erase to a pulled stick"
expect-text removed or stopped working
expect-text Nothing was erased from this kiosk.
S
nothing_whole "$WORK/pulled2"
still_all "pulled stick"
"$PRESCREEN" audit | grep -qP '\texport-erase\t' && fail "export-erase audited after a failure"
pass "export and erase, pulled stick: the failure, nothing erased, all $sessions sessions still export"

mkdir -p "$WORK/bad2"
erase_script <<'S' | FAIL_WRITE_DIR=$WORK/bad2 FAIL_WRITE_MODE=corrupt \
	LD_PRELOAD=$FAIL_WRITE kiosk_script --media "$WORK/bad2" || fail "export and erase to a corrupting stick"
expect-text did not read back correctly
expect-text Nothing was erased from this kiosk.
S
nothing_whole "$WORK/bad2"
still_all "corrupting stick"
pass "export and erase, corrupting stick: the read-back fails, nothing erased"

if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/full2" && mount -t tmpfs -o size=300k tmpfs "$WORK/full2" 2>/dev/null; then
	trap 'umount "$WORK/full2" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	erase_script <<'S' | kiosk_script --media "$WORK/full2" || fail "export and erase to a full stick"
expect-text The stick is full
expect-text Nothing was erased from this kiosk.
S
	nothing_whole "$WORK/full2"
	umount "$WORK/full2"
	still_all "full stick"
	pass "export and erase, full stick: the failure, nothing erased"
else
	echo "  (needs root to mount a small tmpfs: the full-stick export-and-erase is not run here)"
fi

# Cancel at the question: nothing exported, nothing erased.
mkdir -p "$WORK/cancel"
kiosk_script --media "$WORK/cancel" <<'S' || fail "export and erase, cancelled"
key Ctrl+Alt+A
press tab:export
press export-erase:0
press export-erase-cancel
expect-text Tap the stick to write the bundle to:
S
nothing_whole "$WORK/cancel"
still_all "cancelled"
pass "export and erase, cancelled at the question: nothing written, nothing erased"

# A good stick: the verified bundle holds every session, then exactly those are gone.
mkdir -p "$WORK/erase"
erase_script <<S | kiosk_script --media "$WORK/erase" --shots "$WORK/shots" || fail "export and erase to a good stick"
expect-text safe to remove
expect-text $sessions sessions were exported and erased from this kiosk.
shot export-erased
S
bundles=("$WORK/erase"/prescreen-export-*)
[ ${#bundles[@]} = 1 ] || fail "bundles on the stick: ${bundles[*]}"
"$BUNDLE_CHECK" "${bundles[0]}" > "$WORK/check" 2>&1 || fail "$(cat "$WORK/check")"
grep -q ": $sessions session(s)" "$WORK/check" || fail "bundle check: $(cat "$WORK/check")"
[ "$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select count(*) from sessions")" = 0 ] ||
	fail "sessions left after export and erase"
[ "$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select count(*) from answers")" = 0 ] ||
	fail "answers left after export and erase"
# gen_sessions' answers: none of them left in any file of the data directory (the WAL included).
sample=$(python3 - "${bundles[0]}" <<'PY'
import json, pathlib, sys
for p in sorted((pathlib.Path(sys.argv[1]) / "sessions").glob("*.json")):
    for a in json.loads(p.read_text())["answers"]:
        if a["answer"] and len(a["answer"].encode()) >= 30:
            print(a["answer"].encode()[:30].decode("utf-8", "ignore"))
            sys.exit(0)
PY
)
[ -n "$sample" ] || fail "no answer text in the bundle to look for"
grep -rqaF "$sample" "$PRESCREEN_DATA" && fail "an exported and erased answer is still on disk: $sample"
last_audit | grep -qP "\texport-erase\t$sessions $(basename "${bundles[0]}")$" || fail "audit: $(last_audit)"
"$PRESCREEN" audit | tail -n 2 | head -n 1 | grep -qP "\texport\t$(basename "${bundles[0]}")$" ||
	fail "no export line before export-erase: $("$PRESCREEN" audit | tail -n 3)"
pass "export and erase, good stick: $sessions verified in the bundle, then exactly those erased; audited"
