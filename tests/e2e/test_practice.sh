# The event's practice question (issue 8 point 5): after identity and before
# question 1, it says plainly that nothing is recorded, has no time limit, and
# idles out like a question. What is typed there reaches no file: not the
# export, not the database, not its WAL while the kiosk still runs (a raw-bytes
# search of the data directory, as test_rawbytes.sh does), while the real
# answer typed just after it does (the search can see what is written).
# Without "practice" identity leads straight to question 1, as before.
. "$(dirname "$0")/lib.sh"

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
warm1="PqWarmOne${tag}a"      # typed in practice by the candidate who finishes
warm2="PqWarmTwo${tag}b"      # typed in practice by the one who walks away
warm3="PqWarmThree${tag}c"    # typed in practice, searched for while the kiosk runs
real="PqReal${tag}d"          # the first real answer after it

python3 - "$SRC/assets/default-event.json" "$WORK" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))
ev["practice"] = True
json.dump(ev, open(sys.argv[2] + "/practice.json", "w"), ensure_ascii=False, indent=2)
n = len(ev["questions"])
open(sys.argv[2] + "/count", "w").write(f"{n}\n")
PY
count=$(cat "$WORK/count")
event="$WORK/practice.json"

# 1. A candidate practises for longer than an answer's limit, then answers
#    every question; a second one walks away from the practice question.
{
	printf '%s\n' "press start" "press lang:en" "press agree" "text Kim Practice" \
		"wait 1s" "press next" "expect-screen practice" \
		"expect-text Practice question — your answer is not recorded" \
		"expect-text Start the real questions" "text $warm1"
	# 5 × 80 s: past the 240 s limit of a question, never idle for 90 s.
	for _ in 1 2 3 4 5; do printf '%s\n' "wait 80s" "text ." "expect-screen practice"; done
	printf '%s\n' "press next" "expect-screen question" "expect-text Question 1 of" \
		"expect-text Time left: 4:00"
	for i in $(seq "$count"); do
		printf '%s\n' "wait 2s" "text answer $i" "wait 1s" "press next"
	done
	printf '%s\n' "expect-screen done" "press finish" "expect-screen attract" \
		"press start" "press lang:de" "press agree" "text Alex Weg" "wait 1s" \
		"press next" "expect-screen practice" "text $warm2" "wait 90s" \
		"expect-screen idle" "wait 30s" "expect-screen attract"
} | kiosk_script --event "$event" >"$WORK/out1" 2>"$WORK/err1" \
	|| fail "practice script: $(cat "$WORK/err1" "$WORK/out1")"
pass "practice after identity, no time limit over 400 s, then question 1 with its countdown; idle on it abandons"

bundle=$(export_bundle) || fail "export failed"
bundle_json "$bundle" >"$WORK/sessions.json"
python3 - "$WORK/sessions.json" "$count" "$warm1" "$warm2" <<'PY' || fail "the export is not what was recorded"
import json, sys
sessions = json.load(open(sys.argv[1]))
count, warm1, warm2 = int(sys.argv[2]), sys.argv[3], sys.argv[4]
text = json.dumps(sessions, ensure_ascii=False)
assert warm1 not in text and warm2 not in text, "practice text exported"
by_name = {s["candidate"]["name"]: s for s in sessions}
done, gone = by_name["Kim Practice"], by_name["Alex Weg"]
assert done["status"] == "completed", done["status"]
assert [a["answer"] for a in done["answers"]] == [f"answer {i}" for i in range(1, count + 1)]
first = done["answers"][0]
# Question 1's clock starts when it shows, not when the practice did.
assert first["first_input_ms"] == 2000, first["first_input_ms"]
assert first["keystrokes"] == 1, first["keystrokes"]
assert done["time_percent"] == 100 and gone["time_percent"] == 100
assert gone["status"] == "abandoned" and gone["answers"] == [], gone
PY
grep -rqa -e "$warm1" -e "$warm2" "$PRESCREEN_DATA" "$bundle" \
	&& fail "practice text in the data directory or the bundle"
pass "the export holds both sessions and no practice text; the data directory has none either"

# 2. Without "practice": identity leads to question 1.
kiosk_script >"$WORK/out2" 2>"$WORK/err2" <<'EOF' || fail "no practice: $(cat "$WORK/err2")"
press start
press lang:en
press agree
text Sam Plain
wait 1s
press next
expect-screen question
expect-text Question 1 of
EOF
pass "without \"practice\" identity leads straight to question 1"

# 3. A real-time kiosk, still running: the practice text is in no byte of the
#    data directory (database, WAL, shared memory) while question 1's autosaved
#    answer is.
rm -rf "$PRESCREEN_DATA"
cat >"$WORK/live.txt" <<EOF
press start
press lang:en
press agree
text Robin Live
wait 1s
press next
expect-screen practice
text $warm3
wait 1500ms
key Backspace
wait 1500ms
press next
expect-screen question
text $real
wait 1500ms
wait 120s
EOF
marker=$(grep -n '^wait 120s$' "$WORK/live.txt" | cut -d: -f1)
trace=$WORK/trace
"$PRESCREEN" kiosk --headless --realtime --event "$event" --script "$WORK/live.txt" \
	--trace "$trace" >"$WORK/out3" 2>"$WORK/err3" &
pid=$!
# SIGKILL: a headless kiosk sleeping out a wait would see SIGTERM only at its end.
trap 'kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do
	last=$(tail -n 1 "$trace" 2>/dev/null || true)
	[ "${last:-0}" -ge $((marker - 1)) ] && break
	kill -0 "$pid" 2>/dev/null || fail "the kiosk stopped early: $(cat "$WORK/err3")"
	sleep 0.05
done
[ "${last:-0}" -ge $((marker - 1)) ] || fail "the kiosk never reached question 1: $(cat "$WORK/err3")"
kill -0 "$pid" 2>/dev/null || fail "the kiosk exited before the check"
python3 - "$PRESCREEN_DATA" "$warm3" "$real" <<'PY' || fail "practice text reached the data directory"
import pathlib, sys
data, warm, real = sys.argv[1:]
raw = {p.name: p.read_bytes() for p in pathlib.Path(data).iterdir() if p.is_file()}
# Each prefix of the practice text too: it was autosaved-length typing, then edited.
hits = {n: b.count(warm[:-1].encode()) for n, b in raw.items() if warm[:-1].encode() in b}
seen = {n: b.count(real.encode()) for n, b in raw.items() if real.encode() in b}
print("files: " + ", ".join(f"{n} {len(b)} B" for n, b in raw.items()))
if hits:
    print(f"  practice text {warm[:-1]}: {hits}")
if not seen:
    print(f"  the real answer {real} is nowhere: the search sees nothing")
sys.exit(1 if hits or not seen else 0)
PY
pass "while the kiosk runs, the data directory holds question 1's answer and not a byte of the practice text"
