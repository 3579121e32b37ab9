# Erasing one candidate's session by its receipt code (issue 9, SPEC §14):
# staff type the code as the candidate reads it out (any case, spaces), the
# admin screen shows which session it is (start, language, status; never the
# name), and only the confirm erases it, through the writer, with an "erase"
# audit line naming the code and the id. The other session stays and still
# exports; a code no session has and a string that cannot be a code each get
# their own message and erase nothing. The status screen says in red that
# an event without a key stores answers unencrypted, and names the key of a
# sealed one; under a key, finding by code and "export and erase" work too.
. "$(dirname "$0")/lib.sh"

EV=$WORK/fair.json
python3 - "$SRC/assets/default-event.json" "$EV" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))
ev["id"] = "fair"
ev.pop("public_key", None)
ev["sealed"] = False
json.dump(ev, open(sys.argv[2], "w"), indent=2)
PY

# Two candidates, each left at the first question (interrupted at the next start).
for who in "Dana Candidate" "Eli Candidate"; do
	kiosk_script --event "$EV" <<S || fail "candidate $who"
press start
press lang:de
press agree
text $who
press next
expect-screen question
text An answer by $who
S
done
db=$PRESCREEN_DATA/prescreen.db
[ "$(sqlite3 "$db" "select count(*) from sessions")" = 2 ] || fail "two sessions expected"
first=$(sqlite3 "$db" "select id from sessions order by started_at, id limit 1")
second=$(sqlite3 "$db" "select id from sessions where id != '$first'")

# The receipt code as the candidate saw it: SPEC §14, computed here on its own.
receipt() {
	python3 - "$1" <<'PY'
import hashlib, sys
a = "ACDEFGHJKMNPQRTUVWXY34679"
d = hashlib.sha256(sys.argv[1].encode()).digest()
c = "".join(a[((d[2 * i] << 8) | d[2 * i + 1]) % len(a)] for i in range(8))
print(c[:4] + "-" + c[4:])
PY
}
code=$(receipt "$first")
other=$(receipt "$second")
# As someone might type it from the candidate's note: lower case, a space for the dash.
typed=$(echo "$code" | tr 'A-Z-' 'a-z ')
# A well-formed code neither session has.
unknown=ACDE-FGHJ
[ "$unknown" != "$code" ] && [ "$unknown" != "$other" ] || unknown=CDEF-GHJK

kiosk_script --event "$EV" --shots "$WORK/shots" > "$WORK/out" 2> "$WORK/err" <<S || { cat "$WORK/err"; fail "erase run"; }
key Ctrl+Alt+A
expect-screen admin-status
expect-text Candidates' answers are stored unencrypted
press tab:erase
expect-screen admin-erase
text hello
key Return
expect-text That is not a receipt code
$(for i in 1 2 3 4 5; do echo "key Backspace"; done)
text $unknown
press erase-find
expect-text No session on this kiosk has the receipt code $unknown
$(for i in 1 2 3 4 5 6 7 8 9; do echo "key Backspace"; done)
text $typed
key Return
expect-screen admin-erase
expect-text $code
expect-text Deutsch
expect-text Interrupted
shot erase-found
press erase-confirm
expect-text was erased from this kiosk
press close
expect-screen attract
S
grep -q "Candidate" "$WORK/out" "$WORK/err" && fail "a candidate's name reached the kiosk's output"
pass "a bad code, an unknown code and the right one typed as '$typed': each told apart"

[ "$(sqlite3 "$db" "select count(*) from sessions")" = 1 ] || fail "sessions left: $(sqlite3 "$db" "select id from sessions")"
[ "$(sqlite3 "$db" "select id from sessions")" = "$second" ] || fail "the wrong session was erased"
[ "$(sqlite3 "$db" "select count(*) from answers where session_id = '$first'")" = 0 ] ||
	fail "answers of the erased session are left"
# Nothing of it stays in the data directory's files (the WAL included).
grep -rqa "Dana Candidate" "$PRESCREEN_DATA" && fail "the erased candidate's name is still on disk: $(grep -rla "Dana Candidate" "$PRESCREEN_DATA")"
grep -rqa "An answer by Dana" "$PRESCREEN_DATA" && fail "the erased answer is still on disk"
grep -rqa "An answer by Eli" "$PRESCREEN_DATA" || fail "the other session's answer is gone from disk"
pass "exactly the session with code $code is gone, from every file; the other stays"

