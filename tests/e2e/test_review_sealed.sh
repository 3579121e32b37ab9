# Sealed bundles reviewed (issue 9, point 3, reviewer side): candidates typed
# into real headless kiosks whose event names the team's public key, exported
# (sessions/<id>.json.sealed, no sessions.csv), then reviewed headless with
# --key: the answers shown are the ones typed, the scores land in the store
# and in --export-scores, and `report --key` ranks them beside a clear
# bundle's candidate. Then every bad input: no key, another team's key, the
# public key given for the secret one, a box that does not open. Each is its
# exact line and exit status 1, and nothing of what was refused reaches the
# review store (read with the sqlite3 CLI, as a third party would).
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || fail "needs the sqlite3 CLI"

"$PRESCREEN" keygen --out "$WORK/team" >/dev/null 2>"$WORK/keygen.err" ||
	fail "keygen: $(cat "$WORK/keygen.err")"
"$PRESCREEN" keygen --out "$WORK/other" >/dev/null 2>>"$WORK/keygen.err" ||
	fail "keygen (other): $(cat "$WORK/keygen.err")"
[ -s "$WORK/team/prescreen.pub" ] && [ -s "$WORK/team/prescreen.key" ] || fail "keygen wrote no key pair"

# event KIOSK KEYDIR|clear OUT — the default event, for a kiosk, sealed for a key or not.
event() {
	python3 - "$SRC/assets/default-event.json" "$3" "$1" "$2" <<'PY'
import json, sys
src, out, kiosk, keydir = sys.argv[1:]
e = json.load(open(src, encoding="utf-8"))
e["kiosk_id"] = kiosk
e.pop("sealed", None)
e.pop("public_key", None)
if keydir == "clear":
    e["sealed"] = False
else:
    e["public_key"] = open(keydir + "/prescreen.pub").read().strip()
json.dump(e, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}
event sealed-a "$WORK/team" "$WORK/event-a.json"
event sealed-b "$WORK/team" "$WORK/event-b.json"
event clear-c clear "$WORK/event-c.json"
event other-d "$WORK/other" "$WORK/event-d.json"
nq=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["questions"]))' \
	"$WORK/event-a.json")

# candidate K LANG NAME EMAIL PREFIX — one session on kiosk K; answer i is "PREFIX i".
candidate() {
	local k=$1 script="$WORK/cand.$RANDOM.txt"
	{
		printf 'press start\npress lang:%s\nwait 1s\nexpect-screen consent\npress agree\n' "$2"
		printf 'wait 1s\ntext %s\npress field:email\ntext %s\nwait 1s\npress next\n' "$3" "$4"
		for q in $(seq "$nq"); do
			printf 'wait 3s\ntext %s %s\nwait 2s\npress next\n' "$5" "$q"
		done
		printf 'wait 1s\nexpect-screen done\n'
	} > "$script"
	"$PRESCREEN" kiosk --headless --data "$WORK/data-$k" --event "$WORK/event-$k.json" \
		--script "$script" 2>"$WORK/kiosk-$k.err" || fail "kiosk $k: $(cat "$WORK/kiosk-$k.err")"
}
export_of() {
	local out="$WORK/out-$1"
	mkdir -p "$out"
	"$PRESCREEN" export --data "$WORK/data-$1" --out "$out" 2>"$out.err" ||
		fail "export $1: $(cat "$out.err")"
}

candidate a de "Zofia Kowalska-Brandt" "zofia@example.org" "Versiegelte Antwort"
candidate b ja "山田花子" "hanako@example.org" "封印された回答"
candidate b en "Omar Haddad" "omar@example.org" "Sealed answer"
candidate c en "Ada Lovelace" "ada@example.org" "Clear answer"
candidate d en "Grace Hopper" "grace@example.org" "Other team answer"
BA=$(export_of a)
BB=$(export_of b)
BC=$(export_of c)
BD=$(export_of d)

