# Opening bundles for review (issue 7, point 2): bundles from two kiosks and a
# later export that repeats sessions load into the review store, each session
# once; a hand-altered file refuses its bundle, naming the file, and the
# others still load; a session that differs from its copy in another bundle
# is a conflict, one whose threshold differs from its event's is refused as
# tampered; a folder that is no bundle is named. Exit 1 in each of those
# cases, 0 when everything is clean. What loaded is read from the store with
# the sqlite3 CLI, as a third party would.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || fail "needs the sqlite3 CLI"

# Two kiosks, each its own data folder and kiosk id, the same event.
for k in a b; do
	python3 - "$SRC/assets/default-event.json" "$WORK/event-$k.json" "kiosk-$k" <<'PY'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
e["kiosk_id"] = sys.argv[3]
json.dump(e, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
done
nq=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["questions"]))' \
	"$SRC/assets/default-event.json")

# One candidate: language, name, an answer to each question (the second left empty).
candidate() {
	local lang=$1 name=$2 text=$3
	printf 'press start\npress lang:%s\nexpect-screen consent\npress agree\ntext %s\npress next\n' \
		"$lang" "$name"
	for q in $(seq "$nq"); do
		if [ "$q" = 2 ]; then
			printf 'wait 2s\npress next\nwait 1s\npress skip-confirm\n'
		else
			printf 'wait 2s\ntext %s %s\nwait 1s\npress next\n' "$text" "$q"
		fi
	done
	printf 'wait 1s\nexpect-screen done\npress finish\nwait 1s\nexpect-screen attract\n'
}
run_kiosk() {
	local k=$1; shift
	"$PRESCREEN" kiosk --headless --data "$WORK/data-$k" --event "$WORK/event-$k.json" \
		--script "$1" 2>"$WORK/kiosk-$k.err" || fail "kiosk $k: $(cat "$WORK/kiosk-$k.err")"
}
export_of() {
	local out="$WORK/out-$1-$2"
	mkdir -p "$out"
	"$PRESCREEN" export --data "$WORK/data-$1" --out "$out" 2>"$out.err" ||
		fail "export $1: $(cat "$out.err")"
}

{ candidate en "Ana Lima" "I built the order service"; candidate ar "سارة" "أستخدم REST API"; } \
	> "$WORK/a1.txt"
{ candidate ja "山田太郎" "三年間 Node.js"; candidate hi "प्रियंका" "मैंने Django"; } > "$WORK/b1.txt"
candidate de "Jürgen" "Größe ÄÖÜ" > "$WORK/a2.txt"
run_kiosk a "$WORK/a1.txt"
a1=$(export_of a 1)
run_kiosk b "$WORK/b1.txt"
b1=$(export_of b 1)
# A later export of kiosk a repeats its first two sessions.
run_kiosk a "$WORK/a2.txt"
a2=$(export_of a 2)
[ "$(ls "$a2/sessions" | wc -l)" = 3 ] || fail "the second export of kiosk a has not 3 sessions"

export XDG_DATA_HOME="$WORK/xdg"
store="$XDG_DATA_HOME/prescreen/review.db"
review() { "$PRESCREEN" review --reviewer maria "$@"; }
sessions_in_store() { sqlite3 -readonly "$1" "SELECT count(*) FROM sessions"; }

review --export-scores "$WORK/scores.json" "$a1" "$b1" "$a2" 2>"$WORK/r1.err" ||
	fail "clean bundles: exit $?: $(cat "$WORK/r1.err")"
[ -f "$store" ] || fail "no review store at \$XDG_DATA_HOME/prescreen/review.db"
[ "$(stat -c %a "$store")" = 600 ] || fail "the review store is mode $(stat -c %a "$store")"
[ "$(stat -c %a "$XDG_DATA_HOME/prescreen")" = 700 ] || fail "the store's folder is not 0700"
[ "$(sessions_in_store "$store")" = 5 ] || fail "$(sessions_in_store "$store") sessions, not 5"
grep -q "5 session(s) (5 new, 2 already there)" "$WORK/r1.err" ||
	fail "the repeated sessions did not count once: $(cat "$WORK/r1.err")"
