# The review window end to end: candidates through the headless kiosk, their
# bundles exported, then `prescreen review --headless` scoring with keys and
# taps; --export-scores must hold exactly what was scored. Blind: the first
# candidate shows as a code until its last answer is scored, then by name.
# Screenshots of reviewers in en, ar, hi, ja over answers in other languages
# are left in $REVIEW_SHOTS (default: the work dir) to be looked at.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/review_lib.sh"

SHOTS=${REVIEW_SHOTS:-$WORK/shots}
mkdir -p "$SHOTS"
REVIEW_OPTS="--shots $SHOTS"

candidate "$WORK/d-ar" ar "ليلى حداد" "layla@example.org" "${AR_ANSWERS[@]}"
candidate "$WORK/d-hi" hi "किरण राव" "kiran@example.org" "${HI_ANSWERS[@]}"
candidate "$WORK/d-ja" ja "山田花子" "hanako@example.org" "${JA_ANSWERS[@]}"
candidate "$WORK/d-de" de "Jürgen Großmann" "juergen@example.org" "${DE_ANSWERS[@]}"
B_AR=$(export_of "$WORK/d-ar")
B_HI=$(export_of "$WORK/d-hi")
B_JA=$(export_of "$WORK/d-ja")
B_DE=$(export_of "$WORK/d-de")
STORE="$WORK/review.db"
ALL=("$B_AR" "$B_HI" "$B_JA" "$B_DE")

# 1. Six answers of the first candidate scored: still a code.
review_script "$STORE" maria en "${ALL[@]}" --list-controls > "$WORK/run1.txt" 2>"$WORK/run1.err" <<'S' \
	|| fail "review run 1: $(cat "$WORK/run1.err")"
expect-screen answer
expect-text Candidate C-
key 4
key Right
press score:2
key Right
key 3
key n
expect-screen note
text Careful: 5 years claimed,\nbut no detail.
key Escape
expect-screen answer
key Right
press score:5
key Down
key 1
key Right
key 2
key Right
expect-text Candidate C-
shot blind-before-last
S
grep -q '^screen answer$' "$WORK/run1.txt" || fail "run 1 listing: $(cat "$WORK/run1.txt")"
grep -q '^candidate C-' "$WORK/run1.txt" || fail "a name before the last score: $(cat "$WORK/run1.txt")"
for id in score:1 score:2 score:3 score:4 score:5 note next prev order; do
	grep -q "^$id	" "$WORK/run1.txt" || fail "no control $id in --list-controls"
done
pass "blind: a code after six of seven answers"

# 2. The seventh: the name appears.
review_script "$STORE" maria en "${ALL[@]}" --list-controls > "$WORK/run2.txt" 2>"$WORK/run2.err" <<'S' \
	|| fail "review run 2: $(cat "$WORK/run2.err")"
key Right
key Right
key Right
key Right
key Right
key Right
expect-text Candidate C-
key 3
shot blind-after-last
S
NAME=$(sed -n 's/^candidate //p' "$WORK/run2.txt")
case "$NAME" in
"ليلى حداد"|"किरण राव"|"山田花子"|"Jürgen Großmann") pass "revealed after the last score: $NAME" ;;
*) fail "expected a candidate's name after the last score, got '$NAME'" ;;
esac

# 3. Question by question (Tab), a tap on another candidate's answer.
review_script "$STORE" maria en "${ALL[@]}" > /dev/null 2>"$WORK/run3.err" <<'S' \
	|| fail "review run 3: $(cat "$WORK/run3.err")"
press order
key Right
press score:4
S

"$PRESCREEN" review --store "$STORE" --reviewer maria --export-scores "$WORK/scores.json" \
	"${ALL[@]}" 2>"$WORK/export.err" || fail "export-scores: $(cat "$WORK/export.err")"
python3 - "$WORK/scores.json" "$NAME" "${ALL[@]}" <<'PY' || fail "the scores file"
import json, pathlib, sys
scores = json.load(open(sys.argv[1]))
name, bundles = sys.argv[2], sys.argv[3:]
sessions = {}
for b in bundles:
    for p in (pathlib.Path(b) / "sessions").glob("*.json"):
        s = json.loads(p.read_text())
        sessions[s["session_id"]] = s
assert scores["schema"] == "prescreen.scores.v1", scores["schema"]
assert scores["reviewer"] == "maria"
entries = scores["scores"]
by_session = {}
for e in entries:
    by_session.setdefault(e["session_id"], []).append(e)
# The first candidate: all seven, the values typed and tapped, one note.
first = [sid for sid, es in by_session.items() if len(es) == 7]
assert len(first) == 1, by_session
sid = first[0]
s = sessions[sid]
assert s["candidate"]["name"] == name, (s["candidate"]["name"], name)
order = [a["question_id"] for a in s["answers"]]
got = {e["question_id"]: e for e in by_session[sid]}
want = [4, 2, 3, 5, 1, 2, 3]
for q, w in zip(order, want):
    assert got[q]["score"] == w, (q, got[q], w)
    assert not got[q].get("automatic", False), got[q]