# What the kiosk wrote: boxes only, the key named, nothing readable.
for b in "$BA" "$BB" "$BD"; do
	[ ! -e "$b/sessions.csv" ] || fail "$b has a sessions.csv"
	[ -z "$(find "$b/sessions" -name '*.json')" ] || fail "$b has a clear session file"
	[ -n "$(find "$b/sessions" -name '*.json.sealed')" ] || fail "$b has no sealed session"
done
! grep -rqa "Kowalska\|Versiegelte\|山田\|Omar" "$BA" "$BB" || fail "a candidate's text in a sealed bundle"
KEY_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key_id"])' "$BA/manifest.json")
OTHER_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key_id"])' "$BD/manifest.json")
[ "${#KEY_ID}" = 16 ] && [ "$KEY_ID" != "$OTHER_ID" ] || fail "key ids '$KEY_ID' '$OTHER_ID'"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sealed"])' "$BA/manifest.json")" = True ] ||
	fail "the manifest does not say sealed"
pass "kiosks sealed for two keys exported sealed bundles (key $KEY_ID, other $OTHER_ID)"

sessions_in_store() { sqlite3 -readonly "$1" "SELECT count(*) FROM sessions"; }
# expect_line FILE LINE — FILE holds exactly that line.
expect_line() { grep -qxF -- "$2" "$1" || fail "no line '$2' in: $(cat "$1")"; }

# 1. Reviewed with the key: each answer shown is the one typed, then the name.
STORE="$WORK/maria.db"
{
	echo "expect-screen answer"
	echo "expect-text Candidate C-"
	for q in $(seq "$nq"); do
		[ "$q" = 1 ] || echo "key Right"
		echo "expect-text Versiegelte Antwort $q"
		echo "key $(( (q % 5) + 1 ))"
	done
	echo "expect-text Zofia Kowalska-Brandt"
} > "$WORK/review1.txt"
"$PRESCREEN" review --headless --store "$STORE" --reviewer maria --lang en --key "$WORK/team/prescreen.key" \
	--script "$WORK/review1.txt" "$BA" >/dev/null 2>"$WORK/review1.err" ||
	fail "review with the key: exit $?: $(cat "$WORK/review1.err")"
[ "$(sessions_in_store "$STORE")" = 1 ] || fail "$(sessions_in_store "$STORE") sessions in the store, not 1"
[ "$(sqlite3 -readonly "$STORE" "SELECT count(*) FROM scores WHERE reviewer = 'maria' AND score > 0")" = "$nq" ] ||
	fail "the scores did not land in the store"
pass "review --key: the $nq answers shown are the ones typed, scored, then the name"

# 2. Sealed and clear bundles together, one key (the key's folder this time).
"$PRESCREEN" review --store "$STORE" --reviewer maria --key "$WORK/team" \
	--export-scores "$WORK/maria.json" "$BA" "$BB" "$BC" 2>"$WORK/review2.err" ||
	fail "sealed and clear bundles: exit $?: $(cat "$WORK/review2.err")"
grep -q "3 bundle(s) opened, 0 refused; 4 session(s) (3 new, 0 already there), 0 conflict(s)" \
	"$WORK/review2.err" || fail "mixed bundles: $(cat "$WORK/review2.err")"
[ "$(sessions_in_store "$STORE")" = 4 ] || fail "$(sessions_in_store "$STORE") sessions, not 4"
python3 - "$WORK/maria.json" "$nq" <<'PY' || fail "the scores file"
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))
nq = int(sys.argv[2])
scores = f["scores"]
assert len(scores) == nq, scores
assert sorted(e["score"] for e in scores) == sorted((q % 5) + 1 for q in range(1, nq + 1)), scores
assert len({e["session_id"] for e in scores}) == 1
PY
# The store holds what it holds for clear bundles: the answers, opened.
sqlite3 -readonly "$STORE" "SELECT answer FROM answers" | grep -q "^封印された回答 3$" ||
	fail "the sealed Japanese answers are not in the review store"
