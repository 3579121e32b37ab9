# All nine languages in one kiosk process, on a machine that has only the
# C.UTF-8 locale: each candidate's screens show that language's catalog and
# the stored session carries the question text exactly as shown.
. "$(dirname "$0")/lib.sh"

python3 - "$BUILD/locale" "$WORK" "$SRC/questions/backend-developer/pack.json" <<'PY'
import gettext, json, sys
locale, work, pack_json = sys.argv[1:]
source = {q["id"]: q["text"] for q in json.load(open(pack_json, encoding="utf-8"))["questions"]}
langs = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]
questions = ["q01", "q05", "q07", "q12", "q16", "q21", "q22"]
names = {"en": "Ana", "es": "Lucía", "fr": "Chloé", "de": "Jürgen", "pt_BR": "João",
         "ar": "سارة", "hi": "प्रियंका", "zh_CN": "王小明", "ja": "山田太郎"}
script, expect = [], {}
for lang in langs:
    ui = gettext.translation("prescreen", locale, [lang])
    pack = gettext.translation("prescreen-pack-backend-developer", locale, [lang])
    texts = [pack.pgettext(f"{q}|text", source[q]) for q in questions]
    if lang != "en":
        # A catalog that silently returned English would pass otherwise.
        assert ui.gettext("Before we begin") != "Before we begin", lang
        assert all(t != source[q] for t, q in zip(texts, questions)), lang
    first_line = lambda s: s.split()[0] if " " in s else s[:4]
    script += [
        "press start",
        f"press lang:{lang}",
        "expect-screen consent",
        f"expect-text {ui.gettext('Before we begin')}",
        f"expect-text {ui.gettext('I agree')}",
        "press agree",
        f"expect-text {ui.gettext('About you')}",
        f"text {names[lang]}",
        "press next",
        "expect-screen question",
        f"expect-text {first_line(ui.gettext('Next'))}",
        f"text {names[lang]}",
        "press next",
    ] + [f"text {names[lang]}", "press next"] * (len(questions) - 1) + [
        "expect-screen done",
        f"expect-text {ui.gettext('Thank you!')}",
        "press finish",
        "expect-screen attract",
    ]
    expect[lang] = texts
open(f"{work}/nine.txt", "w", encoding="utf-8").write("\n".join(script) + "\n")
json.dump(expect, open(f"{work}/expect.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

env -i PATH="$PATH" LANG=C.UTF-8 HOME="$WORK" PRESCREEN_DATA="$PRESCREEN_DATA" \
	${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
	"$PRESCREEN" kiosk --headless --script "$WORK/nine.txt" || fail "nine languages in one run"
locale -a | grep -qvE '^(C|C\.utf8|C\.UTF-8|POSIX)$' &&
	echo "  (note: this machine has more locales than C.UTF-8; the run above used only LANG=C.UTF-8)"

bundle=$(export_bundle)
python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "bundle"
bundle_json "$bundle" | python3 -c '
import json, sys
sessions = json.load(sys.stdin)
expect = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(sessions) == 9, len(sessions)
for s in sessions:
    lang = s["language"]
    shown = [a["question_text"] for a in s["answers"]]
    assert shown == expect[lang], (lang, shown[0], expect[lang][0])
    print(f"  {lang}: {shown[0][:40]}")
' "$WORK/expect.json" || fail "stored question texts"
pass "nine languages switched at run time under C.UTF-8 only"
