# prescreen erase (issue 9, point 4): the receipt code a candidate reads on the
# done screen erases their session from the kiosk (its bytes overwritten on
# disk, an audit line) and from the reviewer's store (answers, scores, notes),
# and a later bundle that still holds the session does not bring it back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/review_lib.sh"
export XDG_DATA_HOME="$WORK/xdg"
review_db="$XDG_DATA_HOME/prescreen/review.db"

event="$WORK/event.json"
python3 - "$SRC/assets/default-event.json" "$event" <<'PY'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
e["sealed"] = False
json.dump(e, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

# A whole session; prints the receipt code as the done screen shows it.
declare -A code marker
session() {
	local name=$1 mark=$2 script="$WORK/s.$RANDOM.txt"
	{
		printf 'press start\npress lang:en\nwait 1s\npress agree\nwait 1s\n'
		printf 'text %s Example\npress field:email\ntext %s@example.org\nwait 1s\npress next\n' \
			"$name" "${name,,}"
		for i in 1 2 3 4 5 6 7; do
			printf 'wait 3s\ntext %s answer %d about Django\nwait 2s\npress next\n' "$mark" "$i"
		done
		printf 'expect-screen done\n'
	} > "$script"
	"$PRESCREEN" kiosk --headless --event "$event" --script "$script" --list-text \
		> "$WORK/$name.screen" || fail "session of $name"
	grep -q "Your receipt code" "$WORK/$name.screen" || fail "$name: no receipt code on the done screen"
	sed -n 's/^  | \([A-Z0-9]\{4\}-[A-Z0-9]\{4\}\)$/\1/p' "$WORK/$name.screen"
}
on_disk() {   # on_disk TEXT FILE...: whether any of the files holds TEXT
	local text=$1 f
	shift
	for f in "$@"; do
		[ -f "$f" ] && grep -aqF "$text" "$f" && return 0
	done
	return 1
}
kiosk_files=("$PRESCREEN_DATA"/prescreen.db "$PRESCREEN_DATA"/prescreen.db-wal)

code[Kim]=$(session Kim Zebrafinch)
marker[Kim]=Zebrafinch
code[Lee]=$(session Lee Quokka)
marker[Lee]=Quokka
for n in Kim Lee; do
	[[ ${code[$n]} =~ ^[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}$ ]] ||
		fail "$n's receipt code '${code[$n]}' is not of the unambiguous letters and digits"
done
[ "${code[Kim]}" != "${code[Lee]}" ] || fail "two sessions share the code ${code[Kim]}"
on_disk Zebrafinch "${kiosk_files[@]}" || fail "the answers are not in the kiosk's files to start with"
b1=$(export_of "$PRESCREEN_DATA")
sleep 1
b2=$(export_of "$PRESCREEN_DATA")
pass "two sessions, each with its own receipt code on the done screen"
status_of() { local rc=0; "$@" > /dev/null 2>&1 || rc=$?; echo $rc; }

# The reviewer imports the first bundle and scores the candidate shown first.
printf 'key 4\nwait 1s\n' | review_script "$review_db" maria en "$b1" 2>"$WORK/r1.err" ||
	fail "review: $(cat "$WORK/r1.err")"
sid=$(sqlite3 -readonly "$review_db" "SELECT DISTINCT session_id FROM scores WHERE automatic = 0")
[ -n "$sid" ] || fail "the review gave no score"
name=$(sqlite3 -readonly "$review_db" "SELECT name FROM sessions WHERE id = '$sid'")
name=${name% Example}
case $name in Kim) other=Lee ;; Lee) other=Kim ;; *) fail "scored an unknown session ($name)" ;; esac
on_disk "${marker[$name]}" "$review_db" "$review_db-wal" || fail "the answers are not in the review store"

# From the kiosk only, while the kiosk runs (its connection keeps the WAL:
# nothing checkpoints the database file when erase closes its own).
printf 'wait 100ms\nwait 20s\n' > "$WORK/idle.txt"
"$PRESCREEN" kiosk --headless --realtime --event "$event" --script "$WORK/idle.txt" \
	--trace "$WORK/idle.trace" 2>/dev/null &