python3 - "$WORK/scores.json" <<'PY' || fail "the scores file"
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))
assert f["schema"] == "prescreen.scores.v1", f
assert f["reviewer"] == "maria", f
assert f["scores"] == [], f
PY
for id in $(ls "$a2/sessions" "$b1/sessions" | grep json | sed 's/\.json$//'); do
	[ "$(sqlite3 -readonly "$store" "SELECT count(*) FROM sessions WHERE id = '$id'")" = 1 ] ||
		fail "session $id is not in the store once"
done
pass "two kiosks and a repeating export: 5 distinct sessions, exit 0, store 0600"

# Scores given in the (headless) window come out in this reviewer's scores file only.
printf 'key 4\nwait 1s\nkey Right\nwait 1s\nkey 2\nwait 1s\n' > "$WORK/score.txt"
review --headless --script "$WORK/score.txt" "$a1" "$b1" "$a2" 2>"$WORK/w1.err" ||
	fail "headless review: $(cat "$WORK/w1.err")"
printf 'key 5\nwait 1s\n' > "$WORK/score-jun.txt"
"$PRESCREEN" review --reviewer jun --headless --script "$WORK/score-jun.txt" "$a1" "$b1" "$a2" \
	2>"$WORK/w2.err" || fail "headless review of jun: $(cat "$WORK/w2.err")"
review --export-scores "$WORK/scores.json" "$a1" "$b1" "$a2" 2>"$WORK/r1b.err" ||
	fail "export scores: $(cat "$WORK/r1b.err")"
ids=$(ls "$a2/sessions" "$b1/sessions" | grep json | sed 's/\.json$//' | tr '\n' ' ')
event=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$SRC/assets/default-event.json")
python3 - "$WORK/scores.json" "$ids" "$event" <<'PY' || fail "maria's scores file"
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))
ids = set(sys.argv[2].split())
assert f["reviewer"] == "maria", f
given = [e for e in f["scores"] if not e["automatic"]]
assert sorted(e["score"] for e in given) == [2, 4], f["scores"]
assert all(e["session_id"] in ids for e in f["scores"]), f["scores"]
assert all(e["score"] == 1 for e in f["scores"] if e["automatic"]), f["scores"]
assert [e["id"] for e in f["events"]] == [sys.argv[3]], f["events"]
PY
[ "$(sqlite3 -readonly "$store" "SELECT count(*) FROM scores WHERE reviewer = 'jun' AND score = 5")" = 1 ] ||
	fail "jun's score is not in the store"
pass "scores from the window: this reviewer's only in --export-scores"

# The same bundles again: nothing new, still clean.
review --export-scores "$WORK/scores.json" "$a1" "$b1" "$a2" 2>"$WORK/r2.err" ||
	fail "second open: exit $?: $(cat "$WORK/r2.err")"
grep -q "3 bundle(s) opened, 0 refused; 5 session(s)" "$WORK/r2.err" || fail "second open: $(cat "$WORK/r2.err")"
pass "second open of the same bundles"

