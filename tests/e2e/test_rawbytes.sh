# What the data directory holds once a candidate has gone (issue 6 point 4,
# review point 14): only the current version of each session. A headless
# kiosk in real time takes a candidate who types a name, lets it autosave,
# deletes it and types another, and writes an answer through several
# autosaves, one of them holding text that is then backspaced away. Back on
# the attract screen, with the kiosk still running (closing SQLite would
# checkpoint anyway and hide what a running kiosk leaves), the raw bytes of
# every file in the data directory are searched: the final name and answer
# once each, and no earlier name, no draft and no backspaced text.
. "$(dirname "$0")/lib.sh"

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
old_name="RbOldName${tag}a"
new_name="RbNewName${tag}b"
keep="RbKeep${tag}c"          # typed first, part of every version of the answer
gone="RbGone${tag}d"          # autosaved, then backspaced
final="RbFinal${tag}e"

python3 - "$WORK" "$old_name" "$new_name" "$keep" "$gone" "$final" <<'PY'
import sys
work, old_name, new_name, keep, gone, final = sys.argv[1:]
lines = ["press start", "press lang:en", "press agree",
         "text " + old_name, "wait 1500ms"]                   # autosaved
lines += ["key Backspace"] * len(old_name)
lines += ["text " + new_name, "wait 1500ms", "press next", "wait 1s",
          "text " + keep + "\\s", "wait 1500ms",              # autosave 1
          "text " + gone, "wait 1500ms"]                      # autosave 2, with the text to go
lines += ["key Backspace"] * len(gone)
lines += ["wait 1500ms",                                      # autosave 3, without it
          "text " + final, "wait 1500ms", "press next"]       # autosave 4, then submitted
for _ in range(6):
    lines += ["wait 1s", "text ok", "wait 1s", "press next"]
lines += ["expect-screen done", "wait 1s", "press finish", "expect-screen attract"]
at_attract = len(lines)
lines += ["wait 120s"]
open(f"{work}/raw.txt", "w").write("\n".join(lines) + "\n")
open(f"{work}/at_attract", "w").write(f"{at_attract}\n")
PY
at_attract=$(cat "$WORK/at_attract")

trace=$WORK/trace
"$PRESCREEN" kiosk --headless --realtime --script "$WORK/raw.txt" --trace "$trace" \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
# SIGKILL: a headless kiosk sleeping out a wait would see SIGTERM only at its end.
trap 'kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1200); do
	last=$(tail -n 1 "$trace" 2>/dev/null || true)
	[ "${last:-0}" -ge "$at_attract" ] && break
	kill -0 "$pid" 2>/dev/null || fail "the kiosk stopped early: $(cat "$WORK/err")"
	sleep 0.05
done
[ "${last:-0}" -ge "$at_attract" ] || fail "the kiosk never reached the attract screen: $(cat "$WORK/err")"
sleep 2   # the writer's scrub runs once the attract screen is drawn
kill -0 "$pid" 2>/dev/null || fail "the kiosk exited before the check"

python3 - "$PRESCREEN_DATA" "$old_name" "$new_name" "$keep" "$gone" "$final" <<'PY' || fail "the data directory keeps more than the current version"
import pathlib, sys
data, old_name, new_name, keep, gone, final = sys.argv[1:]
files = sorted(p for p in pathlib.Path(data).iterdir() if p.is_file())
raw = {p.name: p.read_bytes() for p in files}
def count(s):
    return {n: b.count(s.encode()) for n, b in raw.items() if b.count(s.encode())}
sizes = ", ".join(f"{n} {len(b)} B" for n, b in raw.items())
bad = []
for what, s, want in (("earlier name", old_name, 0), ("backspaced text", gone, 0),
                      ("name", new_name, 1), ("start of the answer", keep, 1),
                      ("end of the answer", final, 1)):
    c = count(s)
    total = sum(c.values())
    if total != want:
        bad.append(f"{what} {s}: {total} times, want {want} ({c})")
print(f"files: {sizes}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
pass "back at attract the data directory holds the current session once: no earlier name, draft or backspaced text"
