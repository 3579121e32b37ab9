# The text engine's failure paths: a missing font is an error naming the
# Debian package; a missing catalog falls back to English with a staff banner;
# a character no font covers still draws a visible box.
. "$(dirname "$0")/lib.sh"
: "${PNGDIFF:?run through ctest}"

fontconf() {   # fontconf DIR...: a fontconfig setup that sees only those folders
	local conf="$WORK/fonts-$RANDOM.conf"
	{
		echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
		for d in "$@"; do echo "<dir>$d</dir>"; done
		echo "<cachedir>$WORK/fc-cache</cachedir></fontconfig>"
	} > "$conf"
	echo "$conf"
}

status=0
FONTCONFIG_FILE=$(fontconf /nonexistent) "$PRESCREEN" kiosk --headless 2>"$WORK/err" </dev/null || status=$?
[ "$status" = 1 ] || fail "no fonts: exit $status"
grep -q 'font "Noto Sans" is not installed (Debian package fonts-noto-core)' "$WORK/err" ||
	fail "no fonts: $(cat "$WORK/err")"
status=0
FONTCONFIG_FILE=$(fontconf /usr/share/fonts/truetype/noto) "$PRESCREEN" kiosk --headless \
	2>"$WORK/err" </dev/null || status=$?
[ "$status" = 1 ] || fail "no CJK fonts: exit $status"
grep -q 'Noto Sans CJK SC" is not installed (Debian package fonts-noto-cjk)' "$WORK/err" ||
	fail "no CJK fonts: $(cat "$WORK/err")"
pass "a missing font names its Debian package"

# A catalog that cannot be loaded: English, and a banner staff can see.
mkdir -p "$WORK/locale"
cp -r "$BUILD/locale/en" "$WORK/locale/"
PRESCREEN_LOCALEDIR="$WORK/locale" kiosk_script <<'S' || fail "catalog fallback"
press start
press lang:de
expect-screen consent
expect-text Before we begin
expect-text The translations for this language could not be loaded
press agree
text Jonas
press next
expect-text Question 1 of 7
expect-text How many years
S
pass "a missing catalog falls back to English with a staff banner"

# A code point that no installed font covers draws a box, never nothing.
kiosk_script --shots "$WORK/shots" <<'S' || fail "placeholder"
press start
press lang:en
press agree
text Lee
press next
text \s\s\s
key Home
shot empty
key End
key Backspace
key Backspace
key Backspace
text \u{378}\u{378}\u{378}
key Home
expect-text 3 / 4,000 characters, 0 words
shot uncovered
S
if "$PNGDIFF" "$WORK/shots/empty.png" "$WORK/shots/uncovered.png" 0.05 >/dev/null; then
	fail "an uncovered character left the screen unchanged"
fi
pass "an uncovered character draws a visible placeholder"
