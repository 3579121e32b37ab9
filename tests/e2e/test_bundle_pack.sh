# The bundle carries its pack (issue 7, point 1) and reads back for review:
# sessions in all nine languages and with every status, recorded by the real
# kiosk, exported; the bundle's pack/ is the pack the sessions name, byte for
# byte, even after the pack folder changed; bundle_open (through
# tests/tools/bundle_check) verifies it, and refuses it, naming the file,
# once a file is removed, added or altered or the manifest is cut short.
. "$(dirname "$0")/lib.sh"
: "${BUNDLE_CHECK:?run through ctest}"

# The kiosk runs on a copy of the share folder, so the test can change the
# pack afterwards as HR staff would.
share="$WORK/share"
mkdir -p "$share"
cp -r "$SRC/questions" "$SRC/assets" "$share/"
export PRESCREEN_SHARE="$share"
orig="$WORK/pack-orig"
cp -r "$SRC/questions/backend-developer" "$orig"

python3 - "$WORK/nine.txt" <<'PY'
import sys
langs = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]
names = {"en": "Ana \"Q\" O'Neil", "es": "Lucía", "fr": "Chloé", "de": "Jürgen",
         "pt_BR": "João", "ar": "سارة", "hi": "प्रियंका", "zh_CN": "王小明", "ja": "山田太郎"}
words = {"en": "=SUM(A1) back\\\\slash, tab\\there", "es": "Sí, con PostgreSQL",
         "fr": "J'ai « guillemets »", "de": "Größe ÄÖÜ ß", "pt_BR": "ação",
         "ar": "أستخدم REST API", "hi": "मैंने Django", "zh_CN": "我负责过订单系统。",
         "ja": "三年間 Node.js 🚀"}
s = []
for lang in langs:
    s += ["press start", f"press lang:{lang}", "expect-screen consent", "press agree",
          f"text {names[lang]}", "press next", "expect-screen question"]
    for q in range(7):
        s += [f"text {words[lang]} {q}\\nline two", "wait 1s", "press next"]
    s += ["expect-screen done", "press finish", "expect-screen attract"]
# Abandoned: the idle prompt runs out.
s += ["press start", "press lang:de", "press agree", "text Idle Person", "press next",
      "text angefangen", "wait 200s", "expect-screen attract"]
# Interrupted: the script ends mid-question.
s += ["press start", "press lang:ar", "press agree", "text مقاطع", "press next",
      "text نص غير مكتمل"]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(s) + "\n")
PY
"$PRESCREEN" kiosk --headless --script "$WORK/nine.txt" 2>"$WORK/kiosk.err" ||
	fail "kiosk run: $(cat "$WORK/kiosk.err")"

# In progress: a kiosk killed mid-answer and not started again.
printf 'press start\npress lang:ja\npress agree\ntext 途中\npress next\ntext 書きかけ\nwait 1s\ntext です\nwait 60s\n' \
	> "$WORK/killed.txt"
"$PRESCREEN" kiosk --headless --realtime --script "$WORK/killed.txt" --trace "$WORK/trace" \
	2>/dev/null &
pid=$!
for _ in $(seq 400); do
	[ "$(tail -n 1 "$WORK/trace" 2>/dev/null || echo 0)" -ge 9 ] && break
	sleep 0.05
done
sleep 2
kill -9 "$pid"
wait "$pid" 2>/dev/null || true

hash_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
want=$(hash_of "$orig/pack.json")
[ -f "$PRESCREEN_DATA/packs/${want#sha256:}/pack.json" ] || fail "the kiosk kept no snapshot of its pack"

# HR changes the pack folder after the sessions were recorded.
sed -i 's/"version": "1.1.0"/"version": "9.9.9"/' "$share/questions/backend-developer/pack.json"
echo 'msgid "changed"' >> "$share/questions/backend-developer/po/de.po"

out1="$WORK/out1"; out2="$WORK/out2"; mkdir -p "$out1" "$out2"
b1=$("$PRESCREEN" export --out "$out1" 2>"$WORK/export1.err") || fail "export: $(cat "$WORK/export1.err")"
b2=$("$PRESCREEN" export --out "$out2" 2>/dev/null) || fail "second export"
grep -q warning "$WORK/export1.err" && fail "export warned: $(cat "$WORK/export1.err")"

