# Editing through the real kiosk: grapheme clusters, words, visual lines
# (Home, End, Up, Down on a wrapped answer) and right-to-left arrows; the
# stored answer shows where each edit landed.
. "$(dirname "$0")/lib.sh"

answer_of() {   # answer_of LANG: the first answer of the session in LANG
	local bundle
	bundle=$(export_bundle)
	bundle_json "$bundle" | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin) if x["language"] == sys.argv[1]]
print(s[-1]["answers"][0]["answer"], end="")' "$1"
}

kiosk_script --size 800x600 <<'S' || fail "editing script"
press start
press lang:en
press agree
text Lee
press next
text The first line is long enough to wrap around the answer box at this size, surely it will wrap here and there too.\nshort
key Up
text [U1]
key Up
text [U2]
key Down
key Down
text [D]
key Home
text [H]
key End
text [E]
press next
S
got=$(answer_of en)
want='The first l[U2]ine is long enough to wrap around the answer box at this size, surely it will
wrap here [U1]and there too.
[H]short[D][E]'
want=${want//$'\nwrap'/ wrap}
[ "$got" = "$want" ] || fail "visual-line editing: got [$got]"
pass "Up, Down, Home and End follow the visual lines"

rm -rf "$PRESCREEN_DATA"
kiosk_script <<'S' || fail "cluster script"
press start
press lang:hi
press agree
text Lee
press next
text a👩‍💻b क्षत्रिय 🇩🇪z
key Left
key Backspace
key Ctrl+Left
key Ctrl+Left
key Backspace
key Home
key Right
key Delete
key End
text !
press next
S
got=$(answer_of hi)
# Left skips z; Backspace takes the whole flag; two word steps back land
# before b (the conjunct word, then b); Backspace takes the whole ZWJ family;
# Delete after "a" takes b.
want='a क्षत्रिय z!'
[ "$got" = "$want" ] || fail "cluster editing: got [$got], want [$want]"
pass "Backspace and Delete remove whole clusters (ZWJ emoji, flags), words step by word"

rm -rf "$PRESCREEN_DATA"
kiosk_script <<'S' || fail "rtl script"
press start
press lang:ar
press agree
text سارة
press next
text مرحبا بكم
key Right
key Right
text X
key Left
text Y
press next
S
got=$(answer_of ar)
# In a right-to-left paragraph Right steps back through the text and Left
# forward: X goes two letters back from the end, Y one letter after it.
want='مرحبا بXكYم'
[ "$got" = "$want" ] || fail "rtl arrows: got [$got], want [$want]"
pass "arrow keys follow the reading direction in Arabic"
