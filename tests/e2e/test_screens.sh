# Reference screenshots of every screen: rendered headless and compared with
# tests/reference/ within a small tolerance. scripts/update-reference-shots
# regenerates them (then look at every one before committing).
. "$(dirname "$0")/lib.sh"
: "${PNGDIFF:?run through ctest}"
screens="$SRC/tests/e2e/screens"
shots="${SHOTS_OUT:-$WORK/shots}"

# Every screen in every language, from one flow and a sample per language.
while IFS=$'\t' read -r lang name answer compose; do
	case "$lang" in ''|'#'*) continue ;; esac
	python3 - "$screens/flow.txt" "$lang" "$name" "$answer" "$compose" > "$WORK/flow-$lang.txt" <<'PY'
import sys
flow, lang, name, answer, compose = sys.argv[1:]
text = open(flow, encoding="utf-8").read()
# The bundled event's order of languages, which the attract screen cycles through.
order = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]
wait = "%dms" % (order.index(lang) * 4000 + 500)
for key, value in (("@LANG@", lang), ("@NAME@", name), ("@ANSWER@", answer), ("@COMPOSE@", compose),
                   ("@ATTRACT_WAIT@", wait)):
    text = text.replace(key, value)
sys.stdout.write(text)
PY
	rm -rf "$PRESCREEN_DATA"
	# A fixed wall clock gives the same session id, so the done screen's receipt code.
	kiosk_script --size 1280x720 --wall-clock 2026-11-29T10:00:00Z --shots "$shots" \
		< "$WORK/flow-$lang.txt" || fail "$lang screens"
	# All five identity fields at the smallest size.
	# A city a candidate of that language might give (the name field has the name).
	case $lang in
	en) city=London ;; es) city=Sevilla ;; fr) city=Lyon ;; de) city=München ;;
	pt_BR) city="São Paulo" ;; ar) city="القاهرة" ;; hi) city="नई दिल्ली" ;;
	zh_CN) city="北京" ;; ja) city="東京都渋谷区" ;; *) city=Berlin ;;
	esac
	sed -e "s/@LANG@/$lang/g" -e "s/@NAME@/$name/g" -e "s/@CITY@/$city/g" -e "s/@COMPOSE@/$compose/g" \
		"$screens/contacts.txt" > "$WORK/contacts-$lang.txt"
	rm -rf "$PRESCREEN_DATA"
	kiosk_script --size 1280x720 --shots "$shots" --event "$screens/contacts-event.json" \
		< "$WORK/contacts-$lang.txt" || fail "$lang identity with five fields"
done < "$screens/samples.tsv"
rm -rf "$PRESCREEN_DATA"
kiosk_script --size 1280x720 --shots "$shots" --event "$screens/limit-event.json" \
	< "$screens/limit.txt" || fail "limit screen"

[ -n "${SHOTS_OUT:-}" ] && { pass "shots written to $shots"; exit 0; }
status=0
for ref in "$SRC"/tests/reference/*.png; do
	name=$(basename "$ref")
	[ -f "$shots/$name" ] || { echo "missing screenshot $name"; status=1; continue; }
	"$PNGDIFF" "$ref" "$shots/$name" 2 "$WORK/diff-$name" || {
		status=1
		mkdir -p "$BUILD/screen-diffs"
		cp "$shots/$name" "$BUILD/screen-diffs/actual-$name"
		cp "$WORK/diff-$name" "$BUILD/screen-diffs/diff-$name" 2>/dev/null || true
	}
done
for shot in "$shots"/*.png; do
	[ -f "$SRC/tests/reference/$(basename "$shot")" ] || { echo "no reference for $(basename "$shot")"; status=1; }
done
[ $status = 0 ] || fail "screens differ from tests/reference (see $BUILD/screen-diffs)"
pass "every screen matches its reference"

# Redrawing only the changed cells must give exactly the pixels of a whole redraw.
for lang in ar ja; do
	rm -rf "$PRESCREEN_DATA"
	PRESCREEN_FULL_REDRAW=1 kiosk_script --size 1280x720 --wall-clock 2026-11-29T10:00:00Z \
		--shots "$WORK/full" \
		< "$WORK/flow-$lang.txt" || fail "full redraw $lang"
done
for shot in "$WORK"/full/*.png; do
	"$PNGDIFF" "$shot" "$shots/$(basename "$shot")" 0 >/dev/null ||
		fail "incremental drawing differs from a whole redraw: $(basename "$shot")"
done
pass "incremental frames equal whole redraws, pixel for pixel"
