# Admin mode in the running kiosk (issue 8, "Done when"): a scripted headless
# run logs in with a PIN after one wrong PIN, changes the event (a new id,
# since a session exists), exports to a folder standing in for a USB stick
# and leaves kiosk mode; the bundle verifies and `prescreen audit` lists
# every step. Then: five wrong PINs lock admin mode, and a restart does not
# lift the lock; admin mode never opens while a candidate is at the kiosk.
. "$(dirname "$0")/lib.sh"
: "${BUNDLE_CHECK:?run through ctest (bundle_check)}"

EV=$WORK/fair.json
sed -e 's/"id": "default"/"id": "fair"/' "$SRC/assets/default-event.json" > "$EV"
printf '2468\n2468\n' | "$PRESCREEN" event set-pin "$EV" >/dev/null 2>&1 || fail "set-pin"
grep -q '"admin_pin_hash": "\$argon2id\$' "$EV" || fail "no PIN hash in $EV"
stick=$WORK/stick
mkdir -p "$stick"

# The chord is ignored while a candidate is at the kiosk; one session is recorded.
kiosk_script --event "$EV" <<'S' || fail "candidate session"
press start
press lang:en
key Ctrl+Alt+A
expect-screen consent
press agree
key Ctrl+Alt+A
expect-screen identity
text Dana Candidate
press next
expect-screen question
key Ctrl+Alt+A
expect-screen question
text A secret answer about Postgres
press next
S
pass "Ctrl+Alt+A does nothing while a candidate is at the kiosk"

audit_actions() { "$PRESCREEN" audit | cut -f2 | tr '\n' ' '; }

kiosk_script --event "$EV" --media "$stick" > "$WORK/out" 2> "$WORK/err" <<'S' || { cat "$WORK/err"; fail "admin run"; }
wait 20s
expect-screen attract
key Ctrl+Alt+A
expect-screen admin-pin
text 1357
key Return
expect-screen admin-pin
press pin:2
press pin:4
press pin:6
press pin:8
press pin:ok
expect-screen admin-status
expect-text 1
press tab:event
expect-screen admin-event
press q:q05
press save
expect-screen admin-event
press tab:export
expect-screen admin-export
press target:0
expect-screen admin-export
press tab:leave
expect-screen admin-leave
press leave-confirm
expect-screen attract
S
grep -q "A secret answer" "$WORK/err" "$WORK/out" && fail "a candidate's answer reached the kiosk's output"
pass "admin run: wrong PIN, right PIN, event saved, export, leave (exit 0)"

# The event saved by staff: a new id (a session exists), without q05, and current.
cur=$PRESCREEN_DATA/events/current
[ -e "$cur" ] || fail "no saved event at $cur"
python3 - "$cur" <<'PY' || fail "saved event: $(cat "$cur")"
import json, sys
ev = json.load(open(sys.argv[1]))
assert ev["id"] == "fair-2", ev["id"]
assert "q05" not in ev["questions"], ev["questions"]
assert len(ev["questions"]) == 6, ev["questions"]
assert ev["admin_pin_hash"].startswith("$argon2id$")
PY
pass "the changed event was saved as fair-2 without q05"

