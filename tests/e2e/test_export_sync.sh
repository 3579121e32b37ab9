# A bundle is made durable with a fixed number of flushes however many
# sessions it holds (one syncfs for its files, one fsync for the rename),
# not one fsync per file: 30 ms each on an SD card is 5 minutes for 10,000.
. "$(dirname "$0")/lib.sh"

gen="$BUILD/tests/gen_sessions"
if ! command -v strace >/dev/null || [ ! -x "$gen" ]; then
	echo "  (needs strace and $gen: not run here)"
	pass "skipped"
	exit 0
fi
flushes() {
	local out="$WORK/out.$1"
	mkdir -p "$out"
	# LeakSanitizer cannot run under ptrace; the other tests check leaks.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -c -o "$WORK/strace.$1" -e trace=fsync,fdatasync,syncfs,sync \
		"$PRESCREEN" export --data "$WORK/data.$1" --out "$out" >/dev/null 2>"$WORK/err" ||
		fail "export of $1 sessions: $(cat "$WORK/err")"
	awk '$NF ~ /^(fsync|fdatasync|syncfs|sync)$/ { n += $4 } END { print n + 0 }' "$WORK/strace.$1"
}
for n in 3 300; do
	"$gen" "$WORK/data.$n" "$n" 2>/dev/null || fail "gen_sessions $n"
done
few=$(flushes 3)
many=$(flushes 300)
echo "  flushes: $few for 3 sessions, $many for 300"
[ "$few" = "$many" ] || fail "flushes grow with the sessions: $few for 3, $many for 300"
[ "$many" -le 4 ] || fail "$many flushes for one bundle"
python3 "$SRC/tests/e2e/check_export.py" "$WORK"/out.300/prescreen-export-* >/dev/null || fail "bundle check"
pass "a bundle is flushed a fixed number of times ($many), whatever its size"
