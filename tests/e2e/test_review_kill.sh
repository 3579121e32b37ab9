# Durability of the reviewer's work by force: a headless review scoring and
# typing notes in real time (--realtime, every command traced) is SIGKILLed
# at 20 random moments. Afterwards every score whose command had run is in the
# store with its value, every note closed before the kill is there whole, a
# note still open holds at least what was typed a second before, and nothing
# stored is more than was typed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/review_lib.sh"

candidate "$WORK/d1" en "Ana Souza" "ana@example.org" \
	"Seven years of Python." "Django REST on AWS." "Postgres and Redis." \
	"I wrote the post-mortem." "Unit tests first." "Queues for peaks." "A team that reviews."
candidate "$WORK/d1" ar "ليلى حداد" "layla@example.org" "${AR_ANSWERS[@]}"
BUNDLE=$(export_of "$WORK/d1")

# The script: per answer a score, then a note typed in two parts around a
# wait longer than the autosave, then closed; expect.json says, per line,
# what the store must hold once that line has run.
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
lines, expect = [], {}
scores, notes, open_note = [], {}, None
def mark():
    expect[len(lines)] = {"scores": list(scores), "notes": dict(notes),
                          "open": open_note}
for i in range(14):
    s = 1 + (i * 3) % 5
    lines.append(f"key {s}"); scores.append([i, s]); mark()
    lines.append("wait 150ms"); mark()
    lines.append("key n"); mark()
    p1, p2 = f"note {i} نص", f" 日本語 {i}"
    lines.append(f"text {p1}"); open_note = [i, "", p1 + p2]; mark()
    lines.append("wait 1100ms"); open_note = [i, p1, p1 + p2]; mark()
    lines.append("text \\s" + p2[1:]); mark()
    lines.append("wait 150ms"); mark()
    lines.append("key Escape"); notes[str(i)] = p1 + p2; open_note = None; mark()
    lines.append("key Right"); mark()
open(f"{work}/kill.txt", "w").write("\n".join(lines) + "\n")
json.dump(expect, open(f"{work}/expect.json", "w"), ensure_ascii=False)
PY

delays=$(python3 -c 'import random; random.seed(7); print(" ".join("%.2f" % random.uniform(0.2, 20) for _ in range(20)))')
n=0
for delay in $delays; do
	n=$((n + 1))
	store="$WORK/kill-$n.db"
	"$PRESCREEN" review --headless --realtime --store "$store" --reviewer kim --lang en \
		--script "$WORK/kill.txt" --trace "$WORK/trace-$n" "$BUNDLE" 2>"$WORK/err-$n" &
	pid=$!
	# The clock starts when the script does, however slow the start (sanitizers).
	for _ in $(seq 400); do
		[ -s "$WORK/trace-$n" ] && break
		sleep 0.05
	done
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	last=$(tail -n 1 "$WORK/trace-$n" 2>/dev/null || echo 0)
	python3 - "$store" <<'PY' || fail "integrity after kill $n"
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
assert r == "ok", r
PY
	"$PRESCREEN" review --store "$store" --reviewer kim --export-scores "$WORK/s-$n.json" "$BUNDLE" \
		2>"$WORK/x-$n" || fail "export-scores after kill $n: $(cat "$WORK/x-$n")"
	python3 - "$WORK/s-$n.json" "$WORK/expect.json" "$last" "$BUNDLE" <<'PY' \
		|| fail "after kill $n at ${delay}s (trace line $last)"
import json, pathlib, sys
got = json.load(open(sys.argv[1]))["scores"]
expect = json.load(open(sys.argv[2]))
last, bundle = int(sys.argv[3]), pathlib.Path(sys.argv[4])
want = expect.get(str(last), {"scores": [], "notes": {}, "open": None})
# Items in the reviewer's order are those of the scores that exist: the i-th
# scored item is the i-th (session, question) in the order of scored_at.
entries = sorted(got, key=lambda e: e["scored_at"])
scored = [e for e in entries if e.get("score")]
assert len(scored) >= len(want["scores"]), (len(scored), want["scores"])
# Scores given after the last traced line may have been committed too: only
# at most one more (the command running when the kill came).
assert len(scored) <= len(want["scores"]) + 1, (len(scored), len(want["scores"]))
by_item = {}
for e in entries:
    by_item.setdefault((e["session_id"], e["question_id"]), e)
items = list(by_item.values())
for (i, s), e in zip(want["scores"], items):
    assert e["score"] == s, (i, e, s)
for i, text in want["notes"].items():
    e = items[int(i)]
    assert e.get("note") == text, (i, e.get("note"), text)
if want["open"]:
    i, at_least, at_most = want["open"]
    note = items[i].get("note") or "" if i < len(items) else ""
    assert note.startswith(at_least) and at_most.startswith(note), (note, at_least, at_most)
for e in items:
    assert e.get("note") is None or "\ufffd" not in e["note"], e
print("ok", last, len(scored))
PY
done
pass "20 kills: every score and note given before the kill is in the store"
