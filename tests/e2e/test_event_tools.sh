# `prescreen event check`, `event set-pin` and `prescreen audit` through the
# real binary: every problem as file:line, the seed's mix and slot as
# warnings, only an Argon2id hash on disk, files unchanged on refusal, the
# PIN free to change while sessions exist, the trail printed in order.
. "$(dirname "$0")/lib.sh"

# run STATUS CMD...: exit status STATUS; stdout in $WORK/out, stderr in $WORK/err.
run() {
	local want=$1 status=0; shift
	"$@" >"$WORK/out" 2>"$WORK/err" || status=$?
	[ "$status" = "$want" ] || fail "$* exited $status, not $want: $(cat "$WORK/err")"
}
has_err() { grep -Fqx -- "$1" "$WORK/err" || fail "expected stderr line: $1; got: $(cat "$WORK/err")"; }
no_err() { [ ! -s "$WORK/err" ] || fail "unexpected stderr: $(cat "$WORK/err")"; }

# The hash checked by libsodium itself, not by prescreen: 0 when PIN matches.
verify_pin() {   # verify_pin FILE PIN
	python3 - "$1" "$2" <<'PY'
import ctypes, ctypes.util, json, sys
so = ctypes.CDLL(ctypes.util.find_library("sodium"))
assert so.sodium_init() >= 0
h = json.load(open(sys.argv[1], encoding="utf-8"))["admin_pin_hash"].encode()
pin = sys.argv[2].encode()
sys.exit(0 if so.crypto_pwhash_str_verify(h, pin, ctypes.c_ulonglong(len(pin))) == 0 else 1)
PY
}

EV=$WORK/event.json
cp "$SRC/assets/default-event.json" "$EV"
chmod 0640 "$EV"

# --- event check ---------------------------------------------------------
run 0 "$PRESCREEN" event check "$EV"
no_err
hash=$(grep -o 'sha256:[0-9a-f]*' "$WORK/out")
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
	"$SRC/questions/backend-developer/pack.json")
[ "$(cat "$WORK/out")" = "$EV: event \"default\", pack \"backend-developer\" $version, 7 questions, 9 languages, 28 min, threshold 60, no PIN, unsealed, $hash" ] \
	|| fail "summary: $(cat "$WORK/out")"
pass "a good event: one summary line, nothing on stderr"

# Errors: each on its line, exit 1, no summary.
cat > "$WORK/bad.json" <<'J'
{
  "schema": "prescreen.event.v1",
  "questions": ["q01", "q05", "q07", "q12", "q16", "q99"],
  "threshold": 101,
  "admin_pin_hash": "1234",
  "sealed": false
}
J
run 1 "$PRESCREEN" event check "$WORK/bad.json"
has_err "$WORK/bad.json:3: question \"q99\" is not in pack \"backend-developer\""
has_err "$WORK/bad.json:4: \"threshold\" must be between 0 and 100 (got 101)"
has_err "$WORK/bad.json:5: \"admin_pin_hash\" must be an Argon2id hash (set it with \"prescreen event set-pin\")"
[ ! -s "$WORK/out" ] || fail "a bad event got a summary: $(cat "$WORK/out")"
printf '{ "threshold": 60,\n  "idle_s": }\n' > "$WORK/syntax.json"
run 1 "$PRESCREEN" event check "$WORK/syntax.json"
grep -q "^$WORK/syntax.json:2: " "$WORK/err" || fail "syntax error line: $(cat "$WORK/err")"
run 1 "$PRESCREEN" event check "$WORK/missing.json"
has_err "$WORK/missing.json: No such file or directory"
pass "errors: file:line each, exit 1"

