# A whole candidate session, scripted through the real kiosk, checked through
# its export: every SPEC §4 field, plausible timings, CSV and checksums.
. "$(dirname "$0")/lib.sh"

kiosk_script --shots "$WORK/shots" <<'S'
expect-screen attract
shot attract
press start
expect-screen language
shot language
press lang:en
expect-screen consent
shot consent
wait 4s
press agree
expect-screen identity
wait 1s
press next
shot identity-name-required
text Ana María Souza
press field:email
text ana@example.org
wait 2s
shot identity
press next
expect-screen question
wait 5s
text I have seven years of back-end work,\smostly Python and Django REST framework on AWS.
wait 800ms
key Backspace
key Backspace
wait 300ms
text .\n
text Before that: two years of Java.
compose にほん
shot question
compose
wait 20s
press next
wait 3s
text Mostly Postgres; some Aurora.
press next
text 三年間 Node.js と Express.js を使ってきました。
wait 1s
press next
wait 1s
press next
wait 1s
press skip-confirm
wait 60s
text a
wait 60s
text b
wait 60s
text c
wait 15s
shot question-warning
wait 50s
expect-screen question
text Migrated a MySQL schema to Aurora 🚀
press next
wait 1s
press next
wait 1s
press skip-confirm
expect-screen done
shot done
wait 30s
expect-screen attract
S

bundle=$(export_bundle)
[ -d "$bundle" ] || fail "no bundle written"
python3 "$SRC/tests/e2e/check_export.py" "$bundle" || fail "bundle check"
bundle_json "$bundle" > "$WORK/sessions.json"
python3 - "$WORK/sessions.json" <<'PY' || fail "session content"
import json, sys
sessions = json.load(open(sys.argv[1]))
assert len(sessions) == 1, len(sessions)
s = sessions[0]
assert s["status"] == "completed", s["status"]
assert s["language"] == "en"
assert s["candidate"]["name"] == "Ana María Souza", s["candidate"]
assert s["candidate"]["email"] == "ana@example.org"
assert s["pack"]["id"] == "backend-developer" and s["pack"]["hash"].startswith("sha256:")
assert s["event"]["threshold"] == 60 and len(s["event"]["questions"]) == 7
a = s["answers"]
assert [x["question_id"] for x in a] == s["event"]["questions"], [x["question_id"] for x in a]
first = a[0]
expect = ("I have seven years of back-end work, mostly Python and Django REST framework "
          "on AWS.\nBefore that: two years of Java.")
assert first["answer"] == expect.replace("AWS.", "AW."), repr(first["answer"])
assert first["first_input_ms"] == 5000, first["first_input_ms"]
assert first["submitted_ms"] == 5000 + 800 + 300 + 20000, first["submitted_ms"]
# The composition shown, then cancelled, is typing too: two keystrokes, one a deletion.
assert first["keystrokes"] == 7 and first["deletions"] == 3, (first["keystrokes"], first["deletions"])
assert first["active_ms"] == 1100, first["active_ms"]
assert a[2]["answer"] == "三年間 Node.js と Express.js を使ってきました。"
assert a[2]["words"] >= 6, a[2]["words"]
assert a[3]["skipped"] is True and a[3]["answer"] == ""
assert a[4]["timed_out"] is True, a[4]
assert a[4]["answer"] == "abc" and a[4]["skipped"] is False, a[4]
assert a[5]["answer"].endswith("🚀")
assert s["started_at"] <= a[0]["shown_at"] <= s["ended_at"]
print("session content ok")
PY
for shot in attract language consent identity identity-name-required question question-warning done; do
	[ -s "$WORK/shots/$shot.png" ] || fail "no screenshot $shot"
done
pass "scripted session exported with every field"