assert got[order[2]]["note"] == "Careful: 5 years claimed,\nbut no detail.", got[order[2]]
assert all(not got[q].get("note") for q in order if q != order[2])
# By question: the second candidate's first answer, tapped 4; nothing else.
rest = [e for e in entries if e["session_id"] != sid]
assert len(rest) == 1, rest
assert rest[0]["score"] == 4 and rest[0]["question_id"] == order[0], rest
print("scores ok:", len(entries))
PY
pass "the scores file holds exactly what was scored"

# 4. An empty answer: scored 1 automatically when shown, then changed.
review_script "$WORK/auto.db" li en "$B_AR" --list-controls > "$WORK/auto.txt" 2>"$WORK/auto.err" <<'S' \
	|| fail "auto run: $(cat "$WORK/auto.err")"
key Right
key Right
expect-text No answer
expect-text Scored 1 automatically: no answer
shot auto-1
key Right
S
"$PRESCREEN" review --store "$WORK/auto.db" --reviewer li --export-scores "$WORK/auto.json" "$B_AR" \
	2>/dev/null || fail "export-scores (auto)"
python3 - "$WORK/auto.json" <<'PY' || fail "automatic score"
import json, sys
e = json.load(open(sys.argv[1]))["scores"]
assert len(e) == 1 and e[0]["score"] == 1 and e[0].get("automatic") is True, e
PY
review_script "$WORK/auto.db" li en "$B_AR" > /dev/null 2>&1 <<'S' || fail "auto change"
key Right
key Right
key 2
S
"$PRESCREEN" review --store "$WORK/auto.db" --reviewer li --export-scores "$WORK/auto.json" "$B_AR" \
	2>/dev/null || fail "export-scores (auto 2)"
python3 - "$WORK/auto.json" <<'PY' || fail "automatic score changed"
import json, sys
e = json.load(open(sys.argv[1]))["scores"]
assert len(e) == 1 and e[0]["score"] == 2 and not e[0].get("automatic"), e
PY
pass "an empty answer scored 1 automatically, then changed"

# 5. Reviewers' languages over answers in other languages, for the eye.
shoot() {   # reviewer-language bundle name
	review_script "$WORK/shots-$1.db" "r-$1" "$1" "$2" --size 1920x1080 > /dev/null \
		2>"$WORK/shot-$1.err" <<S || fail "shots for $1: $(cat "$WORK/shot-$1.err")"
expect-screen answer
shot $3-first
key Right
shot $3
key 4
key n
text ${4:-Good}
shot $3-note
S
}
shoot ja "$B_AR" review-ja-over-ar "よい回答"
shoot en "$B_HI" review-en-over-hi "Clear and specific."
shoot ar "$B_JA" review-ar-over-ja "إجابة واضحة"
shoot hi "$B_DE" review-hi-over-de "अच्छा उत्तर"
shoot de "$B_DE" review-de-over-de "Gut begründet."
for f in review-ja-over-ar review-en-over-hi review-ar-over-ja review-hi-over-de review-de-over-de; do
	[ -s "$SHOTS/$f.png" ] || fail "no screenshot $f"
done
pass "screenshots in $SHOTS"

# 6. Calibration: the pack's samples first; after a score, the reference and the difference.
REVIEW_OPTS="--shots $SHOTS --calibrate --size 1920x1080" \
review_script "$WORK/cal.db" cal en "$B_DE" > /dev/null 2>"$WORK/cal.err" <<'S' \
	|| fail "calibration: $(cat "$WORK/cal.err")"
expect-screen calibration
key 2
expect-text Reference score
expect-text Why the reference score
S
# The same in German, for the eye (the catalog's words, so no text expected).
REVIEW_OPTS="--shots $SHOTS --calibrate --size 1920x1080" \
review_script "$WORK/cal-de.db" cal de "$B_DE" > /dev/null 2>"$WORK/cal.err" <<'S' \
	|| fail "calibration (de): $(cat "$WORK/cal.err")"
expect-screen calibration
shot calibration-de-before
key 2
shot calibration-de-after
S
"$PRESCREEN" review --store "$WORK/cal.db" --reviewer cal --export-scores "$WORK/cal.json" "$B_DE" \
	2>/dev/null || fail "export-scores (calibration)"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["scores"]; assert e == [], e' "$WORK/cal.json" \
	|| fail "calibration scores were exported as session scores"
pass "calibration: reference and difference shown, nothing exported"

# 7. Without --lang the reviewer's language comes from the environment (LANGUAGE first).
script="$WORK/env.txt"
printf 'expect-screen answer\nexpect-text 候補者\n' > "$script"
LANGUAGE=ja:en LANG=de_DE.UTF-8 "$PRESCREEN" review --headless --store "$WORK/env.db" --reviewer env \
	--script "$script" "$B_AR" 2>"$WORK/env.err" || fail "LANGUAGE=ja: $(cat "$WORK/env.err")"
printf 'expect-screen answer\nexpect-text Bewerb\n' > "$script"
env -u LANGUAGE LC_ALL= LANG=de_DE.UTF-8 "$PRESCREEN" review --headless --store "$WORK/env.db" \
	--reviewer env --script "$script" "$B_AR" 2>"$WORK/env.err" || fail "LANG=de_DE: $(cat "$WORK/env.err")"
pass "the reviewer's language from LANGUAGE, else LANG"