# Warnings only: the mix, naming what is missing, and the slot, with the total.
cat > "$WORK/mix.json" <<'J'
{
  "schema": "prescreen.event.v1",
  "questions": ["q01", "q02", "q03", "q04", "q05", "q06"],
  "answer_time_limit_s": 120,
  "sealed": false
}
J
run 0 "$PRESCREEN" event check "$WORK/mix.json"
has_err "$WORK/mix.json:3: warning: the selection has 0 \"experience\" or \"behavioral\" question(s) about specific past examples; the seed's mix asks for at least two"
has_err "$WORK/mix.json:3: warning: the selection has no \"situational\" or \"motivation\" question; the seed's mix asks for at least one"
has_err "$WORK/mix.json:4: warning: 6 questions at 120 s each take up to 12 min; the seed's slot is 20 to 30 minutes"
grep -q ", 6 questions, 9 languages, 12 min, threshold 60, no PIN, unsealed, sha256:" "$WORK/out" \
	|| fail "summary with warnings: $(cat "$WORK/out")"
cat > "$WORK/long.json" <<'J'
{
  "schema": "prescreen.event.v1",
  "questions": ["q01", "q05", "q07", "q12", "q16", "q21", "q22", "q02"],
  "languages": ["en", "ar"],
  "sealed": false
}
J
run 0 "$PRESCREEN" event check "$WORK/long.json"
has_err "$WORK/long.json:3: warning: 8 questions at 240 s each take up to 32 min; the seed's slot is 20 to 30 minutes"
[ "$(wc -l < "$WORK/err")" = 1 ] || fail "long: more than the slot warning: $(cat "$WORK/err")"
grep -q ", 8 questions, 2 languages, 32 min, " "$WORK/out" || fail "long: $(cat "$WORK/out")"
# Edges of the slot: 6 x 200 s is 20 min, 6 x 301 s is 30 min 6 s.
sed 's/"answer_time_limit_s": 120/"answer_time_limit_s": 200/' "$WORK/mix.json" > "$WORK/edge.json"
run 0 "$PRESCREEN" event check "$WORK/edge.json"
! grep -q "slot" "$WORK/err" || fail "20 min is inside the slot: $(cat "$WORK/err")"
sed 's/"answer_time_limit_s": 120/"answer_time_limit_s": 301/' "$WORK/mix.json" > "$WORK/edge.json"
run 0 "$PRESCREEN" event check "$WORK/edge.json"
has_err "$WORK/edge.json:4: warning: 6 questions at 301 s each take up to 30 min 6 s; the seed's slot is 20 to 30 minutes"
pass "warnings: the mix names what is missing, the slot gives the total; exit 0"

# The pack: --pack DIR, else the bundled one the event names.
cp -r "$SRC/questions/backend-developer" "$WORK/pack"
run 0 "$PRESCREEN" event check "$EV" --pack "$WORK/pack"
grep -q "pack \"backend-developer\"" "$WORK/out" || fail "--pack: $(cat "$WORK/out")"
sed 's/"pack": "backend-developer"/"pack": "nurse-2027"/' "$EV" > "$WORK/other.json"
run 1 "$PRESCREEN" event check "$WORK/other.json"
grep -q "^$WORK/other.json: pack \"nurse-2027\" is neither installed nor bundled" "$WORK/err" || fail "unknown pack: $(cat "$WORK/err")"
# Once installed under the data directory, the pack is found as the kiosk finds it.
sed 's/"backend-mini"/"nurse-2027"/' "$SRC/tests/packs/good/pack.json" > "$WORK/pack.json.nurse"
cp -r "$SRC/tests/packs/good" "$WORK/nurse" && mv "$WORK/pack.json.nurse" "$WORK/nurse/pack.json"
"$PRESCREEN" pack install "$WORK/nurse" >/dev/null 2>"$WORK/err" || fail "install nurse: $(cat "$WORK/err")"
run 1 "$PRESCREEN" event check "$WORK/other.json"
grep -q "is neither installed nor bundled" "$WORK/err" && fail "installed pack not found: $(cat "$WORK/err")"
grep -q "$PRESCREEN_DATA/packs-installed/nurse-2027/" "$WORK/err" || grep -q 'not in pack "nurse-2027"' "$WORK/err" \
	|| fail "installed pack not the one checked against: $(cat "$WORK/err")"
