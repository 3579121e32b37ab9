# `prescreen pack check DIR` over the broken-pack corpus (tests/packs/broken):
# each folder's stderr and exit status exactly as its expected.txt says;
# msgfmt --check refuses the catalogs it knows to be broken (msgfmt-rejects)
# and accepts every other one, so our good files stay good for translators'
# tools; the good pack and the bundled pack pass with one summary line.
. "$(dirname "$0")/lib.sh"

# A sanitizer build must not add its summary to the stderr compared.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
PACKS="$SRC/tests/packs"
cd "$PACKS/broken"

n=0
for dir in */; do
	case=${dir%/}
	n=$((n + 1))
	[ -f "$case/expected.txt" ] || fail "$case: no expected.txt"
	set +e
	"$PRESCREEN" pack check "$case" > "$WORK/out" 2> "$WORK/err"
	status=$?
	set -e
	echo "exit $status" >> "$WORK/err"
	diff -u "$case/expected.txt" "$WORK/err" || fail "$case: stderr or exit status differs"
	if [ "$status" = 0 ]; then
		grep -qxE "$case: pack backend-mini 1\.0\.0, 6 questions, 9 languages: ok \([0-9]+ warnings?\)" \
			"$WORK/out" || fail "$case: no summary line: $(cat "$WORK/out")"
	else
		[ ! -s "$WORK/out" ] || fail "$case: failed, yet printed to stdout: $(cat "$WORK/out")"
	fi

	# msgfmt --check must agree on what it knows.
	for po in "$case"/po/*.po; do
		rel=${po#"$case"/}
		if [ -f "$case/msgfmt-rejects" ] && grep -qxF "$rel" "$case/msgfmt-rejects"; then
			if msgfmt --check -o /dev/null "$po" 2>/dev/null; then
				fail "$case: msgfmt --check accepts $rel"
			fi
			grep -q "^$case/$rel[:]" "$WORK/err" || fail "$case: pack check says nothing of $rel"
		else
			msgfmt --check -o /dev/null "$po" || fail "$case: msgfmt --check refuses $rel"
		fi
	done
done
[ "$n" -ge 30 ] || fail "only $n broken packs (at least 30)"
pass "$n broken packs: every line and exit status as expected, msgfmt --check agrees"

# The corpus is what tests/packs/mkbroken.py makes of the good pack.
python3 "$PACKS/mkbroken.py" --out "$WORK/remade"
for dir in */; do
	case=${dir%/}
	diff -r -x expected.txt -x msgfmt-rejects "$case" "$WORK/remade/$case" > /dev/null ||
		fail "$case: differs from what mkbroken.py makes"
done
[ "$(ls "$WORK/remade" | wc -l)" = "$n" ] || fail "mkbroken.py makes another set of packs"
pass "the corpus is what mkbroken.py makes"

# A good pack: nothing on stderr, one line on stdout, exit 0.
cd "$PACKS"
"$PRESCREEN" pack check good > "$WORK/out" 2> "$WORK/err" || fail "the good pack fails: $(cat "$WORK/err")"
[ ! -s "$WORK/err" ] || fail "the good pack has problems: $(cat "$WORK/err")"
[ "$(cat "$WORK/out")" = "good: pack backend-mini 1.0.0, 6 questions, 9 languages: ok" ] ||
	fail "good pack summary: $(cat "$WORK/out")"
for po in good/po/*.po; do
	msgfmt --check -o /dev/null "$po" || fail "msgfmt --check refuses $po"
done
pass "the good pack passes, and msgfmt --check accepts its catalogs"

cd "$SRC/questions"
"$PRESCREEN" pack check backend-developer > "$WORK/out" 2> "$WORK/err" ||
	fail "the bundled pack fails: $(cat "$WORK/err")"
[ ! -s "$WORK/err" ] || fail "the bundled pack has problems: $(cat "$WORK/err")"
grep -qxE "backend-developer: pack backend-developer [0-9.]+, [0-9]+ questions, 9 languages: ok" \
	"$WORK/out" || fail "bundled pack summary: $(cat "$WORK/out")"
pass "the bundled pack passes pack check"

# Usage errors exit 2.
for args in "check" "check a b"; do
	set +e
	# shellcheck disable=SC2086
	"$PRESCREEN" pack $args > /dev/null 2>&1
	status=$?
	set -e
	[ "$status" = 2 ] || fail "pack $args: exit $status, not 2"
done
# A folder that is no pack: every file it lacks, exit 1.
mkdir -p "$WORK/empty"
set +e
"$PRESCREEN" pack check "$WORK/empty" > /dev/null 2> "$WORK/err"
status=$?
set -e
[ "$status" = 1 ] || fail "an empty folder: exit $status"
[ "$(wc -l < "$WORK/err")" = 10 ] || fail "an empty folder: $(cat "$WORK/err")"
grep -qx "$WORK/empty/pack.json: No such file or directory" "$WORK/err" || fail "no pack.json line"
pass "usage errors exit 2, an empty folder names pack.json and the nine catalogs"
