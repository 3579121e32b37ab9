# `pack install` and `pack list` on the real binary, and the kiosk finding
# the installed pack without --pack or a rebuild: a pack whose German q01
# differs from the bundled one is shown (expect-text and a screenshot), a
# refused install leaves the kiosk on the old one, the export carries the
# installed pack, and kill -9 at random moments of an install never leaves
# `current` at a half-built version.
. "$(dirname "$0")/lib.sh"

NEW_DE="Wie lange arbeiten Sie schon"
NEW_DE_FULL="$NEW_DE praktisch im Backend? Erzählen Sie bitte auch von Ihren Aufgaben."
OLD_DE="Wie viele Jahre praktische"
INST="$PRESCREEN_DATA/packs-installed/backend-developer"

# A copy of the bundled pack: version $2, German q01 text $3 (optional).
make_pack() {
	rm -rf "$1"; mkdir -p "$1/po"
	cp "$SRC"/questions/backend-developer/po/*.po "$1/po/"
	sed "s/\"version\": *\"[^\"]*\"/\"version\": \"$2\"/" \
		"$SRC/questions/backend-developer/pack.json" > "$1/pack.json"
	[ -z "${3:-}" ] || python3 - "$1/po/de.po" "$3" <<'PY'
import sys
p, new = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read()
i = s.index('msgctxt "q01|text"'); j = s.index("msgstr ", i); k = s.index("\n\n", j)
open(p, "w", encoding="utf-8").write(s[:j] + 'msgstr "' + new + '"' + s[k:])
PY
}

to_question_de() {
	cat <<'S'
press start
press lang:de
wait 4s
press agree
text Jana Beispiel
press field:email
text jana@example.org
press next
expect-screen question
S
}

# --- before any install: the bundled pack's German ---
to_question_de > "$WORK/old.txt"
echo "expect-text $OLD_DE" >> "$WORK/old.txt"
"$PRESCREEN" kiosk --headless --script "$WORK/old.txt" 2>"$WORK/err0" \
	|| fail "bundled pack not shown: $(cat "$WORK/err0")"
pass "before install the kiosk shows the bundled German q01"
rm -rf "$PRESCREEN_DATA"

# --- install: layout, list, note on reinstall ---
make_pack "$WORK/pack-a" "2.0.0-fair" "$NEW_DE_FULL"
out=$("$PRESCREEN" pack install "$WORK/pack-a" 2>"$WORK/err1") || fail "install: $(cat "$WORK/err1")"
grep -q "^installed backend-developer 2.0.0-fair (sha256:" <<<"$out" || fail "install said: $out"
hash=$(python3 -c 'import hashlib,sys; print("sha256:"+hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$WORK/pack-a/pack.json")
[ "$(readlink "$INST/current")" = "2.0.0-fair-${hash:7:12}" ] || fail "current -> $(readlink "$INST/current")"
for l in en es fr de pt_BR ar hi zh_CN ja; do
	mo="$INST/current/locale/$l/LC_MESSAGES/prescreen-pack-backend-developer.mo"
	msgunfmt "$mo" > "$WORK/$l.unmo" || fail "$l.mo unreadable by msgunfmt"
	msgfmt -o - "$WORK/pack-a/po/$l.po" | msgunfmt - > "$WORK/$l.ref" || fail "msgfmt $l"
	cmp -s "$WORK/$l.unmo" "$WORK/$l.ref" || fail "$l.mo differs from msgfmt's"
done
pass "installed under <version>-<hash12> with nine catalogs equal to msgfmt's"

list=$("$PRESCREEN" pack list)
[ "$list" = "$(printf 'backend-developer\t2.0.0-fair\t%s\t*' "$hash")" ] || fail "list: $list"
out=$("$PRESCREEN" pack install "$WORK/pack-a" 2>&1) || fail "reinstall failed: $out"
grep -q "^note: backend-developer 2.0.0-fair is already installed and current" <<<"$out" \
	|| fail "reinstall said: $out"
[ "$("$PRESCREEN" pack list)" = "$list" ] || fail "reinstall changed the list"
pass "pack list, and reinstalling the current version is a note, exit 0"

# --- the kiosk shows the installed pack's German, no --pack ---
to_question_de > "$WORK/new.txt"
printf 'expect-text %s\nshot question-de-installed\n' "$NEW_DE" >> "$WORK/new.txt"
"$PRESCREEN" kiosk --headless --script "$WORK/new.txt" --shots "$WORK/shots" 2>"$WORK/err2" \
	|| fail "installed pack's German not shown: $(cat "$WORK/err2")"
[ -s "$WORK/shots/question-de-installed.png" ] || fail "no screenshot"
to_question_de > "$WORK/old2.txt"
echo "expect-text $OLD_DE" >> "$WORK/old2.txt"
if "$PRESCREEN" kiosk --headless --script "$WORK/old2.txt" >/dev/null 2>&1; then
	fail "the bundled German still shows after the install"
fi
pass "the kiosk shows the installed pack's changed German (screenshot question-de-installed.png)"

# --- the session and the export name and carry the installed pack ---
bundle=$(export_bundle) || fail "export"
python3 - "$bundle" "$hash" "$NEW_DE_FULL" <<'PY' || fail "export does not carry the installed pack"
import hashlib, json, pathlib, sys
b, want, new = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
ss = [json.loads(p.read_text()) for p in (b / "sessions").glob("*.json")]
assert ss, "no session"
for s in ss:
    assert s["pack"]["version"] == "2.0.0-fair" and s["pack"]["hash"] == want, s["pack"]
got = "sha256:" + hashlib.sha256((b / "pack" / "pack.json").read_bytes()).hexdigest()
assert got == want, got
assert new in (b / "pack" / "po" / "de.po").read_text(encoding="utf-8")
PY
pass "sessions record 2.0.0-fair and its hash; the bundle's pack/ is the installed one"
# Without the start-up snapshot (skipped on a nearly full disk) the export
# finds the pack among the installed ones.
mv "$PRESCREEN_DATA/packs" "$WORK/packs-aside"
mkdir -p "$WORK/export-nosnap"
bundle=$("$PRESCREEN" export --out "$WORK/export-nosnap" 2>"$WORK/err-nosnap") \
	|| fail "export without snapshot: $(cat "$WORK/err-nosnap")"
grep -q "not found" "$WORK/err-nosnap" && fail "export lost the pack: $(cat "$WORK/err-nosnap")"
cmp -s "$bundle/pack/pack.json" "$WORK/pack-a/pack.json" || fail "no installed pack in the bundle"
mv "$WORK/packs-aside" "$PRESCREEN_DATA/packs"
pass "without the snapshot the export takes the pack from packs-installed"

# --- a refused install changes nothing ---
make_pack "$WORK/pack-bad" "2.1.0"
python3 - "$WORK/pack-bad/pack.json" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace('"type": "general"', '"type": "nonsense"', 1))
PY
find "$PRESCREEN_DATA/packs-installed" | sort > "$WORK/tree-before"
if "$PRESCREEN" pack install "$WORK/pack-bad" >"$WORK/out3" 2>"$WORK/err3"; then
	fail "a broken pack was installed"
fi
grep -q "^$WORK/pack-bad/pack.json:[0-9]*: " "$WORK/err3" || fail "no file:line: $(cat "$WORK/err3")"
grep -q "not installed" "$WORK/err3" || fail "no final line: $(cat "$WORK/err3")"
find "$PRESCREEN_DATA/packs-installed" | sort > "$WORK/tree-after"
cmp -s "$WORK/tree-before" "$WORK/tree-after" || fail "a refused install changed packs-installed"
[ "$("$PRESCREEN" pack list)" = "$list" ] || fail "a refused install changed the list"
"$PRESCREEN" kiosk --headless --script "$WORK/new.txt" --shots "$WORK/shots" 2>"$WORK/err4" \
	|| fail "after a refused install the kiosk lost the installed pack: $(cat "$WORK/err4")"
pass "a refused install prints the check's lines, exit 1, and the kiosk keeps the old pack"

# --- the event staff saved last (DATA/events/current) is the one run ---
mkdir -p "$PRESCREEN_DATA/events"
python3 - "$SRC/assets/default-event.json" "$PRESCREEN_DATA/events/fair-2026.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1], encoding="utf-8"))
ev["id"] = "fair-2026"
ev["title"] = "Jobmesse Berlin 2026"
json.dump(ev, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
ln -s fair-2026.json "$PRESCREEN_DATA/events/current"
printf 'expect-screen attract\nexpect-text Jobmesse Berlin 2026\n' > "$WORK/title.txt"
"$PRESCREEN" kiosk --headless --script "$WORK/title.txt" 2>"$WORK/err5" \
	|| fail "DATA/events/current not used: $(cat "$WORK/err5")"
# --event still wins over the saved one.
if "$PRESCREEN" kiosk --headless --event "$SRC/assets/default-event.json" \
	--script "$WORK/title.txt" >/dev/null 2>&1; then
	fail "--event did not override DATA/events/current"
fi
# The saved event's pack is the installed one, whose German is shown.
"$PRESCREEN" kiosk --headless --script "$WORK/new.txt" 2>"$WORK/err6" \
	|| fail "saved event without the installed pack: $(cat "$WORK/err6")"
pass "the kiosk runs DATA/events/current unless --event is given, on the installed pack"
rm -rf "$PRESCREEN_DATA/events"

# --- kill -9 at random moments of installs ---
make_pack "$WORK/pack-k" "k0"
t0=$(date +%s%N)
"$PRESCREEN" pack install "$WORK/pack-k" >/dev/null 2>&1 || fail "install k0"
# Kills land anywhere in an install's span, however slow the machine.
span_ms=$(( ($(date +%s%N) - t0) / 1000000 + 5 ))
echo "one install takes ${span_ms} ms"
check_current() {
	python3 - "$INST" <<'PY'
import hashlib, json, os, pathlib, sys
inst = pathlib.Path(sys.argv[1])
name = os.readlink(inst / "current")
d = inst / name
assert not name.startswith("."), name
raw = (d / "pack.json").read_bytes()
h = hashlib.sha256(raw).hexdigest()
v = json.loads(raw)["version"]
assert name == f"{v}-{h[:12]}", (name, v, h)
for l in "en es fr de pt_BR ar hi zh_CN ja".split():
    assert (d / "po" / f"{l}.po").stat().st_size > 0, l
    mo = d / "locale" / l / "LC_MESSAGES" / "prescreen-pack-backend-developer.mo"
    assert mo.read_bytes()[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"), l
print(v)
PY
}
seed=$RANDOM
echo "kill test seed $seed"
RANDOM=$seed
prev=k0; killed=0; halfway=0
for i in $(seq 1 24); do
	make_pack "$WORK/pack-k" "k$i"
	"$PRESCREEN" pack install "$WORK/pack-k" >/dev/null 2>&1 &
	pid=$!
	ms=$((RANDOM % span_ms))
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null || true
	# A hidden folder left behind: this kill landed in the middle of building.
	if [ -n "$(find "$INST" -maxdepth 1 -name '.tmp-*')" ]; then halfway=$((halfway + 1)); fi
	v=$(check_current) || fail "after kill $i (seed $seed) current is not a whole version"
	[ "$v" = "$prev" ] || [ "$v" = "k$i" ] || fail "after kill $i current is $v, not $prev or k$i"
	prev=$v
done
echo "killed $killed of 24 installs; $halfway left a half-built hidden folder"
[ "$halfway" -gt 0 ] || fail "no kill landed while a version was being built (seed $seed)"
make_pack "$WORK/pack-k" "k-final"
"$PRESCREEN" pack install "$WORK/pack-k" >/dev/null || fail "install after the kills"
[ "$(check_current)" = "k-final" ] || fail "final install not current"
left=$(find "$INST" -maxdepth 1 -name '.tmp-*' -o -maxdepth 1 -name 'current.tmp')
[ -z "$left" ] || fail "leftovers after the next install: $left"
"$PRESCREEN" pack list | grep -q "	k-final	.*	\*$" || fail "list after kills: $("$PRESCREEN" pack list)"
pass "kill -9 mid-install leaves current at the old or new version; the next install clears leftovers"