run 1 "$PRESCREEN" event check "$WORK/other.json" --pack "$WORK/pack"
grep -q "the event is for pack \"nurse-2027\" but the loaded pack is \"backend-developer\"" "$WORK/err" \
	|| fail "pack mismatch: $(cat "$WORK/err")"
sed 's|"pack": "backend-developer"|"pack": "../../etc"|' "$EV" > "$WORK/escape.json"
run 1 "$PRESCREEN" event check "$WORK/escape.json"
has_err "$WORK/escape.json: \"pack\" is not a pack id; give the pack with --pack DIR"
run 2 "$PRESCREEN" event check
run 2 "$PRESCREEN" event check "$EV" --bogus
pass "the event's pack: bundled, --pack DIR, or a clear refusal"

# --- event set-pin -------------------------------------------------------
# Sessions recorded under the event before any PIN is set.
kiosk_script --event "$EV" <<'S' || fail "session before the PIN"
press start
press lang:en
press agree
text Dana
press next
S

keys() { python3 -c 'import json,sys; print(list(json.load(open(sys.argv[1]))))' "$1"; }
keys_before=$(keys "$EV")
sum=$(sha256sum < "$EV")
refused() {   # refused INPUT MESSAGE: exit 1, the message, the file unchanged
	local status=0
	printf '%b' "$1" | "$PRESCREEN" event set-pin "$EV" >"$WORK/out" 2>"$WORK/err" || status=$?
	[ "$status" = 1 ] || fail "set-pin '$1' exited $status: $(cat "$WORK/err")"
	has_err "$EV: $2; the file is unchanged"
	[ "$(sha256sum < "$EV")" = "$sum" ] || fail "set-pin '$1' changed the file"
}
refused '123\n123\n' "the PIN must have at least 4 digits"
refused '1234567890123\n1234567890123\n' "the PIN must have at most 12 digits"
refused '12a4\n12a4\n' "the PIN must hold only digits 0-9"
refused '2580\n2581\n' "the two PINs differ"
refused '2580\n' "no PIN was given (two lines are needed)"
refused '' "no PIN was given (two lines are needed)"
refused "$(head -c 100 /dev/zero | tr '\0' 1)\\n1\\n" "the PIN must have at most 12 digits"
pass "a short, long, non-digit, mismatched or missing PIN changes nothing"

printf '80417263\n80417263\n' | run 0 "$PRESCREEN" event set-pin "$EV"
has_err "$EV: admin PIN set"
grep -q '"admin_pin_hash": "\$argon2id\$v=19\$m=65536,t=2,p=1\$' "$EV" || fail "no Argon2id hash: $(grep pin "$EV")"
! grep -rq 80417263 "$EV" "$PRESCREEN_DATA" || fail "the PIN itself reached the disk"
verify_pin "$EV" 80417263 || fail "libsodium does not accept the right PIN"
! verify_pin "$EV" 80417264 || fail "libsodium accepts a wrong PIN"
! verify_pin "$EV" 8041726 || fail "libsodium accepts a prefix of the PIN"
[ "$(keys "$EV")" = "$keys_before" ] || fail "keys reordered: $(keys "$EV")"
python3 - "$SRC/assets/default-event.json" "$EV" <<'PY' || fail "other keys changed"
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
assert a.pop("admin_pin_hash") == "" and b.pop("admin_pin_hash").startswith("$argon2id$")
assert a == b, (a, b)
PY
[ "$(stat -c %a "$EV")" = 640 ] || fail "mode changed to $(stat -c %a "$EV")"
[ -z "$(ls "$WORK" | grep 'event.json.')" ] || fail "temp file left: $(ls "$WORK")"
pass "set-pin stores only an Argon2id hash that libsodium verifies; keys, order and mode kept"

