# Every catalog complete: no untranslated or fuzzy entry, the right
# Plural-Forms, placeholders that msgfmt --check accepts, and templates that
# match the code and the pack as they are now.
. "$(dirname "$0")/lib.sh"

declare -A plural=(
	[en]='nplurals=2; plural=(n != 1);'
	[es]='nplurals=2; plural=(n != 1);'
	[de]='nplurals=2; plural=(n != 1);'
	[fr]='nplurals=2; plural=(n > 1);'
	[pt_BR]='nplurals=2; plural=(n != 1);'
	[hi]='nplurals=2; plural=(n != 1);'
	[ar]='nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;'
	[zh_CN]='nplurals=1; plural=0;'
	[ja]='nplurals=1; plural=0;'
)

# Fresh templates from the code and the pack, to compare the catalogs against.
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	--keyword=ngettext:1,2 -o "$WORK/ui.pot" $(cd "$SRC" && ls app/*/*.c | sed "s|^|$SRC/|")
"$PRESCREEN" pack pot "$SRC/questions/backend-developer" > "$WORK/pack.pot"

for lang in "${!plural[@]}"; do
	for po in "$SRC/po/$lang.po" "$SRC/questions/backend-developer/po/$lang.po"; do
		[ -f "$po" ] || fail "$po: missing"
		msgfmt --check -o /dev/null "$po" || fail "$po: msgfmt --check"
		[ -z "$(msgattrib --untranslated "$po")" ] || fail "$po: untranslated entries"
		[ -z "$(msgattrib --only-fuzzy "$po")" ] || fail "$po: fuzzy entries"
		msgcat --no-wrap "$po" > "$WORK/flat.po"   # headers on one line each
		grep -qF "\"Plural-Forms: ${plural[$lang]}\\n\"" "$WORK/flat.po" ||
			fail "$po: Plural-Forms is not '${plural[$lang]}'"
		grep -qF "\"Language: $lang\\n\"" "$WORK/flat.po" || fail "$po: Language is not $lang"
	done
	msgcmp "$SRC/po/$lang.po" "$WORK/ui.pot" || fail "po/$lang.po lacks strings the code uses"
	msgcmp "$SRC/questions/backend-developer/po/$lang.po" "$WORK/pack.pot" ||
		fail "pack po/$lang.po lacks strings of pack.json"
done
pass "nine complete UI catalogs and nine complete pack catalogs"

# The committed templates are current (ignoring the creation date).
strip() { grep -vE '^"(POT-Creation-Date|PO-Revision-Date)' "$1" | grep -v '^#:'; }
"$PRESCREEN" pack pot "$SRC/questions/backend-developer" |
	diff -q - "$SRC/questions/backend-developer/po/backend-developer.pot" >/dev/null ||
	fail "questions/backend-developer/po/backend-developer.pot is stale: regenerate with prescreen pack pot"
msgcmp --use-untranslated "$WORK/ui.pot" "$SRC/po/prescreen.pot" 2>/dev/null &&
	msgcmp --use-untranslated "$SRC/po/prescreen.pot" "$WORK/ui.pot" 2>/dev/null ||
	fail "po/prescreen.pot is stale: cmake --build build --target pot"
pass "templates are current"

# A broken catalog fails msgfmt --check, which the build runs.
sed '/^msgstr/s/%1\$s/%d/' "$SRC/po/de.po" > "$WORK/broken.po"
if msgfmt --check -o /dev/null "$WORK/broken.po" 2>/dev/null; then
	fail "msgfmt --check accepted a catalog with a wrong placeholder"
fi
pass "a wrong placeholder is a build error"