kiosk=$!
for _ in $(seq 100); do [ -s "$WORK/idle.trace" ] && break; sleep 0.1; done
[ -s "$WORK/idle.trace" ] || fail "the kiosk did not start"
"$PRESCREEN" erase "${code[$name]}" --data "$PRESCREEN_DATA" > "$WORK/e1.out" 2>"$WORK/e1.err" ||
	fail "erase from the kiosk: $(cat "$WORK/e1.err")"
kill -0 $kiosk 2>/dev/null || fail "the kiosk stopped before the erase was checked"
grep -q "^erased session $sid (started 20[0-9-]*T[0-9:]*Z) from the kiosk store $PRESCREEN_DATA/prescreen.db$" \
	"$WORK/e1.out" || fail "erase printed: $(cat "$WORK/e1.out")"
! grep -q "$name" "$WORK/e1.out" "$WORK/e1.err" || fail "erase printed the candidate's name"
! on_disk "${marker[$name]}" "${kiosk_files[@]}" || fail "the erased answers are still in the kiosk's files"
! on_disk "$name Example" "${kiosk_files[@]}" || fail "the erased name is still in the kiosk's files"
on_disk "${marker[$other]}" "${kiosk_files[@]}" || fail "the other candidate's answers went too"
kill -TERM $kiosk
wait $kiosk || fail "the kiosk did not stop cleanly on SIGTERM"
"$PRESCREEN" audit --data "$PRESCREEN_DATA" > "$WORK/audit.txt"
grep -qP "^\S+\terase\t${code[$name]} $sid$" "$WORK/audit.txt" ||
	fail "no audit line for the erase: $(cat "$WORK/audit.txt")"
bundle=$(export_of "$PRESCREEN_DATA")
[ "$(ls "$bundle/sessions")" = "$(sqlite3 -readonly "$review_db" "SELECT id FROM sessions WHERE id <> '$sid'").json" ] ||
	fail "the export after the erase holds: $(ls "$bundle/sessions")"
[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM sessions WHERE id = '$sid'")" = 1 ] ||
	fail "--data alone touched the review store"
pass "erased from the kiosk: gone from the database and its WAL, audited, the other kept"

# From the review store only: session, answers, every score and note.
sqlite3 "$review_db" "INSERT INTO scores VALUES ('jun', '$sid', 'q05', 0, 0, 'Kiwi note', 1)"
"$PRESCREEN" erase "${code[$name]}" --review-store "$review_db" > "$WORK/e2.out" 2>"$WORK/e2.err" ||
	fail "erase from the review store: $(cat "$WORK/e2.err")"
grep -q "^erased session $sid (started .*Z) with its scores and notes from the review store $review_db$" \
	"$WORK/e2.out" || fail "erase printed: $(cat "$WORK/e2.out")"
for q in "sessions WHERE id = '$sid'" "scores WHERE session_id = '$sid'"; do
	[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM $q")" = 0 ] || fail "still in $q"
done
[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM answers")" = 7 ] ||
	fail "answers left: $(sqlite3 -readonly "$review_db" "SELECT count(*) FROM answers") (want the other's 7)"
[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM erased WHERE id = '$sid'")" = 1 ] ||
	fail "the review store does not remember the erased id"
! on_disk "${marker[$name]}" "$review_db" "$review_db-wal" || fail "the erased answers are still in review.db"
! on_disk "Kiwi note" "$review_db" "$review_db-wal" || fail "the erased note is still in review.db"
on_disk "${marker[$other]}" "$review_db" "$review_db-wal" || fail "the other candidate went too"
pass "erased from the review store: session, answers, scores and notes, its id remembered"

# A bundle exported before the erase still holds it: skipped, one line.
printf 'wait 1s\n' | review_script "$review_db" maria en "$b2" 2>"$WORK/r2.err" ||
	fail "review of the older bundle: $(cat "$WORK/r2.err")"
[ "$(grep -c "$sid" "$WORK/r2.err")" = 1 ] || fail "want one line on $sid: $(cat "$WORK/r2.err")"
grep -q "sessions/$sid.json: warning: session $sid was erased on request" "$WORK/r2.err" ||
	fail "the skip says: $(cat "$WORK/r2.err")"
