# Erasing a session by its receipt code on a real kiosk window (issue 9):
# the code typed on the keyboard (lower case, a space for the dash, digits
# among its letters) reaches the field once per key, Return finds the
# session, the confirm erases it; while the kiosk goes on running, nothing
# of that session is left in any file of the data directory. Then "export
# and erase" to a stick: the other sessions leave the disk the same way.
. "$(dirname "$0")/lib.sh"

EV=$WORK/fair.json
python3 - "$SRC/assets/default-event.json" "$EV" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))
ev.pop("public_key", None)
ev["sealed"] = False
json.dump(ev, open(sys.argv[2], "w"), indent=2)
PY
receipt() {
	python3 - "$1" <<'PY'
import hashlib, sys
a = "ACDEFGHJKMNPQRTUVWXY34679"
d = hashlib.sha256(sys.argv[1].encode()).digest()
c = "".join(a[((d[2 * i] << 8) | d[2 * i + 1]) % len(a)] for i in range(8))
print(c[:4] + "-" + c[4:])
PY
}

# Three sessions or more, until one's code has a digit (one in six has none).
db=$PRESCREEN_DATA/prescreen.db
code="" id="" n=0 who_n=0
while [ $n -lt 12 ] && { [ $n -lt 3 ] || [ -z "$code" ]; }; do
	n=$((n + 1))
	kiosk_script --event "$EV" <<S || fail "candidate $n"
press start
press lang:en
press agree
text Candidate Number$n Person
press next
expect-screen question
text Secret answer number$n here
S
	last=$(sqlite3 "$db" "select id from sessions order by started_at desc, id desc limit 1")
	c=$(receipt "$last")
	if [ -z "$code" ] && [[ $c =~ [0-9] ]]; then
		code=$c id=$last who_n=$n
	fi
done
[[ $code =~ [0-9] ]] || fail "no receipt code with a digit in 12 sessions"
name=$(sqlite3 "$db" "select count(*) from sessions")
who="Candidate Number$who_n Person"
typed=$(echo "$code" | tr 'A-Z-' 'a-z ')

. "$(dirname "$0")/x11_lib.sh"
x_start
cp -a "$PRESCREEN_DATA" "$WORK/layout-data"
ctl_erase=$(controls $'key Ctrl+Alt+A' --event "$EV")
ctl_found=$(controls "$(printf 'key Ctrl+Alt+A\npress tab:erase\ntext %s\nkey Return' "$code")" \
	--event "$EV" --data "$WORK/layout-data")
tab_erase=$(centre "$ctl_erase" tab:erase) || fail "no tab:erase: $ctl_erase"
confirm=$(centre "$ctl_found" erase-confirm) || fail "no erase-confirm once found: $ctl_found"

kx_start --event "$EV"
sleep 1.5
for i in $(seq 30); do
	[ "$(xdotool getwindowfocus 2>/dev/null)" = "$kwin" ] && break
	sleep 0.1
done
xdotool key ctrl+alt+a
sleep 0.5
click "$tab_erase"
xdotool type --delay 40 "$typed"
xdotool key Return
sleep 1
click "$confirm"
sleep 1.5
alive || fail "the kiosk ended"
[ "$(sqlite3 "$db" "select count(*) from sessions where id = '$id'")" = 0 ] ||
	fail "the session with code $code (typed '$typed') was not erased: $(tail -n 5 "$WORK/kiosk.log")"
[ "$(sqlite3 "$db" "select count(*) from sessions")" = $((name - 1)) ] || fail "other sessions were erased"
# Still running: the erase is on disk, in the database and its WAL.
grep -rqaF "$who" "$PRESCREEN_DATA" && fail "the erased candidate's name is still in $(grep -rlaF "$who" "$PRESCREEN_DATA")"
grep -rqaF "Secret answer number$who_n here" "$PRESCREEN_DATA" && fail "the erased answer is still on disk"
kx_stop
"$PRESCREEN" audit | grep -qP "\terase\t$code $id\$" || fail "no erase audit: $("$PRESCREEN" audit)"
pass "typed '$typed' on the keyboard: session $id erased, nothing of it on disk while the kiosk runs"

stick=$WORK/stick
mkdir -p "$stick"
rm -rf "$WORK/layout-data" && cp -a "$PRESCREEN_DATA" "$WORK/layout-data"
ctl_export=$(controls $'key Ctrl+Alt+A\npress tab:export' --event "$EV" --media "$stick" --data "$WORK/layout-data")
ctl_ask=$(controls $'key Ctrl+Alt+A\npress tab:export\npress export-erase:0' --event "$EV" --media "$stick" \
	--data "$WORK/layout-data")
rm -rf "$stick"/prescreen-export-*
tab_export=$(centre "$ctl_erase" tab:export) || fail "no tab:export"
export_erase=$(centre "$ctl_export" export-erase:0) || fail "no export-erase:0: $ctl_export"
go=$(centre "$ctl_ask" export-erase-confirm) || fail "no export-erase-confirm: $ctl_ask"
left=$(sqlite3 "$db" "select count(*) from sessions")
kx_start --event "$EV" --media "$stick"
sleep 1.5
for i in $(seq 30); do
	[ "$(xdotool getwindowfocus 2>/dev/null)" = "$kwin" ] && break
	sleep 0.1
done
xdotool key ctrl+alt+a
sleep 0.5
click "$tab_export"
sleep 0.5
click "$export_erase"
click "$go"
for i in $(seq 50); do
	[ "$(sqlite3 "$db" "select count(*) from sessions")" = 0 ] && break
	sleep 0.2
done
sleep 1
alive || fail "the kiosk ended"
[ "$(sqlite3 "$db" "select count(*) from sessions")" = 0 ] || fail "sessions left after export and erase"
bundles=("$stick"/prescreen-export-*)
[ ${#bundles[@]} = 1 ] && [ "$(ls "${bundles[0]}/sessions" | wc -l)" = "$left" ] ||
	fail "the bundle does not hold the $left sessions: $(ls -R "$stick")"
grep -rqa "Candidate Number" "$PRESCREEN_DATA" && fail "an exported and erased name is still in $(grep -rla "Candidate Number" "$PRESCREEN_DATA")"
kx_stop
pass "export and erase on the window: $left sessions in the bundle, none of them left on disk while the kiosk runs"