# The bundle on the stick verifies, holds the session, and nothing half-done is left.
shopt -s nullglob
bundles=("$stick"/prescreen-export-*)
[ ${#bundles[@]} = 1 ] || fail "expected one bundle on the stick: $(ls -A "$stick")"
leftovers=("$stick"/.prescreen-export-*)
[ ${#leftovers[@]} = 0 ] || fail "hidden leftovers on the stick: ${leftovers[*]}"
"$BUNDLE_CHECK" --roundtrip "${bundles[0]}" > "$WORK/check" 2>&1 || fail "bundle check: $(cat "$WORK/check")"
grep -q "ok .*: 1 session(s)" "$WORK/check" || fail "bundle check: $(cat "$WORK/check")"
grep -q "A secret answer about Postgres" "${bundles[0]}"/sessions/*.json || fail "the session is not in the bundle"
pass "the bundle on the stick verifies: $(cat "$WORK/check")"

# The audit trail, in order.
"$PRESCREEN" audit > "$WORK/audit" || fail "prescreen audit"
order=$(cut -f2 "$WORK/audit" | grep -E '^(login|pin-wrong|event-change|export|export-failed|leave)$' | tr '\n' ' ')
[ "$order" = "pin-wrong login event-change export leave " ] || fail "audit order: $order ($(cat "$WORK/audit"))"
grep -P '\tevent-change\tfair -> fair-2$' "$WORK/audit" >/dev/null || fail "event-change detail: $(cat "$WORK/audit")"
grep -P "\texport\t$(basename "${bundles[0]}")\$" "$WORK/audit" >/dev/null || fail "export detail: $(cat "$WORK/audit")"
pass "prescreen audit: $order"

# The next start runs the saved event (DATA/events/current) and records under it.
kiosk_script --event "$cur" <<'S' || fail "candidate under the new event"
press start
press lang:en
press agree
text Eli Candidate
press next
expect-screen question
S
[ "$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select count(*) from sessions where event_id = 'fair-2'")" = 1 ] ||
	fail "no session recorded under fair-2"
pass "a candidate after the change is recorded under fair-2"

# Five wrong PINs lock admin mode for a minute; a restart does not lift the lock.
rm -rf "$PRESCREEN_DATA"
kiosk_script --event "$EV" <<'S' || fail "five wrong PINs"
key Ctrl+Alt+A
expect-screen admin-pin
text 1111
key Return
text 2222
key Return
text 3333
key Return
text 4444
key Return
text 5555
key Return
text 2468
key Return
expect-screen admin-pin
S
kiosk_script --event "$EV" <<'S' || fail "restart while locked"
key Ctrl+Alt+A
expect-screen admin-pin
text 2468
key Return
expect-screen admin-pin
wait 61s
text 2468
key Return
expect-screen admin-status
press close
expect-screen attract
S
"$PRESCREEN" audit > "$WORK/audit2" || fail "audit"
order=$(cut -f2 "$WORK/audit2" | tr '\n' ' ')
[ "$order" = "pin-wrong pin-wrong pin-wrong pin-wrong pin-wrong locked login close " ] ||
	fail "lock audit: $order"
pass "five wrong PINs lock admin mode; the right PIN is refused after a restart until the minute is over"

# Without a PIN the chord opens the status screen directly; staff grant the
# next candidate ×1.5 time (the 4-minute limit counts down from 6 minutes)
# and drop a question: the same run's next candidate gets both.
rm -rf "$PRESCREEN_DATA"
kiosk_script <<'S' || fail "no PIN, extra time"
key Ctrl+Alt+A
expect-screen admin-status
press extra:150
press tab:event
press q:q05
press save
press close
expect-screen attract
press start
press lang:en
press agree
text Ana
press next
wait 1s
expect-screen question
expect-text Question 1 of 6
expect-text Time left: 5:59
S
"$PRESCREEN" audit | grep -qP '\textra-time\t150$' ||
	fail "no extra-time in the audit: $("$PRESCREEN" audit)"
pass "no PIN set: Ctrl+Alt+A opens the status screen; extra time ×1.5 and the changed event reach the next candidate"

# Every admin screen in English, Arabic, Hindi and Japanese, for the eye
# (SHOTS_OUT=DIR keeps them); a pack on the stick to install, two sessions
# to erase (by receipt code, then by "export and erase").
shots=${SHOTS_OUT:-$WORK/shots}
mkdir -p "$stick/packs" && cp -r "$SRC/questions/backend-developer" "$stick/packs/"
# Two sessions: one to erase by its receipt code, one to export and erase.
receipt() {
	python3 - "$1" <<'PY'
import hashlib, sys
a = "ACDEFGHJKMNPQRTUVWXY34679"
d = hashlib.sha256(sys.argv[1].encode()).digest()
c = "".join(a[((d[2 * i] << 8) | d[2 * i + 1]) % len(a)] for i in range(8))
print(c[:4] + "-" + c[4:])
PY
}
for lang in en ar hi ja; do
	rm -rf "$PRESCREEN_DATA"
	for who in Dana Eli; do
		kiosk_script --event "$EV" <<S || fail "a session before the admin screens"
press start
press lang:$lang
press agree
text $who
press next
expect-screen question
S
	done
	code=$(receipt "$(sqlite3 "$PRESCREEN_DATA/prescreen.db" "select id from sessions order by id limit 1")")
	[ "$code" != ACDE-FGHJ ] || fail "the unknown code of admin.txt is a session's"
	sed -e "s/@LANG@/$lang/g" -e "s/@CODE@/$code/g" "$SRC/tests/e2e/screens/admin.txt" > "$WORK/admin-$lang.txt"
	"$PRESCREEN" kiosk --headless --script "$WORK/admin-$lang.txt" --event "$EV" --media "$stick" \
		--size 1280x720 --shots "$shots" 2> "$WORK/err" || { cat "$WORK/err"; fail "admin screens in $lang"; }
	[ -f "$shots/admin-$lang-leave.png" ] || fail "no screenshots in $lang"
done
pass "admin screens in en ar hi ja: $(ls "$shots" | grep -c '^admin-') screenshots in $shots"
