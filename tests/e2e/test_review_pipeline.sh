# Issue 7's "done when": kiosk → export → review by two reviewers, each in
# their own store → report. Ranks, combined scores, score out of 100, pass,
# flags and Krippendorff's alpha in the report are checked against values
# computed here, from the bundles and the two scores files, by a separate
# implementation of SPEC §9 (alpha from its pairwise definition).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/review_lib.sh"

# Two kiosks: four candidates who finish (one skips a question), one who walks away.
candidate "$WORK/k1" ar "ليلى حداد" "layla@example.org" "${AR_ANSWERS[@]}"
candidate "$WORK/k1" en "Ada Lovelace" "ada@example.org" "${DE_ANSWERS[@]}"
candidate "$WORK/k2" ja "山田花子" "hanako@example.org" "${JA_ANSWERS[@]}"
candidate "$WORK/k2" hi "किरण राव" "kiran@example.org" "${HI_ANSWERS[@]}"
printf '%s\n' "press start" "press lang:fr" "press agree" "text Jean Dupont" \
	"press field:email" "text jean@example.org" "press next" "text Je commence" "wait 3m" |
	PRESCREEN_DATA="$WORK/k2" "$PRESCREEN" kiosk --headless --script /dev/stdin ||
	fail "the abandoned candidate's kiosk run"
B1=$(export_of "$WORK/k1")
B2=$(export_of "$WORK/k2")
[ "$(ls "$B1/sessions" "$B2/sessions" | grep -c json)" = 5 ] || fail "five sessions expected in the bundles"

# Each reviewer scores every answer in the order the window shows them, with
# a pattern of their own; the orders are each reviewer's random one.
score_all() {   # STORE REVIEWER PATTERN...
	local store=$1 who=$2
	shift 2
	local pattern=("$@") i
	for i in $(seq 0 39); do
		echo "key ${pattern[$((i % ${#pattern[@]}))]}"
		echo "key Right"
	done | review_script "$store" "$who" en "$B1" "$B2" >/dev/null 2>"$WORK/$who.err" ||
		fail "review by $who: $(cat "$WORK/$who.err")"
	"$PRESCREEN" review --store "$store" --reviewer "$who" --export-scores "$WORK/$who.json" \
		"$B1" "$B2" 2>>"$WORK/$who.err" || fail "export of $who's scores: $(cat "$WORK/$who.err")"
}
score_all "$WORK/maria.db" maria 5 3 4 2 5 1 4
score_all "$WORK/omar.db" omar 3 3 5 4 4 2 1 5
pass "two reviewers scored in their own stores and exported their scores"

"$PRESCREEN" report "$B1" "$B2" --scores "$WORK/maria.json" "$WORK/omar.json" --lang en \
	--out "$WORK/report" 2>"$WORK/report.err" || fail "report: $(cat "$WORK/report.err")"

python3 - "$B1" "$B2" "$WORK/maria.json" "$WORK/omar.json" "$WORK/report" <<'PY' || fail "the report differs from the independent computation"
import csv, hashlib, itertools, json, math, pathlib, re, sys
b1, b2, f1, f2, out = sys.argv[1:]
sessions = {}
for b in (b1, b2):
    for p in sorted(pathlib.Path(b, "sessions").glob("*.json")):
        s = json.loads(p.read_text())
        sessions[s["session_id"]] = s
files = [json.load(open(f)) for f in (f1, f2)]
reviewers = [f["reviewer"] for f in files]
assert reviewers == ["maria", "omar"], reviewers
score = {}   # (reviewer, sid, qid) -> score
for f in files:
    for e in f["scores"]:
        assert 1 <= e["score"] <= 5
        score[(f["reviewer"], e["session_id"], e["question_id"])] = e["score"]
completed = [sid for sid, s in sessions.items() if s["status"] == "completed"]
assert len(completed) == 4, [s["status"] for s in sessions.values()]
# Every answer of every completed session was scored by both.
for sid in completed:
    for a in sessions[sid]["answers"]:
        for r in reviewers:
            assert (r, sid, a["question_id"]) in score, (r, sid, a["question_id"])
