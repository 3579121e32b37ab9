# The input method follows the candidate's language (issue 9 point 2): on the
# appliance nobody can press IBus's hotkey, so the kiosk itself switches IBus
# to Pinyin for zh_CN, to Anthy for ja and back to the plain keyboard for the
# others. A real ibus-daemon with the libpinyin and anthy engines, a real
# kiosk window on Xvfb; nobody runs `ibus engine` here. Three candidates in
# one kiosk process, each leaving by the idle time-out: 中文 and "nihao" +
# Space gives 你好, Japanese and "nihongo" + Space + Return gives 日本語,
# English types plain text; the keyboard's German layout stays through it all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/x11_lib.sh"
command -v ibus-daemon >/dev/null || fail "ibus is needed (apt-get install ibus ibus-libpinyin ibus-anthy)"
[ -x /usr/libexec/ibus-engine-libpinyin ] || fail "the libpinyin engine is needed (apt-get install ibus-libpinyin)"
[ -x /usr/libexec/ibus-engine-anthy ] || fail "the anthy engine is needed (apt-get install ibus-anthy)"
x_start
x_wm
unset DBUS_SESSION_BUS_ADDRESS IBUS_ADDRESS PRESCREEN_IME_KEYBOARD
ibus_path=/usr/bin:/bin   # the engines are programs of the system; not a pyenv python
addr_file() { ls "$HOME"/.config/ibus/bus/* 2>/dev/null | head -n 1 || true; }
ibus_pid() { grep "^IBUS_DAEMON_PID=" "$(addr_file)" 2>/dev/null | cut -d= -f2 || true; }
# IBus and Anthy as the package configures them
# (packaging/90_prescreen.gschema.override): the machine's keyboard layout is
# kept, and Anthy starts in Hiragana, not in its default Latin mode. The
# kiosk's `ibus engine` reads the first, the Anthy engine the second.
schemas=$WORK/schemas
mkdir -p "$schemas"
cp /usr/share/glib-2.0/schemas/org.freedesktop.ibus.gschema.xml \
	/usr/share/glib-2.0/schemas/org.freedesktop.ibus.engine.anthy.gschema.xml "$schemas/"
cp "$SRC/packaging/90_prescreen.gschema.override" "$schemas/"
glib-compile-schemas "$schemas" || fail "glib-compile-schemas refused the override"
export GSETTINGS_SCHEMA_DIR=$schemas
PATH=$ibus_path ibus-daemon --daemonize --replace --panel=disable >>"$WORK/ibus.log" 2>&1
for _ in $(seq 100); do
	p=$(ibus_pid)
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null && break
	sleep 0.1
done
[ -n "$p" ] || fail "ibus-daemon did not start: $(cat "$WORK/ibus.log")"
x_pids+=("$p")
sleep 1
engine_now() { PATH=$ibus_path ibus engine 2>/dev/null || true; }

# Candidates leave by the idle prompt: 15 s without input, then 5 s.
event=$WORK/event.json
python3 - "$SRC/assets/default-event.json" "$event" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e.update(idle_s=15, idle_prompt_s=5, sealed=False)
json.dump(e, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY

current() {   # current COLUMN: of the candidate at the kiosk now
	db "select $1 from sessions s left join answers a on a.session_id = s.id and a.idx = 0
		where s.status = 'in_progress'" 2>/dev/null
}
wait_current() {   # wait_current COLUMN VALUE: 10 s at most
	for _ in $(seq 100); do
		[ "$(current "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
# ime_keys WORD [KEYS...]: types WORD slowly (an input method sees each key), then KEYS
ime_keys() {
	xdotool type --delay 120 "$1"
	sleep 0.5
	local k
	for k in "${@:2}"; do xdotool key "$k"; sleep 0.5; done
}
wait_focus() {
	for _ in $(seq 30); do
		[ "$(xdotool getwindowfocus 2>/dev/null)" = "$kwin" ] && return 0
		sleep 0.1
	done
}
# candidate LANG: taps through to the name field in LANG
candidate() {
	local c0 c1 c2 c3
	c0=$(controls "" --event "$event")
	c1=$(controls "press start" --event "$event")
	c2=$(controls "press start"$'\n'"press lang:$1" --event "$event")
	c3=$(controls "press start"$'\n'"press lang:$1"$'\n'"press agree" --event "$event")
	click "$(centre "$c0" start)"
	click "$(centre "$c1" "lang:$1")"
	click "$(centre "$c2" agree)"
	click "$(centre "$c3" field:name)"
	wait_focus
	next_id=$(centre "$c3" next)
}
# to_answer: Next on the identity screen; the name is stored with the first
# question's row, which must appear.
to_answer() {
	click "$next_id"
	for _ in $(seq 50); do
		[ "$(db "select count(*) from answers a join sessions s on s.id = a.session_id
			where s.status = 'in_progress'" 2>/dev/null)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.1
	done
	fail "the kiosk stayed on the identity screen (name: '$(current s.name)', engine: $(engine_now))"
}
leave() {   # leave: waits for the idle time-out to end the session
	for _ in $(seq 400); do
		[ "$(db "select count(*) from sessions where status = 'in_progress'" 2>/dev/null)" = 0 ] && return 0
		sleep 0.1
	done
	fail "the idle time-out did not end the session"
}

# A kiosk with a German keyboard: switching engines must not change its layout.
setxkbmap -layout de || fail "setxkbmap cannot set a German layout"
layout() { setxkbmap -query | awk '$1 == "layout:" { print $2 }'; }

kx_start --event "$event"

candidate zh_CN
ime_keys nihao space
to_answer
[ "$(current s.name)" = "你好" ] || fail "the 中文 candidate's name is '$(current s.name)', not 你好 (engine: $(engine_now))"
ime_keys nihao space
wait_current a.answer "你好" || fail "中文: 'nihao' + Space stored '$(current a.answer)', not 你好 (engine: $(engine_now))"
pass "a candidate who picks 中文 types 你好 with Pinyin, no engine chosen by hand"
leave

candidate ja
ime_keys nihongo space Return
to_answer
ime_keys nihongo space Return
wait_current a.answer "日本語" || fail "日本語: 'nihongo' + Space + Return stored '$(current a.answer)', not 日本語 (engine: $(engine_now))"
pass "the next candidate picks 日本語 and types 日本語 with Anthy"
leave

candidate en
xdotool type --delay 40 "Ada Lovelace"
sleep 0.3
to_answer
[ "$(current s.name)" = "Ada Lovelace" ] || fail "the English candidate's name is '$(current s.name)' (engine: $(engine_now))"
xdotool type --delay 40 "nihao world"
wait_current a.answer "nihao world" || fail "English stored '$(current a.answer)', not the plain 'nihao world' (engine: $(engine_now))"
[ "$(engine_now)" = xkb:us::eng ] || fail "IBus's engine for English is $(engine_now)"
pass "then English types plain text: IBus is back on the keyboard engine"
[ "$(layout)" = de ] || fail "the keyboard layout became '$(layout)' (was de)"
pass "the machine's keyboard layout (de) stayed through every switch"

kx_stop
[ "$kstatus" = 0 ] || fail "kiosk exit status $kstatus"
grep -q "ibus engine" "$WORK/kiosk.log" && fail "a switch failed: $(grep "ibus engine" "$WORK/kiosk.log")"
pass "no engine switch failed"

# Without the ibus command the kiosk says so once at start and runs as before.
env PATH=/nonexistent "$PRESCREEN" kiosk --event "$event" >"$WORK/noibus.log" 2>&1 &
kpid=$!
x_pids+=("$kpid")
kx_window || fail "without ibus the kiosk mapped no window: $(cat "$WORK/noibus.log")"
sleep 1
kx_stop
[ "$kstatus" = 0 ] || fail "without ibus: kiosk exit status $kstatus"
[ "$(grep -c "no ibus command" "$WORK/noibus.log")" = 1 ] ||
	fail "without ibus the kiosk said: $(cat "$WORK/noibus.log")"
pass "without the ibus command: one line at start, and the kiosk runs"
