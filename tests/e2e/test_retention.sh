# Retention (issue 9, point 4): on start the kiosk removes the sessions that
# started more than the event's retention_days ago, their bytes gone from the
# data directory, with one audit line; newer sessions stay, and a start with
# nothing to remove writes no line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/review_lib.sh"

event="$WORK/event.json"
python3 - "$SRC/assets/default-event.json" "$event" <<'PY'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
e["sealed"] = False
e["retention_days"] = 30
json.dump(e, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

session() {   # session NAME MARKER: a completed session through the kiosk
	local script="$WORK/s.$RANDOM.txt"
	{
		printf 'press start\npress lang:en\nwait 1s\npress agree\nwait 1s\n'
		printf 'text %s Example\nwait 1s\npress next\n' "$1"
		for i in 1 2 3 4 5 6 7; do
			printf 'wait 3s\ntext %s answer %d\nwait 2s\npress next\n' "$2" "$i"
		done
		printf 'expect-screen done\n'
	} > "$script"
	"$PRESCREEN" kiosk --headless --event "$event" --script "$script" 2>/dev/null ||
		fail "session of $1"
}
on_disk() {
	local f
	for f in "$DIR"/prescreen.db "$DIR"/prescreen.db-wal; do
		[ -f "$f" ] && grep -aqF "$1" "$f" && return 0
	done
	return 1
}
start_kiosk() {   # the kiosk starts on DIR, draws the attract screen and stops
	PRESCREEN_DATA="$DIR" "$PRESCREEN" kiosk --headless --event "$event" 2>"$WORK/start.err" ||
		fail "kiosk start: $(cat "$WORK/start.err")"
}
retention_lines() {
	PRESCREEN_DATA="$DIR" "$PRESCREEN" audit | grep -P '^\S+\tretention\t' || true
}

session Ada Marmoset
session Ben Pangolin
session Cy Axolotl
session Di Capybara
DIR="$WORK/old"
cp -a "$PRESCREEN_DATA" "$DIR"
day=86400000
age() {   # age NAME DAYS_MS: the session of NAME made that much older
	sqlite3 "$DIR/prescreen.db" \
		"UPDATE sessions SET started_at = started_at - $2 WHERE name = '$1 Example'"
}
age Ada $((400 * day))
age Ben $((31 * day))
age Cy $((30 * day - 60000))     # a minute short of the period: kept
for m in Marmoset Pangolin Axolotl Capybara; do on_disk $m || fail "$m not on disk to start with"; done

start_kiosk
grep -q "2 sessions older than 30 days removed" "$WORK/start.err" ||
	fail "the start said: $(cat "$WORK/start.err")"
[ "$(retention_lines | cut -f2-)" = "$(printf 'retention\t2 sessions older than 30 days')" ] ||
	fail "audit: $(PRESCREEN_DATA="$DIR" "$PRESCREEN" audit)"
[ "$(sqlite3 -readonly "$DIR/prescreen.db" "SELECT group_concat(name, ',') FROM (SELECT name FROM sessions ORDER BY name)")" = \
	"Cy Example,Di Example" ] || fail "left: $(sqlite3 -readonly "$DIR/prescreen.db" "SELECT name FROM sessions")"
[ "$(sqlite3 -readonly "$DIR/prescreen.db" "SELECT count(*) FROM answers")" = 14 ] ||
	fail "answers left: $(sqlite3 -readonly "$DIR/prescreen.db" "SELECT count(*) FROM answers")"
for m in Marmoset Pangolin "Ada Example" "Ben Example"; do
	! on_disk "$m" || fail "'$m' of a purged session is still in the data directory"
done
on_disk Axolotl && on_disk Capybara || fail "a session within the period went"
bundle=$(PRESCREEN_DATA="$DIR" export_bundle)
[ "$(ls "$bundle/sessions" | wc -l)" = 2 ] || fail "the export holds $(ls "$bundle/sessions")"
pass "sessions older than retention_days purged on start, answers and bytes, with an audit line"

start_kiosk
[ "$(retention_lines | wc -l)" = 1 ] || fail "a start with nothing to purge wrote: $(retention_lines)"
! grep -q retention "$WORK/start.err" || fail "a start with nothing to purge said: $(cat "$WORK/start.err")"
DIR="$PRESCREEN_DATA"
start_kiosk
[ "$(sqlite3 -readonly "$DIR/prescreen.db" "SELECT count(*) FROM sessions")" = 4 ] ||
	fail "new sessions were purged"
[ -z "$(retention_lines)" ] || fail "no session was old, yet: $(retention_lines)"
pass "nothing old, nothing purged, no audit line"

# One old session: the line says so in the singular.
DIR="$WORK/one"
cp -a "$PRESCREEN_DATA" "$DIR"
age Di $((90 * day))
start_kiosk
[ "$(retention_lines | cut -f3)" = "1 session older than 30 days" ] || fail "audit: $(retention_lines)"
pass "one session purged: one line in the singular"