# The skipped answer was scored 1 automatically unless the reviewer changed it:
# at least it is scored (above), and marked automatic when it is 1 by the review.
autos = [e for f in files for e in f["scores"] if e.get("automatic")]
for e in autos:
    a = next(x for x in sessions[e["session_id"]]["answers"] if x["question_id"] == e["question_id"])
    assert not a["answer"], "automatic score on an answer with text"

crock = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def code(sid):
    bits = int.from_bytes(hashlib.sha256(sid.encode()).digest()[:5], "big")
    c = "".join(crock[(bits >> (35 - 5 * i)) & 31] for i in range(8))
    return "C-" + c[:4] + "-" + c[4:]

expect = {}
for sid in completed:
    s = sessions[sid]
    means, flags = {}, []
    for q in s["event"]["questions"]:
        v = [score[(r, sid, q)] for r in reviewers if (r, sid, q) in score]
        means[q] = sum(v) / len(v)
        if max(v) - min(v) >= 2:
            flags.append(q)
    total = math.floor(100 * sum((m - 1) / 4 for m in means.values()) / len(means) + 0.5)
    expect[code(sid)] = dict(means=means, flags=flags, score=total,
                             passed="yes" if total >= s["event"]["threshold"] else "no")
ranked = sorted(expect, key=lambda c: (-expect[c]["score"], c))

rows = list(csv.DictReader(open(f"{out}/results.csv", encoding="utf-8-sig", newline="")))
assert len(rows) == 5, len(rows)
got = [r["candidate code"] for r in rows[:4]]
assert got == ranked, (got, ranked)
for i, r in enumerate(rows[:4]):
    x = expect[r["candidate code"]]
    assert r["rank"] == str(i + 1), r
    assert int(r["score"]) == x["score"], (r["score"], x["score"])
    assert r["pass"] == x["passed"], (r["pass"], x["passed"])
    assert r["reviewers"] == "2", r["reviewers"]
    for q, m in x["means"].items():
        assert abs(float(r[q]) - m) < 0.005, (q, r[q], m)
    assert sorted(filter(None, re.split(r"[ ;,]+", r["flags"]))) == sorted(x["flags"]), (r["flags"], x["flags"])
apart = rows[4]
assert apart["rank"] == "" and apart["status"] == "abandoned" and apart["score"] == "", apart

# Krippendorff's alpha (ordinal), from the definition: D_o over all pairable
# pairs within units, D_e over all pairs of pairable values.
def alpha(units):
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    if n < 2 or len(set(values)) < 2:
        return None
    freq = {k: values.count(k) for k in range(1, 6)}
    def d2(c, k):
        lo, hi = min(c, k), max(c, k)
        return (sum(freq[g] for g in range(lo, hi + 1)) - (freq[c] + freq[k]) / 2) ** 2
    do = sum(sum(d2(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1) for u in units) / n
    de = sum(d2(a, b) for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - do / de
# Units: every answer of any session (the abandoned one's too) with scores.
units = [[score[(r, sid, q)] for r in reviewers if (r, sid, q) in score]
         for sid, s in sessions.items() for q in s["event"]["questions"]]
units = [u for u in units if len(u) >= 2]
want = alpha(units)
html = pathlib.Path(out, "report.html").read_text()
m = re.search(r"<td[^>]*>All questions</td>((?:<td[^>]*>[^<]*</td>){4})", html)
assert m, "no agreement row"
cells = re.findall(r"<td[^>]*>([^<]*)</td>", m.group(1))
if want is None:
    assert cells[1] == "–", cells
else:
    assert abs(float(cells[1]) - want) <= 0.005, (cells[1], want)
pairs = [(u[0], u[1]) for u in units]
exact = sum(a == b for a, b in pairs) / len(pairs)
adjacent = sum(abs(a - b) <= 1 for a, b in pairs) / len(pairs)
assert abs(float(cells[2]) - exact) <= 0.005 and abs(float(cells[3]) - adjacent) <= 0.005, (cells, exact, adjacent)
print(f"ranked {got}, alpha {want:.3f}" if want is not None else f"ranked {got}, alpha undefined")
PY
pass "ranks, scores, pass, flags, means and alpha (ordinal) agree with the independent computation"