# Imported whole: opened again without the key, nothing to open.
"$PRESCREEN" review --store "$STORE" --reviewer maria --export-scores "$WORK/again.json" \
	"$BA" "$BB" "$BC" 2>"$WORK/review3.err" || fail "reopened without the key: $(cat "$WORK/review3.err")"
pass "sealed and clear bundles with one key: 4 sessions, the scores exported"

# 3. The report, with the key.
"$PRESCREEN" report "$BA" "$BB" "$BC" --scores "$WORK/maria.json" --key "$WORK/team/prescreen.key" \
	--lang en --out "$WORK/report" 2>"$WORK/report.err" || fail "report --key: $(cat "$WORK/report.err")"
python3 - "$WORK/report" "$nq" <<'PY' || fail "the report of sealed bundles"
import csv, math, sys
out, nq = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(f"{out}/results.csv", encoding="utf-8-sig", newline="")))
names = {r["name"] for r in rows}
assert names == {"Zofia Kowalska-Brandt", "山田花子", "Omar Haddad", "Ada Lovelace"}, names
zofia = next(r for r in rows if r["name"] == "Zofia Kowalska-Brandt")
want = math.floor(100 * sum(((q % 5) + 1 - 1) / 4 for q in range(1, nq + 1)) / nq + 0.5)
assert zofia["rank"] == "1" and int(zofia["score"]) == want, (zofia, want)
html = open(f"{out}/report.html", encoding="utf-8").read()
assert "山田花子" in html or "C-" in html
PY
pass "report --key: the sealed candidates ranked with the clear one, the score as given"

# 4. No key: the exact line, exit 1, nothing stored; the window opens empty.
FRESH="$WORK/fresh.db"
printf 'expect-screen empty\n' > "$WORK/empty.txt"
set +e
"$PRESCREEN" review --headless --script "$WORK/empty.txt" --store "$FRESH" --reviewer omar \
	"$BA" >/dev/null 2>"$WORK/nokey.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "no key: exit $rc"
expect_line "$WORK/nokey.err" "$BA: its sessions are sealed for key $KEY_ID; open it with --key FILE (the secret key from prescreen keygen)"
[ "$(grep -c "" "$WORK/nokey.err")" = 2 ] || fail "no key: more than its line and the summary: $(cat "$WORK/nokey.err")"
[ "$(sessions_in_store "$FRESH")" = 0 ] || fail "no key: sessions stored"
set +e
"$PRESCREEN" report "$BA" "$BC" --out "$WORK/report-nokey" 2>"$WORK/report-nokey.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "report without a key: exit $rc"
expect_line "$WORK/report-nokey.err" "$BA: its sessions are sealed for key $KEY_ID; open it with --key FILE (the secret key from prescreen keygen)"
! grep -q "Zofia" "$WORK/report-nokey/results.csv" || fail "report without a key has the sealed candidate"
grep -q "Ada Lovelace" "$WORK/report-nokey/results.csv" || fail "report without a key lost the clear bundle"
pass "no key: '$BA: its sessions are sealed for key $KEY_ID; ...', exit 1, nothing stored"

# 5. Another team's key (and a bundle sealed for it beside): the exact line.
printf 'expect-screen answer\nexpect-text Other team answer 1\n' > "$WORK/answer.txt"
set +e
"$PRESCREEN" review --headless --script "$WORK/answer.txt" --store "$FRESH" --reviewer omar \
	--key "$WORK/other/prescreen.key" "$BA" "$BD" >/dev/null 2>"$WORK/wrong.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "wrong key: exit $rc"
expect_line "$WORK/wrong.err" "$BA/manifest.json: sealed for key $KEY_ID, but $WORK/other/prescreen.key is key $OTHER_ID"
grep -q "1 bundle(s) opened, 1 refused; 1 session(s)" "$WORK/wrong.err" ||
	fail "wrong key: the other team's own bundle did not load: $(cat "$WORK/wrong.err")"
