#!/usr/bin/env bash
# Per-language figures for the text engine (prints; asserts nothing):
#  - key-to-pixels time per keystroke while typing a 2,000-character answer
#    at 1920x1080, headless (SDL's dummy driver: the same code path up to the
#    present), in each of the nine languages;
#  - time to the first frame, and PSS of the kiosk after a candidate session in
#    each of the nine languages has been shown (all faces loaded).
# Usage: tests/perf/languages.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
bin=$build/prescreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-6s %10s %10s %10s\n' lang p50_us p99_us max_us
while IFS=$'\t' read -r lang name answer compose; do
	case "$lang" in ''|'#'*) continue ;; esac
	python3 - "$lang" "$answer" > "$work/type-$lang.txt" <<'PY'
import sys
lang, sample = sys.argv[1], sys.argv[2].replace("\\n", " ")
print("press start\npress lang:%s\npress agree\ntext Bench\npress next" % lang)
text = ""
while len(text) < 2000:
    text += sample + " "
text = text[:2000]
for i, ch in enumerate(text):
    print("text " + ("\\s" if ch == " " else ch))
    if i % 8 == 7:
        print("wait 150ms")   # typing speed; autosaves happen as they would
PY
	rm -rf "$work/data"
	PRESCREEN_STATS="$work/stats-$lang" PRESCREEN_DATA="$work/data" \
		"$bin" kiosk --headless --size 1920x1080 --script "$work/type-$lang.txt"
	read -r _ _ _ _ _ _ p50 _ p99 _ max < <(grep '^frame_typing' "$work/stats-$lang")
	printf '%-6s %10s %10s %10s\n' "$lang" "$p50" "$p99" "$max"
done < "$top/tests/e2e/screens/samples.tsv"

# All nine languages shown in one process: PSS back on the attract screen, and
# PSS on a Japanese question screen after the other eight (CJK faces open).
pss_after() {   # pss_after LAST_STAYS(0|1)
	python3 - "$1" > "$work/nine.txt" <<'PY'
import sys
stay = sys.argv[1] == "1"
langs = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]
for lang in langs:
    print(f"press start\npress lang:{lang}\npress agree\ntext Name\npress next\ntext 🚀 ok")
    if not (stay and lang == "ja"):
        # typed into each: an empty answer asks to confirm the skip, and a
        # Next right after a question appears is taken only after typing
        print("press next\n" + "text ok\npress next\n" * 6 + "press finish")
print("wait 20s")
PY
	rm -rf "$work/data"
	PRESCREEN_STATS="$work/stats-nine" PRESCREEN_DATA="$work/data" \
		"$bin" kiosk --headless --realtime --size 1920x1080 --script "$work/nine.txt" &
	local pid=$!
	sleep 6
	awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup"
	kill -TERM "$pid"; wait "$pid" || true
}
a=$(pss_after 0)
q=$(pss_after 1)
echo "pss_kb attract_after_nine_languages $a ($((a / 1024)) MB)  ja_question_after_nine $q ($((q / 1024)) MB)"
echo "(headless: the 8 MB frame is anonymous memory here, MIT-SHM under X11; no X11 client libraries)"
grep '^first_frame_ms' "$work/stats-nine"
