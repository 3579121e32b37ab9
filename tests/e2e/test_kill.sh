# Durability by force: a headless kiosk typing in real time is SIGKILLed at
# several points mid-answer, then restarted. The saved text must be a prefix
# of what was typed, missing at most the last second of typing, the store must
# pass SQLite's integrity check, and the session must come back `interrupted`.
. "$(dirname "$0")/lib.sh"

# One character every 100 ms, each command traced; the typed text is known
# for every script line.
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
lines = ["press start", "press lang:hi", "press agree", "text Kiran", "press next"]
typed, upto = "", {}
alphabet = "abcdefghijklmnopqrstuvwxyzनमस्ते🚀"
for i in range(150):
    ch = alphabet[i % len(alphabet)]
    lines.append("text " + ch)
    typed += ch
    upto[len(lines)] = typed
    lines.append("wait 100ms")
    upto[len(lines)] = typed
open(f"{work}/type.txt", "w").write("\n".join(lines) + "\n")
json.dump(upto, open(f"{work}/typed.json", "w"), ensure_ascii=False)
PY

for delay in 0.3 1.7 3.1 5.6 8.2; do
	data="$WORK/data-$delay"
	PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless --realtime --script "$WORK/type.txt" \
		--trace "$WORK/trace-$delay" 2>"$WORK/err-$delay" &
	pid=$!
	# The clock starts when typing does, however slow the start-up (sanitizers).
	for _ in $(seq 200); do
		[ "$(tail -n 1 "$WORK/trace-$delay" 2>/dev/null || echo 0)" -ge 6 ] && break
		sleep 0.05
	done
	sleep "$delay"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	last=$(tail -n 1 "$WORK/trace-$delay" 2>/dev/null || echo 0)
	python3 - "$data/prescreen.db" <<'PY' || fail "integrity after kill at ${delay}s"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("PRAGMA integrity_check").fetchone()[0]
assert r == "ok", r
PY
	# The restart turns the unfinished session into an interrupted one.
	: | PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless 2>"$WORK/restart-$delay" \
		|| fail "restart after kill at ${delay}s: $(cat "$WORK/restart-$delay")"
	grep -q "interrupted" "$WORK/restart-$delay" || fail "restart did not report the interrupted session"
	out="$WORK/export-$delay"; mkdir -p "$out"
	bundle=$(PRESCREEN_DATA="$data" "$PRESCREEN" export --out "$out" 2>/dev/null)
	python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "bundle after kill at ${delay}s"
	python3 - "$bundle" "$WORK/typed.json" "$last" "$delay" <<'PY' || fail "saved text after kill at ${delay}s"
import json, pathlib, sys
bundle, typed_map, last, delay = sys.argv[1], json.load(open(sys.argv[2])), int(sys.argv[3]), sys.argv[4]
sessions = [json.loads(p.read_text()) for p in (pathlib.Path(bundle) / "sessions").glob("*.json")]
assert len(sessions) == 1, sessions
s = sessions[0]
assert s["status"] == "interrupted", s["status"]
saved = s["answers"][0]["answer"]
# The trace lags the kill by at most one command (100 ms); a second of typing
# is ten characters.
typed = typed_map.get(str(last), "")
later = [v for k, v in typed_map.items() if int(k) <= last + 2]
typed_at_kill = max(later, key=len) if later else ""
assert typed_at_kill.startswith(saved), (saved, typed_at_kill)
lost = len(typed) - len(saved)
assert lost <= 11, f"lost {lost} characters (saved {len(saved)}, typed {len(typed)})"
print(f"kill at {delay}s: typed {len(typed)} chars, saved {len(saved)}, lost {max(lost, 0)}")
PY
done
pass "kill -9 at five points loses at most the last second"