[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM sessions WHERE id = '$sid'")" = 0 ] ||
	fail "the bundle brought the erased session back"
[ "$(sqlite3 -readonly "$review_db" "SELECT count(*) FROM sessions")" = 1 ] ||
	fail "the other session did not import"
pass "a later bundle that still holds it does not bring it back (one warning)"

# Nor does a report from that bundle: the review store's erasures hold there
# too, named with --review-store and, without it, from the default store.
for how in explicit default; do
	opt=(); [ $how = explicit ] && opt=(--review-store "$review_db")
	rm -rf "$WORK/report"
	"$PRESCREEN" report "$b2" "${opt[@]}" --out "$WORK/report" 2>"$WORK/rep.err" ||
		fail "report ($how store): $(cat "$WORK/rep.err")"
	grep -q "sessions/$sid.json: warning: session $sid was erased on request (prescreen erase); left out of the report" \
		"$WORK/rep.err" || fail "report ($how store) says: $(cat "$WORK/rep.err")"
	! grep -q "$sid" "$WORK/report/results.csv" "$WORK/report/report.html" ||
		fail "the report ($how store) still holds the erased session"
	! on_disk "$name Example" "$WORK/report/results.csv" "$WORK/report/report.html" ||
		fail "the report ($how store) names the erased candidate"
	[ "$(grep -c . "$WORK/report/results.csv")" -gt 1 ] || fail "the report ($how store) lost the other session"
done
[ "$(status_of "$PRESCREEN" report "$b2" --review-store "$WORK/none.db" --out "$WORK/report2")" = 1 ] ||
	fail "a missing --review-store is not exit 1"
[ ! -e "$WORK/report2" ] || fail "a refused report wrote its folder"
pass "a report from a bundle that still holds it leaves it out (one warning), either store"

# Gone everywhere: the code finds nothing.
"$PRESCREEN" erase "${code[$name]}" --data "$PRESCREEN_DATA" --review-store "$review_db" \
	> /dev/null 2>"$WORK/e3.err" && fail "erasing twice succeeded"
[ "$(cat "$WORK/e3.err")" = "${code[$name]}: no session has this receipt code" ] ||
	fail "unknown code says: $(cat "$WORK/e3.err")"
status() { local rc=0; "$@" > /dev/null || rc=$?; echo $rc; }
[ "$(status "$PRESCREEN" erase ACDE-FG34 2>/dev/null)" = 1 ] || fail "an unknown code is not exit 1"
[ "$(status "$PRESCREEN" erase 0000-0000 2>"$WORK/e4.err")" = 1 ] || fail "a bad code is not exit 1"
grep -q "^0000-0000: not a receipt code" "$WORK/e4.err" || fail "a bad code says: $(cat "$WORK/e4.err")"
[ "$(status "$PRESCREEN" erase 2>/dev/null)" = 2 ] || fail "no code: not exit 2"
[ "$(status "$PRESCREEN" erase "${code[$other]}" --data "$WORK/nowhere" 2>"$WORK/e5.err")" = 1 ] ||
	fail "a data directory without a store: not exit 1"
grep -q "no prescreen database here" "$WORK/e5.err" || fail "no store says: $(cat "$WORK/e5.err")"
pass "unknown, malformed and missing codes, a missing store: one line, exit 1 or 2"

# Without options, typed loosely: both default places.
loose=$(echo "${code[$other]}" | tr 'A-Z' 'a-z' | sed 's/-/ /')
"$PRESCREEN" erase "$loose" > "$WORK/e6.out" 2>"$WORK/e6.err" || fail "erase '$loose': $(cat "$WORK/e6.err")"
grep -q "from the kiosk store $PRESCREEN_DATA/prescreen.db$" "$WORK/e6.out" &&
	grep -q "from the review store $review_db$" "$WORK/e6.out" || fail "defaults: $(cat "$WORK/e6.out")"
! on_disk "${marker[$other]}" "${kiosk_files[@]}" "$review_db" "$review_db-wal" ||
	fail "the second erase left answers on disk"
pass "without options both default stores; any case and spacing of the code"
"$PRESCREEN" help erase | grep -q "review-store" || fail "help erase"
