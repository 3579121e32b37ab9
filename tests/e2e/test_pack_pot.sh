# `prescreen pack pot` gives translators every calibration sample of a pack
# (its answer and why, with a translator comment), and refuses a pack whose
# samples are broken with file:line messages.
. "$(dirname "$0")/lib.sh"

PACK="$SRC/questions/backend-developer"
"$PRESCREEN" pack pot "$PACK" > "$WORK/pack.pot"
msgfmt --check -o /dev/null "$WORK/pack.pot" || fail "pack pot output is not a valid PO file"

# Every sample of pack.json, as "id<TAB>field<TAB>source text", one a line.
python3 - "$PACK/pack.json" > "$WORK/samples.tsv" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["calibration"]:
    for field in ("answer", "why"):
        print(f"{s['id']}\t{field}\t{s['question_id']}\t{s['score']}\t{s[field]}")
PY
[ "$(wc -l < "$WORK/samples.tsv")" -ge 10 ] || fail "the bundled pack has fewer than five samples"

while IFS=$'\t' read -r id field question score text; do
	msggrep --no-wrap -J -e "^$id|$field\$" "$WORK/pack.pot" > "$WORK/entry.po"
	grep -qxF "msgctxt \"$id|$field\"" "$WORK/entry.po" || fail "no $id|$field in pack pot"
	python3 - "$WORK/entry.po" "$id|$field" "$text" <<'PY' || fail "$id|$field: msgid differs from pack.json"
import sys
po, ctx, want = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(po, encoding="utf-8").read().split("\n")
i = lines.index(f'msgctxt "{ctx}"')
msgid = lines[i + 1]
assert msgid.startswith('msgid "') and msgid.endswith('"'), msgid
body = msgid[len('msgid "'):-1]
text = body.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
sys.exit(0 if text == want else 1)
PY
	grep -qE "^#\. $id \(calibration sample for $question, reference score $score of 5\): " \
		"$WORK/entry.po" || fail "$id|$field: no translator comment naming $question and score $score"
done < "$WORK/samples.tsv"
pass "pack pot has every sample's answer and why, with translator comments"

# A broken sample: the template is refused, with the line of the problem.
mkdir -p "$WORK/bad"
python3 - "$PACK/pack.json" > "$WORK/bad/pack.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["calibration"][1]["question_id"] = "q99"
print(json.dumps(p, indent=2, ensure_ascii=False))
PY
line=$(grep -n '"question_id": "q99"' "$WORK/bad/pack.json" | cut -d: -f1)
if "$PRESCREEN" pack pot "$WORK/bad" > /dev/null 2> "$WORK/err"; then
	fail "pack pot accepted a sample of an unknown question"
fi
grep -qxF "$WORK/bad/pack.json:$line: sample \"cal02\": \"question_id\" \"q99\" is not a question of this pack" \
	"$WORK/err" || { cat "$WORK/err" >&2; fail "no file:line message for the unknown question"; }
pass "a sample of an unknown question is refused at its line"

# In every catalog, each sample's "why" quotes its question's anchors as that
# catalog translates them, so a reviewer reads one wording, not two.
python3 - "$PACK" <<'PY' || fail "a translated why does not quote its question's translated anchor"
import json, subprocess, sys
pack = sys.argv[1]
samples = json.load(open(f"{pack}/pack.json"))["calibration"]

def entries(po):
    flat = subprocess.run(["msgcat", "--no-wrap", po], capture_output=True,
                          text=True, check=True).stdout.split("\n")
    out = {}
    for i, line in enumerate(flat):
        if line.startswith('msgctxt "'):
            s = flat[i + 2]
            assert s.startswith('msgstr "'), s
            body = s[len('msgstr "'):-1]
            out[line[len('msgctxt "'):-1]] = (body.encode().decode("unicode_escape")
                                              .encode("latin-1").decode("utf-8"))
    return out

bad = 0
for lang in ("en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"):
    e = entries(f"{pack}/po/{lang}.po")
    for s in samples:
        why = e[s["id"] + "|why"]
        anchors = [e[f"{s['question_id']}|anchor_{k}"] for k in "135"]
        if not any(a in why for a in anchors):
            print(f"{lang}.po: {s['id']}|why quotes none of {s['question_id']}'s anchors",
                  file=sys.stderr)
            bad = 1
sys.exit(bad)
PY
pass "every catalog's sample reasons quote the anchors as that catalog words them"