"$PRESCREEN" audit > "$WORK/audit" || fail "prescreen audit"
grep -qP "\terase\t$code $first\$" "$WORK/audit" || fail "no erase audit line: $(cat "$WORK/audit")"
[ "$(grep -cP '\terase\t' "$WORK/audit")" = 1 ] || fail "more than one erase: $(cat "$WORK/audit")"
pass "audit: erase $code $first"

bundle=$(export_bundle) || fail "export after the erase"
ls "$bundle/sessions" | grep -q "^$second" || fail "the remaining session does not export: $(ls "$bundle/sessions")"
[ "$(ls "$bundle/sessions" | wc -l)" = 1 ] || fail "bundle sessions: $(ls "$bundle/sessions")"
pass "the remaining session still exports"

# Cancel keeps it.
kiosk_script --event "$EV" <<S || fail "cancel run"
key Ctrl+Alt+A
press tab:erase
text $other
key Return
expect-text Interrupted
press erase-cancel
expect-screen admin-erase
press close
S
[ "$(sqlite3 "$db" "select count(*) from sessions")" = 1 ] || fail "cancel erased the session"
pass "cancel erases nothing"

# A real keyboard: SDL sends a digit as a key and as text while the field
# has the caret (headless `key 3` goes the way a key press does); each digit
# must land once. Left, Home and Delete edit the field.
kiosk_script --event "$EV" <<'S' || fail "keyboard run"
key Ctrl+Alt+A
press tab:erase
text acde fg
key 3
text 3
key 4
text 4
key Home
key Delete
text X
key Return
expect-text No session on this kiosk has the receipt code XCDE-FG34
S
pass "digits typed on a keyboard reach the code field once; Home and Delete edit it"

# --- under the reviewing team's key -------------------------------------------
keys=$WORK/keys
"$PRESCREEN" keygen --out "$keys" > /dev/null 2>&1 || fail "keygen"
SEV=$WORK/sealed.json
python3 - "$EV" "$SEV" "$(cat "$keys/prescreen.pub")" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))
ev.pop("sealed", None)
ev["id"] = "fair-sealed"
ev["public_key"] = sys.argv[3]
json.dump(ev, open(sys.argv[2], "w"), indent=2)
PY
key_id=$(python3 -c 'import base64, hashlib, sys; print(hashlib.sha256(base64.b64decode(sys.argv[1])).hexdigest()[:16])' "$(cat "$keys/prescreen.pub")")
rm -rf "$PRESCREEN_DATA"
for who in "Fay Candidate" "Gil Candidate"; do
	kiosk_script --event "$SEV" <<S || fail "sealed candidate $who"
press start
press lang:ja
press agree
text $who
press next
expect-screen question
text A sealed answer by $who
S
done
grep -q "sealed answer" "$db" "$db-wal" 2>/dev/null && fail "an answer is in the database in clear"
first=$(sqlite3 "$db" "select id from sessions order by started_at, id limit 1")
code=$(receipt "$first")
stick=$WORK/stick
mkdir -p "$stick"
kiosk_script --event "$SEV" --media "$stick" > "$WORK/out" 2> "$WORK/err" <<S || { cat "$WORK/err"; fail "sealed admin run"; }
key Ctrl+Alt+A
expect-screen admin-status
expect-text Sealed for the reviewing team's key $key_id
press tab:erase
text $code
key Return
expect-text 日本語
press erase-confirm
expect-text was erased from this kiosk
press tab:export
press export-erase:0
expect-text Erase 1 session from this kiosk after the export?
press export-erase-confirm
expect-text safe to remove
expect-text 1 session was exported and erased from this kiosk.
S
[ "$(sqlite3 "$db" "select count(*) from sessions")" = 0 ] || fail "sealed sessions left"
bundles=("$stick"/prescreen-export-*)
[ ${#bundles[@]} = 1 ] || fail "sealed bundles: ${bundles[*]}"
python3 - "${bundles[0]}" "$key_id" "$first" <<'PY' || fail "sealed bundle"
import json, pathlib, sys
b = pathlib.Path(sys.argv[1])
m = json.loads((b / "manifest.json").read_text())
assert m["sealed"] is True and m["key_id"] == sys.argv[2], m
files = sorted(p.name for p in (b / "sessions").iterdir())
assert len(files) == 1 and not files[0].startswith(sys.argv[3]), files
PY
"$PRESCREEN" audit | grep -qP "\terase\t$code $first\$" || fail "sealed erase audit: $("$PRESCREEN" audit)"
"$PRESCREEN" audit | grep -qP "\texport-erase\t1 $(basename "${bundles[0]}")\$" || fail "sealed export-erase audit"
pass "sealed event: the status names key $key_id; erase by code and export and erase work on sealed sessions"
