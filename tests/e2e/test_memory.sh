# Nothing of a candidate stays in the kiosk's memory after the reset (issue 6
# point 4, review point 13). A headless kiosk in real time takes a candidate
# with unique markers as name, email and answer, text that is backspaced away
# and an input-method composition that is abandoned; once the kiosk is back on
# the attract screen and idle, the test reads every mapping of the process
# (/proc/PID/maps and /proc/PID/mem) and looks for each marker in UTF-8 and in
# UTF-16LE (ICU's encoding). The same dump taken while the candidate is still
# answering must find them, or the search proves nothing.
#
# Normal build only: AddressSanitizer's allocator keeps freed blocks in a
# quarantine on purpose, and the kiosk's wiping free() is compiled out there.
. "$(dirname "$0")/lib.sh"

# (grep reads all of its input: with -q, pipefail would see nm's SIGPIPE.)
if [ "$(nm -D "$PRESCREEN" 2>/dev/null | grep -c '__asan_init')" != 0 ] ||
	[ "$(ldd "$PRESCREEN" 2>/dev/null | grep -c libasan)" != 0 ]; then
	echo "SKIP: $PRESCREEN is an AddressSanitizer build; the memory test runs on the normal build only"
	exit 0
fi
[ -r /proc/self/mem ] || { echo "SKIP: no /proc/PID/mem here"; exit 0; }

tag=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
name="MkName${tag}q"
email="mkmail${tag}@example.org"
answer="MkAnswer${tag}w"
gone="MkGone${tag}z"
compose="MkCompose${tag}k"
printf '%s\n' "$name" "$email" "$answer" "$gone" "$compose" >"$WORK/markers"

# The line of the script each phase is reached at: written by --trace.
python3 - "$WORK" "$name" "$email" "$answer" "$gone" "$compose" <<'PY'
import sys
work, name, email, answer, gone, compose = sys.argv[1:]
lines = ["press start", "press lang:en", "press agree",
         "text " + name, "press field:email", "text " + email, "wait 1s", "press next",
         "wait 1s", "text " + answer + "\\s", "text " + gone]
lines += ["key Backspace"] * len(gone)
lines += ["compose " + compose, "compose"]
lines += ["wait 6s"]                      # phase 1: the candidate is still here
answering = len(lines) - 1                # the line before the wait
lines += ["wait 1s", "press next"]
for _ in range(6):                        # the default event's other six questions
    lines += ["wait 1s", "text ok", "wait 1s", "press next"]
lines += ["expect-screen done", "wait 1s", "press finish", "expect-screen attract"]
at_attract = len(lines)
lines += ["wait 120s"]                    # phase 2: back at attract, idle
open(f"{work}/memory.txt", "w").write("\n".join(lines) + "\n")
open(f"{work}/phases", "w").write(f"{answering} {at_attract}\n")
PY
read -r answering at_attract <"$WORK/phases"

# dump PID OUT: every readable mapping's bytes, concatenated, with the map
# line of each hit printed by find.
cat >"$WORK/scan.py" <<'PY'
import sys
pid, markers_file = sys.argv[1], sys.argv[2]
markers = [m for m in open(markers_file).read().split("\n") if m]
needles = []
for m in markers:
    needles.append((m, "UTF-8", m.encode("utf-8")))
    needles.append((m, "UTF-16LE", m.encode("utf-16-le")))
found = {}
total = 0
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
    for line in maps:
        parts = line.split()
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        what = parts[5] if len(parts) > 5 else "[anon]"
        if "r" not in parts[1] or what in ("[vvar]", "[vsyscall]"):
            continue
        try:
            mem.seek(lo)
            data = mem.read(hi - lo)
        except (OSError, ValueError, OverflowError):
            continue
        total += len(data)
        for m, enc, b in needles:
            n = data.count(b)
            if n:
                key = (m, enc)
                found.setdefault(key, []).append(f"{n}x in {parts[0]} {what}")
print(f"scanned {total / 1e6:.1f} MB")
for (m, enc), where in sorted(found.items()):
    print(f"FOUND {m} ({enc}): " + "; ".join(where))
PY

trace=$WORK/trace
"$PRESCREEN" kiosk --headless --realtime --script "$WORK/memory.txt" --trace "$trace" \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
# SIGKILL: a headless kiosk sleeping out a wait would see SIGTERM only at its end.
trap 'kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT

reached() {   # reached LINE: waits (up to 60 s) until the trace shows LINE done
	for _ in $(seq 1200); do
		local last; last=$(tail -n 1 "$trace" 2>/dev/null || true)
		[ "${last:-0}" -ge "$1" ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "the kiosk stopped early: $(cat "$WORK/err")"
		sleep 0.05
	done
	fail "the kiosk never reached line $1 of the script: $(cat "$WORK/err")"
}

# Phase 1: the markers are in memory while the candidate answers.
reached "$answering"
sleep 0.5
python3 "$WORK/scan.py" "$pid" "$WORK/markers" >"$WORK/during" || fail "could not read the kiosk's memory"
for m in "$name" "$email" "$answer"; do
	grep -q "^FOUND $m (UTF-8)" "$WORK/during" ||
		fail "the dump taken while answering does not find $m: the search would prove nothing ($(head -1 "$WORK/during"))"
done
pass "while answering, the dump finds name, email and answer ($(head -1 "$WORK/during"))"

# Phase 2: back at attract and idle (the writer's scrub has run by then).
reached "$at_attract"
sleep 3
python3 "$WORK/scan.py" "$pid" "$WORK/markers" >"$WORK/after" || fail "could not read the kiosk's memory"
kill -0 "$pid" 2>/dev/null || fail "the kiosk exited before the dump"
if grep -q '^FOUND' "$WORK/after"; then
	sed 's/^/  /' "$WORK/after" >&2
	fail "the candidate's text is still in the kiosk's memory after the reset"
fi
pass "after the reset no marker in $(head -1 "$WORK/after" | cut -d' ' -f2-) of memory (UTF-8 and UTF-16LE): name, email, answer, backspaced text, composition"
