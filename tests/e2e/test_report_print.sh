# report.html printed as a browser prints it: headless Chromium to PDF, in
# English and Arabic. The PDF is A4, the shortlist's codes are in its text,
# and the pages are rendered to PNG (kept with REPORT_PRINT_KEEP=DIR, to be
# looked at). The report names no URL and Chromium runs with no proxy, so
# nothing is fetched.
. "$(dirname "$0")/lib.sh"

gen="$BUILD/tests/gen_sessions"
for tool in chromium pdfinfo pdftoppm pdftotext; do
	# packaging/debian-test.txt has them (chromium, poppler-utils): a missing one is a failure.
	command -v "$tool" >/dev/null || fail "needs $tool (apt-get install chromium poppler-utils)"
done
[ -x "$gen" ] || fail "no $gen"
"$gen" "$WORK/data" 60 2>/dev/null || fail "gen_sessions"
mkdir -p "$WORK/export"
bundle=$("$PRESCREEN" export --data "$WORK/data" --out "$WORK/export" 2>"$WORK/err") ||
	fail "export: $(cat "$WORK/err")"
python3 "$SRC/tests/tools/gen_scores.py" "$bundle" --out "$WORK/scores" --reviewers 3 >/dev/null ||
	fail "gen_scores"
export HOME="$WORK/home"
mkdir -p "$HOME"
keep=${REPORT_PRINT_KEEP:-$WORK/png}
mkdir -p "$keep"

for lang in en ar; do
	out=$WORK/out-$lang
	"$PRESCREEN" report "$bundle" --scores "$WORK"/scores/*.json --lang "$lang" --out "$out" \
		2>"$WORK/err" || fail "report --lang $lang: $(cat "$WORK/err")"
	html=$out/report.html
	if grep -Eqi 'https?://|<script|<link|@import|url\(' "$html"; then
		fail "report.html ($lang) refers to something outside itself"
	fi
	pdf=$WORK/report-$lang.pdf
	timeout 180 chromium --headless --no-sandbox --disable-gpu --no-proxy-server \
		--no-first-run --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" \
		>"$WORK/chromium.log" 2>&1 || fail "chromium ($lang): $(tail -3 "$WORK/chromium.log")"
	info=$(pdfinfo "$pdf") || fail "pdfinfo ($lang)"
	echo "$info" | grep -Eq '^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts' ||
		fail "not A4 ($lang): $(echo "$info" | grep 'Page size')"
	pages=$(echo "$info" | awk '/^Pages:/ { print $2 }')
	[ "$pages" -ge 1 ] || fail "no page ($lang)"
	pdftoppm -png -r 60 "$pdf" "$keep/report-$lang" || fail "pdftoppm ($lang)"
	n=$(ls "$keep"/report-"$lang"-*.png | wc -l)
	[ "$n" = "$pages" ] || fail "$n pages rendered of $pages ($lang)"
	# Every shortlisted code is in the printed text.
	pdftotext "$pdf" "$WORK/report-$lang.txt"
	codes=$(python3 - "$out/results.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    if r["pass"] == "yes":
        print(r["candidate code"])
PY
)
	[ -n "$codes" ] || fail "nobody on the shortlist ($lang): the test would prove nothing"
	for c in $codes; do
		grep -qF "$c" "$WORK/report-$lang.txt" || fail "$c is not in the printed report ($lang)"
	done
	pass "$lang: $pages A4 page(s), $(echo "$codes" | wc -l) shortlisted code(s) printed, PNGs in $keep"
done