# The PIN is not part of the event hash: it changes while sessions exist.
run 0 "$PRESCREEN" event check "$EV"
grep -q ", PIN set, unsealed, $hash\$" "$WORK/out" || fail "hash changed with the PIN: $(cat "$WORK/out")"
printf '1357\n1357\n' | run 0 "$PRESCREEN" event set-pin "$EV"
verify_pin "$EV" 1357 || fail "the new PIN"
! verify_pin "$EV" 80417263 || fail "the old PIN still works"
kiosk_script --event "$EV" <<'S' || fail "the kiosk refused the event after a PIN change: see above"
press start
press lang:en
press agree
text Eli
press next
S
bundle=$(export_bundle)
python3 - "$bundle" "$hash" <<'PY' || fail "sessions' event hash"
import json, pathlib, sys
ss = [json.loads(p.read_text()) for p in (pathlib.Path(sys.argv[1]) / "sessions").glob("*.json")]
assert len(ss) == 2, len(ss)
assert all(s["event"]["hash"] == sys.argv[2] for s in ss), [s["event"]["hash"] for s in ss]
PY
pass "the PIN changed twice mid-event: same event hash, the kiosk still records"

# Through a symlink, the file linked to is replaced and the link stays.
ln -s "$EV" "$WORK/link.json"
printf '2468\n2468\n' | run 0 "$PRESCREEN" event set-pin "$WORK/link.json"
[ -L "$WORK/link.json" ] || fail "the symlink was replaced"
verify_pin "$EV" 2468 || fail "the linked file has not the new PIN"
printf '[1, 2]\n' > "$WORK/array.json"
printf '1234\n1234\n' | run 1 "$PRESCREEN" event set-pin "$WORK/array.json"
has_err "$WORK/array.json:1: the top level must be an object"
printf '{\n "id": "x",\n "id": "y"\n}\n' > "$WORK/dup.json"
printf '1234\n1234\n' | run 1 "$PRESCREEN" event set-pin "$WORK/dup.json"
grep -q "^$WORK/dup.json:3: duplicate object key" "$WORK/err" || fail "duplicate key: $(cat "$WORK/err")"
pass "symlinks followed; a file that is not an event object is refused"

# --- audit ---------------------------------------------------------------
run 1 "$PRESCREEN" audit --data "$WORK/nodata"
has_err "$WORK/nodata: no prescreen database here"
[ ! -e "$WORK/nodata" ] || fail "audit created the data directory"
run 0 "$PRESCREEN" audit
[ ! -s "$WORK/out" ] || fail "an empty trail printed: $(cat "$WORK/out")"
python3 - "$PRESCREEN_DATA/prescreen.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executemany("INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)", [
    (1764601200000, "login", ""),
    (1764601205999, "pin-wrong", ""),
    (1764601100000, "export", "prescreen-export-kiosk-20261201T151000Z\tx\ny"),
    (1764601300000, "leave", "kiosk"),
])
db.commit()
PY
sum=$(cat "$PRESCREEN_DATA"/prescreen.db* | sha256sum)
run 0 "$PRESCREEN" audit --data "$PRESCREEN_DATA"
printf '%s\t%s\t%s\n' 2025-12-01T15:00:00Z login '' 2025-12-01T15:00:05Z pin-wrong '' \
	2025-12-01T14:58:20Z export 'prescreen-export-kiosk-20261201T151000Z\tx\ny' \
	2025-12-01T15:01:40Z leave kiosk > "$WORK/want"
diff "$WORK/want" "$WORK/out" || fail "audit output differs"
[ "$(cat "$PRESCREEN_DATA"/prescreen.db* | sha256sum)" = "$sum" ] || fail "audit changed the database"
run 2 "$PRESCREEN" audit --bogus
pass "audit: oldest first, UTC, tab-separated, escaped; a directory without a database is refused"
