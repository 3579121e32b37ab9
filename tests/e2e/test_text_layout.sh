# Line breaking and emoji as the kiosk shows them at 1280x720, with the real
# fonts: Japanese questions parted only between phrases, Chinese never
# parting 之后 nor leaving 谈。 alone on a line, and an emoji as tall in a
# Latin, Arabic, Devanagari, Chinese and Japanese answer.
. "$(dirname "$0")/lib.sh"

# screen_lines LANG QID...: the lines of text on each question's screen, each
# screen's after a "== qNN" line. An event asks 6 to 8 questions, so callers
# pass that many; `expect-text` of a string on no screen prints every line.
screen_lines() {
	local lang=$1 k=0 q ids
	shift
	ids=$(printf '"%s",' "$@")
	python3 - "$SRC/assets/default-event.json" "[${ids%,}]" > "$WORK/event.json" <<'PY'
import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
event["questions"] = json.loads(sys.argv[2])
print(json.dumps(event))
PY
	for q in "$@"; do
		{
			printf 'press start\npress lang:%s\npress agree\ntext Mika\npress next\n' "$lang"
			for ((i = 0; i < k; i++)); do echo "press next"; done
			echo "expect-text @@ every line @@"
		} > "$WORK/lines.txt"
		echo "== $q"
		rm -rf "$PRESCREEN_DATA"
		{ "$PRESCREEN" kiosk --headless --size 1280x720 --event "$WORK/event.json" \
			--script "$WORK/lines.txt" 2>&1 || true; } | sed -n 's/^  | //p'
		k=$((k + 1))
	done
}

# check_breaks FILE PAIRS...: fails when a line ends on LEFT and the next begins with RIGHT.
check_breaks() {
	python3 - "$@" <<'PY'
import sys
path, pairs = sys.argv[1], [p.split("|") for p in sys.argv[2:]]
screen, lines, bad = None, [], []
def check():
    for a, b in zip(lines, lines[1:]):
        for left, right in pairs:
            if a.endswith(left) and b.startswith(right):
                bad.append(f"{screen}: {a}｜{b}")
for line in open(path, encoding="utf-8").read().splitlines():
    if line.startswith("== "):
        check()
        screen, lines = line[3:], []
    else:
        lines.append(line)
check()
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
}

all_q=(q01 q02 q03 q04 q05 q06 q07 q08 q09 q10 q11 q12 q13 q14 q15 q16 q17 q18 q19 q20 q21 q22)
for lang in ja zh_CN; do
	: > "$WORK/$lang.lines"
	screen_lines "$lang" "${all_q[@]:0:8}" >> "$WORK/$lang.lines"
	screen_lines "$lang" "${all_q[@]:8:8}" >> "$WORK/$lang.lines"
	screen_lines "$lang" "${all_q[@]:16:6}" >> "$WORK/$lang.lines"
	[ "$(grep -c '^== ' "$WORK/$lang.lines")" = 22 ] || fail "$lang: not every question shown"
done
grep -q '教えてください' "$WORK/ja.lines" || fail "ja: the questions were not shown"
check_breaks "$WORK/ja.lines" '教|え' '思|います' 'につい|て' 'きま|した' '今後数|年' 'くだ|さい' \
	'ありま|すか' || fail "Japanese questions parted inside a phrase"
pass "Japanese questions break between phrases at 1280x720"

rm -rf "$PRESCREEN_DATA"
kiosk_script --size 1280x720 > /dev/null 2> "$WORK/consent.err" <<'S' || true
press start
press lang:zh_CN
expect-text @@ every line @@
S
{ echo "== consent"; sed -n 's/^  | //p' "$WORK/consent.err"; } >> "$WORK/zh_CN.lines"
grep -q '之后予以删除' "$WORK/zh_CN.lines" || fail "zh_CN: the consent lost 之后 on one line"
check_breaks "$WORK/zh_CN.lines" '之|后' || fail "Chinese parted 之后"
# No question or consent paragraph ends on a line of one character and its full stop.
if grep -E '^.[。？！]$' "$WORK/zh_CN.lines"; then
	fail "a Chinese line holds one character and its full stop"
fi
pass "Chinese keeps 之后 together and leaves no character alone on a line"

# An emoji (🟥, a red square) typed into the answer in each script (on its
# first line, in the top 400 rows of the screen): its drawn
# box is the same size in every language (test_textrun checks it also sits
# at one height above the baseline: the answer box moves with the question).
while IFS=$'\t' read -r lang answer; do
	rm -rf "$PRESCREEN_DATA"
	kiosk_script --size 1280x720 --shots "$WORK/emoji" <<S || fail "$lang emoji"
press start
press lang:$lang
press agree
text Mika
press next
text $answer
shot $lang
S
done <<'T'
en	I ship it 🟥 on Fridays
ar	أعمل مع 🟥 الفريق
hi	मेरे पास 🟥 अनुभव है
zh_CN	我有七年 🟥 的经验
ja	実務経験は 🟥 七年です
T
python3 - "$WORK/emoji" <<'PY' || fail "emoji sizes differ between scripts"
import pathlib, struct, sys, zlib

def pixels(path, max_rows):
    """The first rows of (r, g, b) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = path.read_bytes()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(min(height, max_rows)):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return rows

boxes = {}
for shot in sorted(pathlib.Path(sys.argv[1]).glob("*.png")):
    red = [(x, y) for y, row in enumerate(pixels(shot, 400)) for x, (r, g, b) in enumerate(row)
           if r > 160 and g < 110 and b < 110]
    if not red:
        sys.exit(f"{shot.stem}: no emoji drawn")
    xs, ys = [p[0] for p in red], [p[1] for p in red]
    boxes[shot.stem] = (max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    print(f"{shot.stem}: emoji {boxes[shot.stem][0]}x{boxes[shot.stem][1]} px")
if len(boxes) != 5 or len(set(boxes.values())) != 1:
    sys.exit("the emoji differs: " + repr(boxes))
PY
pass "an emoji is the same size in Latin, Arabic, Devanagari, Chinese and Japanese answers"