# Rewrites the manifest's hash of one file, as someone covering their tracks would.
rehash() {
	python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
bundle, rel = sys.argv[1], sys.argv[2]
m = json.load(open(f"{bundle}/manifest.json", encoding="utf-8"))
m["files"][rel] = "sha256:" + hashlib.sha256(open(f"{bundle}/{rel}", "rb").read()).hexdigest()
json.dump(m, open(f"{bundle}/manifest.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}
# Changes one key of a session file with python's json (re-serialised: other bytes).
edit_session() {
	python3 - "$1" "$2" <<'PY'
import json, sys
path, what = sys.argv[1], sys.argv[2]
s = json.load(open(path, encoding="utf-8"))
if what == "answer":
    s["answers"][0]["answer"] = "a different answer"
else:
    s["event"]["threshold"] = int(what)
json.dump(s, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}

# A hand-altered session file: that bundle is refused, naming the file.
altered="$WORK/bad/altered"; mkdir -p "$WORK/bad"; cp -r "$b1" "$altered"
victim=$(ls "$altered/sessions" | head -n 1)
sed -i 's/"status": "completed"/"status": "abandoned"/' "$altered/sessions/$victim"
fresh="$WORK/xdg2/review.db"
set +e
"$PRESCREEN" review --store "$fresh" --export-scores "$WORK/s2.json" "$a1" "$altered" "$a2" \
	2>"$WORK/r3.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "an altered bundle: exit $rc, not 1: $(cat "$WORK/r3.err")"
grep -q "$altered/sessions/$victim" "$WORK/r3.err" || fail "the altered file is not named: $(cat "$WORK/r3.err")"
[ "$(sessions_in_store "$fresh")" = 3 ] || fail "the other bundles did not load: $(sessions_in_store "$fresh")"
pass "an altered file: bundle refused naming the file, the others load, exit 1"

# The same session in another bundle with other content, its manifest re-hashed.
copy="$WORK/bad/conflict"; cp -r "$b1" "$copy"
victim=$(ls "$copy/sessions" | head -n 1)
edit_session "$copy/sessions/$victim" answer
rehash "$copy" "sessions/$victim"
set +e
review --export-scores "$WORK/scores.json" "$a1" "$b1" "$copy" 2>"$WORK/r4.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "a conflict: exit $rc, not 1: $(cat "$WORK/r4.err")"
grep -qF "$copy/sessions/$victim: session ${victim%.json} differs from the copy in $b1" "$WORK/r4.err" ||
	fail "the conflict is not reported: $(cat "$WORK/r4.err")"
[ "$(sqlite3 -readonly "$store" "SELECT a.answer FROM answers a JOIN sessions s ON a.rowid = s.rowid * 8 WHERE s.id = '${victim%.json}'")" != "a different answer" ] ||
	fail "the conflicting copy replaced the first"
pass "a conflicting copy: reported naming both, the first copy kept, exit 1"

# A session whose event threshold was changed (re-hashed): tampered.
tampered="$WORK/bad/tampered"; cp -r "$a2" "$tampered"
victim=$(ls "$tampered/sessions" | tail -n 1)
edit_session "$tampered/sessions/$victim" 70
rehash "$tampered" "sessions/$victim"
set +e
review --export-scores "$WORK/scores.json" "$a1" "$tampered" 2>"$WORK/r5.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "tampered: exit $rc, not 1: $(cat "$WORK/r5.err")"
grep -qF "$tampered/sessions/$victim: event $event: threshold 70 differs from 60 in the other sessions of this event; refused as tampered" "$WORK/r5.err" ||
	fail "the tampered session is not reported: $(cat "$WORK/r5.err")"
[ "$(sqlite3 -readonly "$store" "SELECT count(*) FROM sessions WHERE threshold = 70")" = 0 ] ||
	fail "the tampered session was stored"
pass "a changed threshold: refused as tampered naming the file, exit 1"

# A random folder.
mkdir -p "$WORK/random/stuff"; echo hello > "$WORK/random/stuff/notes.txt"
set +e
review --export-scores "$WORK/scores.json" "$WORK/random" "$a1" 2>"$WORK/r6.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "a random folder: exit $rc, not 1"
grep "$WORK/random" "$WORK/r6.err" | grep -q "not a bundle\|not an export bundle" ||
	fail "the random folder is not named: $(cat "$WORK/r6.err")"
grep -q "1 bundle(s) opened, 1 refused" "$WORK/r6.err" || fail "the good bundle did not open: $(cat "$WORK/r6.err")"
pass "a random folder: named as not a bundle, exit 1"

# Clean again afterwards.
review --export-scores "$WORK/scores.json" "$a1" "$b1" "$a2" 2>"$WORK/r7.err" ||
	fail "clean bundles after the bad ones: exit $?: $(cat "$WORK/r7.err")"
[ "$(sessions_in_store "$store")" = 5 ] || fail "the store changed: $(sessions_in_store "$store")"

# Usage errors are 2.
set +e
"$PRESCREEN" review 2>/dev/null; [ $? = 2 ] || fail "no bundle: not exit 2"
"$PRESCREEN" review --bogus "$a1" 2>/dev/null; [ $? = 2 ] || fail "unknown option: not exit 2"
set -e
"$PRESCREEN" help review | grep -q "export-scores" || fail "help review"
pass "clean again: exit 0; usage errors exit 2"
