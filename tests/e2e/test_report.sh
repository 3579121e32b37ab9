# The report end to end: candidates through the real kiosk, their bundle,
# two reviewers' scores files written here, then `prescreen report`. The
# ranks, combined scores, score out of 100, pass and flags of results.csv are
# computed again here (python3) from the bundle and the scores files. Then
# bad inputs, each one line naming its file and exit 1, the rest still
# reported the same.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/event.json" <<'E'
{
  "schema": "prescreen.event.v1",
  "id": "report-e2e",
  "title": "Backend Developer pre-screening",
  "pack": "backend-developer",
  "questions": ["q01", "q05", "q07", "q12", "q16", "q21"],
  "languages": ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"],
  "contact_fields": ["email", "city"],
  "threshold": 50,
  "sealed": false
}
E

# complete LANG NAME CITY ANSWER... — one whole session; "-" skips an answer.
complete() {
	local lang=$1 name=$2 city=$3
	shift 3
	{
		printf 'press start\npress lang:%s\nwait 1s\npress agree\nwait 1s\n' "$lang"
		printf 'text %s\npress field:email\ntext %s@example.org\n' "$name" "$lang"
		printf 'press field:city\ntext %s\npress next\nexpect-screen question\n' "$city"
		for a in "$@"; do
			if [ "$a" = - ]; then
				printf 'wait 2s\npress next\nwait 1s\npress skip-confirm\n'
			else
				printf 'wait 2s\ntext %s\nwait 1s\npress next\n' "$a"
			fi
		done
		printf 'wait 1s\nexpect-screen done\n'
	} | kiosk_script --event "$WORK/event.json" || fail "kiosk session of $name"
}
complete en "Ana Souza" "Berlin" "Seven years of Go." "Postgres." "REST APIs." "On call." \
	"Code review." "I like the product."
complete de "<script>alert(1)</script>" "-Köln" "Sieben Jahre Java." "MySQL." "gRPC." \
	"Bereitschaft." "Tests." "Das Team."
complete ar '=HYPERLINK("x") "><img src=x>' "Cairo" "خمس سنوات من بايثون" "PostgreSQL" - \
	"REST" "Docker" "الفريق"
complete ja "山田太郎" "Tokyo" "三年間 Node.js を使ってきました。" "Redis" "Kafka" "CI" "テスト" "チーム"
kiosk_script --event "$WORK/event.json" <<'S' || fail "abandoned session"
press start
press lang:fr
wait 1s
press agree
wait 1s
text Camille Abandon
press next
expect-screen question
wait 2s
text Presque fini
wait 89s
wait 2s
expect-screen idle
wait 30s
expect-screen attract
S
bundle=$(export_bundle)
[ -d "$bundle" ] || fail "no bundle"