[ "$(sqlite3 -readonly "$FRESH" "SELECT kiosk_id FROM sessions")" = "other-d" ] ||
	fail "wrong key: the store holds $(sqlite3 -readonly "$FRESH" "SELECT kiosk_id FROM sessions")"
set +e
"$PRESCREEN" report "$BA" --key "$WORK/other/prescreen.key" --out "$WORK/report-wrong" 2>"$WORK/report-wrong.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "report with the wrong key: exit $rc"
expect_line "$WORK/report-wrong.err" "$BA/manifest.json: sealed for key $KEY_ID, but $WORK/other/prescreen.key is key $OTHER_ID"
pass "wrong key: '$BA/manifest.json: sealed for key $KEY_ID, but ... is key $OTHER_ID', exit 1"

# 6. The public key given for the secret one: seal_key_load's line, nothing opened.
for cmd in review report; do
	set +e
	if [ $cmd = review ]; then
		"$PRESCREEN" review --store "$WORK/pub.db" --key "$WORK/team/prescreen.pub" \
			--export-scores "$WORK/pub.json" "$BA" 2>"$WORK/pub-$cmd.err"
	else
		"$PRESCREEN" report "$BA" --key "$WORK/team/prescreen.pub" --out "$WORK/report-pub" \
			2>"$WORK/pub-$cmd.err"
	fi
	rc=$?
	set -e
	[ "$rc" = 1 ] || fail "$cmd with the public key: exit $rc"
	expect_line "$WORK/pub-$cmd.err" "$WORK/team/prescreen.pub:1: this is a public key (prescreen.pub); review and report need the secret key, prescreen.key"
	[ "$(grep -c "" "$WORK/pub-$cmd.err")" = 1 ] || fail "$cmd with the public key: $(cat "$WORK/pub-$cmd.err")"
done
[ ! -e "$WORK/pub.db" ] && [ ! -e "$WORK/pub.json" ] && [ ! -e "$WORK/report-pub" ] ||
	fail "the public key as --key: something was written"
pass "the public key as --key: its line, exit 1, nothing written"

# 7. A box that does not open: kiosk b's bundle with Omar's box replaced by
#    one the other team's kiosk sealed, the manifest hashed again to match.
BX="$WORK/swapped"
cp -r "$BB" "$BX"
victim=$(python3 - "$BX" <<'PY'
import hashlib, json, pathlib, sys
b = pathlib.Path(sys.argv[1])
boxes = sorted((b / "sessions").glob("*.json.sealed"))
print(boxes[-1].name[:-len(".json.sealed")])
PY
)
cp "$(find "$BD/sessions" -name '*.json.sealed' | head -1)" "$BX/sessions/$victim.json.sealed"
python3 - "$BX" <<'PY'
import hashlib, json, pathlib, sys
b = pathlib.Path(sys.argv[1])
m = json.loads((b / "manifest.json").read_text())
for rel in m["files"]:
    m["files"][rel] = "sha256:" + hashlib.sha256((b / rel).read_bytes()).hexdigest()
(b / "manifest.json").write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n")
PY
BOX="$WORK/box.db"
set +e
printf 'expect-screen answer\n' > "$WORK/one.txt"
"$PRESCREEN" review --headless --script "$WORK/one.txt" --store "$BOX" \
	--reviewer omar --key "$WORK/team/prescreen.key" "$BX" >/dev/null 2>"$WORK/box.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "a box that does not open: exit $rc"
expect_line "$WORK/box.err" "$BX/sessions/$victim.json.sealed: cannot be opened with this key (damaged, or sealed for another key)"
[ "$(sqlite3 -readonly "$BOX" "SELECT count(*) FROM sessions WHERE id = '$victim'")" = 0 ] ||
	fail "the box that did not open reached the store"
[ "$(sessions_in_store "$BOX")" = 1 ] || fail "the other session of that bundle did not load"
pass "a box that does not open: its line, exit 1, that session not stored, the other loaded"