cmp -s "$b1/pack/pack.json" "$orig/pack.json" || fail "pack/pack.json is not the recorded pack's bytes"
for po in "$orig"/po/*.po; do
	cmp -s "$b1/pack/po/$(basename "$po")" "$po" || fail "pack/po/$(basename "$po") differs"
done
[ -e "$b1/pack/po/backend-developer.pot" ] && fail "the template went into the bundle"
[ "$(hash_of "$b1/pack/pack.json")" = "$want" ] || fail "pack.json hash"
diff -r "$b1/sessions" "$b2/sessions" >/dev/null || fail "two exports gave different session files"
pass "pack/ is the recorded pack byte for byte; session files identical across exports"

python3 "$SRC/tests/e2e/check_export.py" "$b1" >/dev/null || fail "bundle check"
python3 - "$b1" "$want" "$SRC" <<'PY' || fail "manifest and sessions"
import hashlib, json, pathlib, sys
b, want, src = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
m = json.loads((b / "manifest.json").read_text())
assert m["packs"] == [{"id": "backend-developer", "version": "1.1.0", "hash": want,
                       "path": "pack"}], m["packs"]
langs = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]
listed = {k for k in m["files"] if k.startswith("pack/")}
assert listed == {"pack/pack.json"} | {f"pack/po/{l}.po" for l in langs}, listed
for k in listed:
    assert m["files"][k] == "sha256:" + hashlib.sha256((b / k).read_bytes()).hexdigest(), k
sessions = [json.loads(p.read_text()) for p in (b / "sessions").glob("*.json")]
assert {s["pack"]["hash"] for s in sessions} == {want}
assert sorted({s["language"] for s in sessions}) == sorted(langs)
assert {s["status"] for s in sessions} == {"completed", "abandoned", "interrupted",
                                          "in_progress"}, {s["status"] for s in sessions}
try:
    import jsonschema
except ImportError:
    sys.exit(0)
schema = json.load(open(f"{src}/schema/prescreen.manifest.v1.schema.json"))
jsonschema.validate(m, schema, cls=jsonschema.Draft202012Validator)
PY
pass "manifest lists pack/pack.json and the nine catalogs with their hashes; packs[0].path is pack"

"$BUNDLE_CHECK" --roundtrip "$b1" > "$WORK/check.out" 2>&1 || fail "bundle_check: $(cat "$WORK/check.out")"
grep -q "^ok $b1: 12 session(s), 1 pack(s) $want=$b1/pack$" "$WORK/check.out" ||
	fail "bundle_check said: $(cat "$WORK/check.out")"
grep -q "in_progress 1, completed 9, abandoned 1, interrupted 1" "$WORK/check.out" ||
	fail "statuses: $(cat "$WORK/check.out")"
grep -q "^roundtrip 12 of 12 identical$" "$WORK/check.out" || fail "round trip: $(cat "$WORK/check.out")"
pass "bundle_open verifies it; 12 sessions parse back to the same bytes ($(grep languages "$WORK/check.out"))"

# Refusals, each naming the file.
refused() {     # DIR PATTERN WHAT
	if "$BUNDLE_CHECK" "$1" > "$WORK/refused.out" 2>&1; then
		fail "$3 was accepted"
	fi
	grep -qF -- "$2" "$WORK/refused.out" || fail "$3: expected '$2', got: $(cat "$WORK/refused.out")"
	pass "$3: $(grep -F -- "$2" "$WORK/refused.out" | head -n 1)"
}
copy() { rm -rf "$WORK/t"; cp -r "$b1" "$WORK/t"; echo "$WORK/t"; }
one=$(ls "$b1/sessions" | head -n 1)

t=$(copy); rm "$t/sessions/$one"
refused "$t" "$t/sessions/$one: missing: listed in the manifest" "a removed session file"
t=$(copy); echo '{}' > "$t/sessions/01ZZZZZZZZZZZZZZZZZZZZZZZZ.json"
refused "$t" "$t/sessions/01ZZZZZZZZZZZZZZZZZZZZZZZZ.json: extra: not listed in the manifest" "an added file"
t=$(copy); echo x > "$t/pack/po/notes.txt"
refused "$t" "$t/pack/po/notes.txt: extra" "a file added to the pack"
t=$(copy); sed -i 's/"keystrokes": \([0-9]*\)/"keystrokes": 1\1/' "$t/sessions/$one"
refused "$t" "$t/sessions/$one: altered: its SHA-256 differs from the manifest" "an altered session"
t=$(copy); sed -i 's/Backend/Frontend/' "$t/pack/pack.json"
refused "$t" "$t/pack/pack.json: altered" "an altered pack"
t=$(copy); head -c 700 "$b1/manifest.json" > "$t/manifest.json"
refused "$t" "$t/manifest.json:" "a truncated manifest"
grep -q "bad manifest (cut short)" "$WORK/refused.out" || fail "truncation not named: $(cat "$WORK/refused.out")"
t=$(copy); rm "$t/manifest.json"
refused "$t" "$t: not an export bundle" "a folder without manifest"
refused "$SRC/questions" "$SRC/questions: not an export bundle" "a foreign folder"

# The snapshot gone, the installed pack still the recorded one: found by hash.
mv "$PRESCREEN_DATA/packs" "$WORK/packs-away"
rm -rf "$share/questions/backend-developer"
cp -r "$orig" "$share/questions/other-name"
out3="$WORK/out3"; mkdir -p "$out3"
b3=$("$PRESCREEN" export --out "$out3" 2>"$WORK/export3.err") || fail "export without snapshot"
cmp -s "$b3/pack/pack.json" "$orig/pack.json" || fail "no pack from the share folder by hash"
pass "without a snapshot, the installed pack with the same hash is taken"

# Found nowhere: the sessions still go out, with one warning naming the pack.
rm -rf "$share/questions/other-name"
out4="$WORK/out4"; mkdir -p "$out4"
b4=$("$PRESCREEN" export --out "$out4" 2>"$WORK/export4.err") ||
	fail "export without any pack failed: $(cat "$WORK/export4.err")"
[ "$(grep -c warning "$WORK/export4.err")" = 1 ] || fail "warnings: $(cat "$WORK/export4.err")"
grep -q "warning: pack backend-developer $want: not found" "$WORK/export4.err" ||
	fail "warning: $(cat "$WORK/export4.err")"
[ -e "$b4/pack" ] && fail "a pack folder without a pack"
diff -r "$b1/sessions" "$b4/sessions" >/dev/null || fail "sessions differ without the pack"
python3 "$SRC/tests/e2e/check_export.py" "$b4" >/dev/null || fail "bundle check without pack"
"$BUNDLE_CHECK" "$b4" > "$WORK/check4.out" 2>&1 || fail "bundle without pack refused: $(cat "$WORK/check4.out")"
grep -q "ok $b4: 12 session(s), 0 pack(s)" "$WORK/check4.out" || fail "$(cat "$WORK/check4.out")"
pass "no pack anywhere: $(grep warning "$WORK/export4.err")"

# A nearly full data disk keeps its room for sessions: no snapshot then, and
# the export takes the installed pack by hash.
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/disk" && mount -t tmpfs -o size=4m tmpfs "$WORK/disk" 2>/dev/null; then
	trap 'umount "$WORK/disk" 2>/dev/null || true; rm -rf "$WORK"' EXIT
	cp -r "$orig" "$share/questions/backend-developer"
	mkdir -p "$WORK/disk/data"
	fallocate -l $(( ($(df -k --output=avail "$WORK/disk" | tail -n 1) - 2048) * 1024 )) "$WORK/disk/filler"
	printf 'press start\npress lang:en\npress agree\ntext Low Disk\npress next\ntext short\n' > "$WORK/low.txt"
	PRESCREEN_DATA="$WORK/disk/data" "$PRESCREEN" kiosk --headless --script "$WORK/low.txt" \
		2>"$WORK/low.err" || fail "kiosk on a full disk: $(cat "$WORK/low.err")"
	grep -q "warning: .*kB free: no snapshot of pack backend-developer" "$WORK/low.err" ||
		fail "no warning about the skipped snapshot: $(cat "$WORK/low.err")"
	[ -e "$WORK/disk/data/packs" ] && fail "a snapshot on a nearly full disk"
	mkdir -p "$WORK/out5"
	b5=$(PRESCREEN_DATA="$WORK/disk/data" "$PRESCREEN" export --out "$WORK/out5" 2>/dev/null) ||
		fail "export from the full disk"
	cmp -s "$b5/pack/pack.json" "$orig/pack.json" || fail "no pack in the bundle from the full disk"
	pass "2 MB free: $(grep -o 'no snapshot.*' "$WORK/low.err" | head -n 1)"
else
	echo "  (needs root to mount a small tmpfs: the full-disk case is not run here)"
fi