# Two reviewers, scores chosen here per candidate (by name) and question.
python3 - "$bundle" "$WORK" <<'PY' || fail "writing the scores files"
import json, pathlib, sys
bundle, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
sessions = [json.loads(p.read_text()) for p in sorted((bundle / "sessions").glob("*.json"))]
assert len(sessions) == 5, len(sessions)
plan = {  # name prefix: (maria's, omar's) per question; 0 = not scored
    "Ana": ([5, 4, 4, 5, 4, 4], [5, 4, 3, 5, 4, 5]),
    "<script>": ([3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 4, 2]),        # exactly 50 = threshold
    "=HYPERLINK": ([2, 2, 0, 2, 2, 2], [4, 2, 0, 2, 1, 2]),      # q07 empty: nobody scores it
    "山田": ([2, 3, 2, 1, 5, 3], [5, 3, 2, 1, 3, 3]),             # flags on q01 and q16
    "Camille": ([4, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]),
}
for k, who in enumerate(["maria", "omar"]):
    events, scores = {}, []
    for s in sessions:
        e = s["event"]
        events[e["id"]] = {"id": e["id"], "hash": e["hash"], "pack_hash": s["pack"]["hash"]}
        by_q = next(v for p, v in plan.items() if s["candidate"]["name"].startswith(p))[k]
        for q, sc in zip(e["questions"], by_q):
            if sc:
                scores.append({"session_id": s["session_id"], "question_id": q, "score": sc,
                               "automatic": False, "note": None,
                               "scored_at": "2026-12-01T10:00:00Z"})
    doc = {"schema": "prescreen.scores.v1", "reviewer": who,
           "exported_at": "2026-12-01T11:00:00Z", "events": list(events.values()),
           "scores": scores}
    (work / f"{who}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1))
PY

"$PRESCREEN" report "$bundle" --scores "$WORK/maria.json" "$WORK/omar.json" --lang en \
	--out "$WORK/out" 2>"$WORK/err" || fail "report: $(cat "$WORK/err")"
[ -s "$WORK/out/results.csv" ] && [ -s "$WORK/out/report.html" ] || fail "no results.csv or report.html"
[ "$(stat -c %a "$WORK/out/results.csv")" = 600 ] || fail "results.csv is not 0600"

# Everything results.csv says, computed again from the bundle and the scores.
# check RESULTS_CSV SCORES_FILE...
check() {
	python3 - "$bundle" "$@" <<'PY'
import csv, hashlib, json, math, os, pathlib, sys
bundle, out, files = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
sessions = {}
for p in (bundle / "sessions").glob("*.json"):
    s = json.loads(p.read_text())
    sessions[s["session_id"]] = s
crock = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def code(sid):
    bits = int.from_bytes(hashlib.sha256(sid.encode()).digest()[:5], "big")
    c = "".join(crock[(bits >> (35 - 5 * i)) & 31] for i in range(8))
    return "C-" + c[:4] + "-" + c[4:]
by = {}   # (sid, qid) -> [scores]
who = {}  # sid -> reviewers with any score
for f in files:
    d = json.load(open(f))
    for e in d["scores"]:
        by.setdefault((e["session_id"], e["question_id"]), []).append(e["score"])
        who.setdefault(e["session_id"], set()).add(d["reviewer"])
expect = {}
for sid, s in sessions.items():
    answers = {a["question_id"]: a["answer"] for a in s["answers"]}
    means, flags = {}, []
    for q in s["event"]["questions"]:
        v = by.get((sid, q), [])
        if v:
            means[q] = sum(v) / len(v)
            if max(v) - min(v) >= 2:
                flags.append(q)
        elif q in answers and answers[q] == "":
            means[q] = 1.0
    score = pass_ = ""
    if s["status"] == "completed" and means:
        score = math.floor(100 * sum((m - 1) / 4 for m in means.values()) / len(means) + 0.5)
        pass_ = "yes" if score >= s["event"]["threshold"] else "no"
    expect[code(sid)] = dict(s=s, means=means, flags=flags, score=score, pass_=pass_,
                             reviewers=len(who.get(sid, ())))
ranked = sorted((c for c, x in expect.items() if x["score"] != ""),
                key=lambda c: (-expect[c]["score"], c))
raw = open(out, "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert raw.count(b"\n") == raw.count(b"\r\n"), "not CRLF"
rows = list(csv.DictReader(open(out, encoding="utf-8-sig", newline="")))
assert len(rows) == len(sessions), len(rows)
assert [r["candidate code"] for r in rows[:len(ranked)]] == ranked, "ranking"
for r in rows:
    x = expect[r["candidate code"]]
    s = x["s"]
    want_rank = str(ranked.index(r["candidate code"]) + 1) if r["candidate code"] in ranked else ""
    assert r["rank"] == want_rank, (r["rank"], want_rank)
    assert r["status"] == s["status"] and r["language"] == s["language"]
    name = s["candidate"]["name"]
    assert r["name"] == ("'" + name if name[0] in "=+-@" else name), r["name"]
    city = s["candidate"].get("city", "")
    assert r["city"] == ("'" + city if city and city[0] in "=+-@" else city), r["city"]
    for q in s["event"]["questions"]:
        want = "%.2f" % x["means"][q] if q in x["means"] else ""
        assert r[q] == want, (name, q, r[q], want)
    assert r["score"] == str(x["score"]), (name, r["score"], x["score"])
    assert r["pass"] == x["pass_"], (name, r["pass"], x["pass_"])
    assert r["reviewers"] == str(x["reviewers"]), (name, r["reviewers"])
    assert r["flags"].split() == x["flags"], (name, r["flags"], x["flags"])
if os.environ.get("CHECK_PLAN") != "1":
    sys.exit(0)
# The cases this test is built on, so that it cannot pass on a degenerate run.
status = {r["name"]: r for r in rows}
assert status["<script>alert(1)</script>"]["score"] == "50" and status["<script>alert(1)</script>"]["pass"] == "yes"
assert status["'=HYPERLINK(\"x\") \"><img src=x>"]["q07"] == "1.00"
assert status["山田太郎"]["flags"] == "q01 q16"
assert status["Camille Abandon"]["rank"] == "" and status["Camille Abandon"]["score"] == ""
assert rows[-1]["name"] == "Camille Abandon"
print("results.csv ok:", len(ranked), "ranked,", sum(1 for r in rows if r["pass"] == "yes"), "pass")
PY
}
CHECK_PLAN=1 check "$WORK/out/results.csv" "$WORK/maria.json" "$WORK/omar.json" ||
	fail "results.csv differs from the scores"
pass "results.csv: ranks, combined scores, score out of 100, pass and flags"

html=$WORK/out/report.html
grep -q '<script' "$html" && fail "report.html has a <script"
grep -q '<img' "$html" && fail "report.html has an <img"
grep -qi 'https\?://' "$html" && fail "report.html names a URL"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$html" || fail "the name is not in report.html, escaped"
grep -q '<html lang="en" dir="ltr">' "$html" || fail "no lang/dir"
grep -c '<svg' "$html" | grep -qx 3 || fail "not three plots"
pass "report.html: names escaped, no script, no URL, three plots"

"$PRESCREEN" report "$bundle" --scores "$WORK/maria.json" "$WORK/omar.json" --lang ar \
	--out "$WORK/out-ar" 2>"$WORK/err" || fail "report in Arabic: $(cat "$WORK/err")"
grep -q '<html lang="ar" dir="rtl">' "$WORK/out-ar/report.html" || fail "Arabic report not rtl"
cmp -s "$WORK/out/results.csv" "$WORK/out-ar/results.csv" || fail "results.csv depends on the language"
pass "the Arabic report is right to left, results.csv the same"

# A scores file as `prescreen review --export-scores` writes it, after a
# reviewer scored in the (headless) window: report takes it as it is.
printf 'key 4\nwait 1s\nkey Right\nwait 1s\nkey 2\nwait 1s\n' > "$WORK/jun.txt"
"$PRESCREEN" review --reviewer jun --store "$WORK/jun.db" --headless --script "$WORK/jun.txt" \
	"$bundle" 2>"$WORK/err" || fail "headless review: $(cat "$WORK/err")"
"$PRESCREEN" review --reviewer jun --store "$WORK/jun.db" --export-scores "$WORK/jun.json" \
	"$bundle" 2>"$WORK/err" || fail "export scores: $(cat "$WORK/err")"
"$PRESCREEN" report "$bundle" --scores "$WORK/jun.json" --out "$WORK/out-jun" 2>"$WORK/err" ||
	fail "report of review's own scores file: $(cat "$WORK/err")"
[ "$(grep -c . "$WORK/err")" = 1 ] || fail "report of review's scores file said: $(cat "$WORK/err")"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); assert any(not e["automatic"] for e in f["scores"]), f' \
	"$WORK/jun.json" || fail "jun's scores file holds no score given in the window"
check "$WORK/out-jun/results.csv" "$WORK/jun.json" || fail "results.csv differs from jun's scores"
pass "a scores file written by review --export-scores goes into the report as it is"

# ---- bad input ----
python3 - "$WORK" <<'PY'
import json, pathlib, sys
w = pathlib.Path(sys.argv[1])
m = json.loads((w / "maria.json").read_text())
other = dict(m, reviewer="stranger")
other["scores"] = [dict(e, session_id="01JDX5R7Q8W2M4N6P8R0T2V4X" + "ABCDEFGHJK"[i % 10])
                   for i, e in enumerate(m["scores"][:10])]
(w / "elsewhere.json").write_text(json.dumps(other))
moved = dict(m, reviewer="moved")
moved["events"] = [dict(e, hash="sha256:" + "0" * 64) for e in m["events"]]
(w / "otherevent.json").write_text(json.dumps(moved))
(w / "corrupt.json").write_text('{ "schema": "prescreen.scores.v1", "reviewer": ')
PY
cp -r "$bundle" "$WORK/tampered"
first=$(ls "$WORK/tampered/sessions" | head -1)
sed -i 's/"status": "[a-z]*"/"status": "completed"/' "$WORK/tampered/sessions/$first"
echo ' ' >> "$WORK/tampered/sessions/$first"
set +e
"$PRESCREEN" report "$bundle" "$WORK/tampered" --scores "$WORK/maria.json" "$WORK/elsewhere.json" \
	"$WORK/otherevent.json" "$WORK/corrupt.json" "$WORK/omar.json" --lang en \
	--out "$WORK/bad" 2>"$WORK/err"
rc=$?
set -e
cat "$WORK/err" | sed 's/^/  | /'
[ $rc = 1 ] || fail "bad input: exit $rc, not 1"
for f in elsewhere.json otherevent.json corrupt.json tampered; do
	n=$(grep -c "^$WORK/$f[:/]" "$WORK/err" || true)
	[ "$n" -ge 1 ] || fail "no line names $f"
done
for f in elsewhere.json otherevent.json; do
	n=$(grep -c "^$WORK/$f:" "$WORK/err" || true)
	[ "$n" = 1 ] || fail "$n lines for $f, not one"
done
grep -q "^$WORK/elsewhere.json: .*none of the bundles" "$WORK/err" || fail "sessions not loaded: unclear"
grep -q "^$WORK/otherevent.json: event report-e2e" "$WORK/err" || fail "other event: unclear"
grep -q "^$WORK/tampered/sessions/$first" "$WORK/err" || fail "the altered file is not named"
cmp -s "$WORK/out/results.csv" "$WORK/bad/results.csv" || {
	diff <(tr -d '\r' < "$WORK/out/results.csv") <(tr -d '\r' < "$WORK/bad/results.csv") | head
	fail "the good input was not reported the same beside the bad"
}
pass "bad scores files and a tampered bundle: a line naming each, exit 1, the rest reported"
