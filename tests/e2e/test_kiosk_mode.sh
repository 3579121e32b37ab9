# Nothing a candidate presses ends the kiosk; a service stop (SIGTERM) saves
# the session in progress as interrupted; declining stores nothing; the idle
# prompt ends an unattended session as abandoned.
. "$(dirname "$0")/lib.sh"

# Escape, Alt+F4 and Ctrl+C as keys change nothing but presence.
kiosk_script <<'S' || fail "kiosk keys"
press start
press lang:fr
press agree
text Camille
press next
expect-screen question
key Escape
key Alt+F4
key Ctrl+C
key Ctrl+Q
expect-screen question
text réponse
S
pass "Escape, Alt+F4, Ctrl+C do not leave the question screen"

# Declining consent stores nothing.
rm -rf "$PRESCREEN_DATA"
kiosk_script <<'S' || fail "decline"
press start
press lang:ar
expect-screen consent
press decline
expect-screen attract
S
count=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from sessions').fetchone()[0])" "$PRESCREEN_DATA/prescreen.db")
[ "$count" = 0 ] || fail "declined consent stored $count session(s)"
pass "declining consent stores nothing"

# An unattended session: idle prompt, then abandoned with its text kept.
kiosk_script <<'S' || fail "idle"
press start
press lang:de
press agree
text Jonas
press next
text Halb fertig
wait 89s
expect-screen question
wait 2s
expect-screen idle
wait 30s
expect-screen attract
S
bundle=$(export_bundle)
python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "bundle"
bundle_json "$bundle" | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin) if x["language"] == "de"]
assert len(s) == 1 and s[0]["status"] == "abandoned", s
assert s[0]["answers"][0]["answer"] == "Halb fertig", s[0]["answers"]
' || fail "abandoned session content"
pass "idle prompt then abandoned, text kept"

# SIGTERM mid-answer: clean exit, session interrupted with its text.
rm -rf "$PRESCREEN_DATA"
cat > "$WORK/term.txt" <<'S'
press start
press lang:ja
press agree
text 山田太郎
press next
text 途中まで書いた答え
wait 1h
S
"$PRESCREEN" kiosk --headless --realtime --script "$WORK/term.txt" --trace "$WORK/term.trace" &
pid=$!
for _ in $(seq 100); do
	[ "$(tail -n 1 "$WORK/term.trace" 2>/dev/null)" = 6 ] && break
	sleep 0.1
done
sleep 0.2
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" = 0 ] || fail "SIGTERM exit status $status"
bundle=$(export_bundle)
bundle_json "$bundle" | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert len(s) == 1 and s[0]["status"] == "interrupted", s
assert s[0]["answers"][0]["answer"] == "途中まで書いた答え", s[0]["answers"]
assert s[0]["ended_at"] is not None
' || fail "interrupted session content"
pass "SIGTERM saves the session as interrupted and exits 0"
