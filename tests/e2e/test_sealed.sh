# Sealed candidate data (SPEC §14), the proof: with the reviewing team's key
# in the event, a candidate's name, e-mail, submitted answer, an answer typed
# but never submitted, and a draft on disk when the kiosk is killed -9 in mid
# typing appear in no byte of any file of the data directory (prescreen.db,
# its -wal and -shm, everything) nor of the export bundle, in UTF-8 or
# UTF-16; they are all in the boxes, which the secret key opens. The same
# scripts under an unsealed event do leave them on disk: the search can fail.
. "$(dirname "$0")/lib.sh"

tag=$RANDOM$RANDOM
NAME="Zephyrine Quaxworth$tag"
EMAIL="zq$tag@sealtest.example.org"
ANSWER="SubmittedFlamingoVelvet$tag"
UNSENT="UnsentPeriwinkleHarbor$tag"
KILLED="KilledMarzipanDraft$tag"
printf '%s\n' "$NAME" "$EMAIL" "$ANSWER" "$UNSENT" "$KILLED" > "$WORK/secrets.txt"

# --- keygen -----------------------------------------------------------------
keys=$WORK/keys
"$PRESCREEN" keygen --out "$keys" > "$WORK/pub.out" 2> "$WORK/keygen.err" ||
	fail "keygen: $(cat "$WORK/keygen.err")"
[ "$(cat "$WORK/pub.out")" = "$(cat "$keys/prescreen.pub")" ] ||
	fail "keygen printed $(cat "$WORK/pub.out"), prescreen.pub holds $(cat "$keys/prescreen.pub")"
grep -qE '^[A-Za-z0-9+/]{43}=$' "$keys/prescreen.pub" || fail "prescreen.pub: $(cat "$keys/prescreen.pub")"
[ "$(stat -c %a "$keys/prescreen.key")" = 600 ] || fail "prescreen.key is mode $(stat -c %a "$keys/prescreen.key")"
grep -qF "\"public_key\": \"$(cat "$keys/prescreen.pub")\"" "$WORK/keygen.err" ||
	fail "keygen does not say how to name the key: $(cat "$WORK/keygen.err")"
cp "$keys/prescreen.key" "$WORK/key.before"
if "$PRESCREEN" keygen --out "$keys" > /dev/null 2> "$WORK/again.err"; then
	fail "keygen replaced an existing key pair"
fi
grep -q "already there" "$WORK/again.err" || fail "second keygen: $(cat "$WORK/again.err")"
cmp -s "$keys/prescreen.key" "$WORK/key.before" || fail "the secret key changed"
"$PRESCREEN" keygen > /dev/null 2>&1 && fail "keygen without --out"
pass "keygen writes the pair (key 0600), prints the public key line and refuses to overwrite"

# --- the events ---------------------------------------------------------------
python3 - "$SRC/assets/default-event.json" "$WORK" "$(cat "$keys/prescreen.pub")" <<'PY'
import json, sys
src, work, pub = sys.argv[1:]
ev = json.load(open(src, encoding="utf-8"))
ev["id"] = "sealed-fair"
ev.pop("sealed", None)
sealed = dict(ev, public_key=pub)
json.dump(sealed, open(f"{work}/sealed.json", "w"), indent=2)
json.dump(dict(ev, sealed=False), open(f"{work}/clear.json", "w"), indent=2)
ev.pop("public_key", None)
json.dump(ev, open(f"{work}/nokey.json", "w"), indent=2)
PY
"$PRESCREEN" event check "$WORK/sealed.json" > "$WORK/check.out" 2>&1 || fail "event check: $(cat "$WORK/check.out")"
grep -q ", sealed for key [0-9a-f]\{16\}, sha256:" "$WORK/check.out" || fail "event check: $(cat "$WORK/check.out")"
if "$PRESCREEN" event check "$WORK/nokey.json" > /dev/null 2> "$WORK/nokey.err"; then
	fail "an event without key nor \"sealed\": false passed the check"
fi
grep -qF "$WORK/nokey.json:1: no \"public_key\"" "$WORK/nokey.err" || fail "nokey: $(cat "$WORK/nokey.err")"
if : | PRESCREEN_DATA="$WORK/refused" "$PRESCREEN" kiosk --headless --event "$WORK/nokey.json" \
	2> "$WORK/nokey-kiosk.err"; then
	fail "the kiosk ran an event without key nor \"sealed\": false"
fi
grep -qF "no \"public_key\"" "$WORK/nokey-kiosk.err" || fail "kiosk: $(cat "$WORK/nokey-kiosk.err")"
pass "the event names the key; one without key nor \"sealed\": false is refused by check and kiosk"

# --- one data directory per event: the same candidate in each ---------------------
cat > "$WORK/session.txt" <<S
press start
press lang:en
wait 1s
press agree
wait 1s
text $NAME
press field:email
text $EMAIL
press next
wait 1s
text $ANSWER
wait 2s
press next
wait 1s
text $UNSENT
wait 2s
S
# Typed in real time, one character each 100 ms after the first chunk; the
# kill lands while the candidate is still typing.
{
	printf 'press start\npress lang:en\nwait 1s\npress agree\nwait 1s\ntext X%s\npress next\nwait 1s\n' "$tag"
	printf 'text %s\n' "$KILLED"
	for _ in $(seq 100); do printf 'wait 100ms\ntext k\n'; done
} > "$WORK/typing.txt"
first_typing_line=$(grep -n "^text $KILLED\$" "$WORK/typing.txt" | cut -d: -f1)

run_candidates() {   # data-dir event-file
	local data=$1 ev=$2 pid last
	PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless --event "$ev" --script "$WORK/session.txt" \
		2> "$data.err1" || fail "session under $ev: $(cat "$data.err1")"
	PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless --realtime --event "$ev" \
		--script "$WORK/typing.txt" --trace "$data.trace" 2> "$data.err2" &
	pid=$!
	# Two seconds of typing after the draft's first characters: autosaved.
	for _ in $(seq 600); do
		last=$(tail -n 1 "$data.trace" 2>/dev/null || echo 0)
		[ "$last" -ge $((first_typing_line + 40)) ] && break
		sleep 0.05
	done
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	[ "$last" -ge $((first_typing_line + 40)) ] || fail "the typing kiosk never got there: $(cat "$data.err2")"
	# The files as the kill left them, -wal and -shm included.
	cp -a "$data" "$data.killed"
	# The restart keeps the killed session as interrupted.
	: | PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless --event "$ev" 2> "$data.err3" ||
		fail "restart: $(cat "$data.err3")"
	grep -q "interrupted" "$data.err3" || fail "restart did not recover the killed session: $(cat "$data.err3")"
	mkdir -p "$data.out"
	PRESCREEN_DATA="$data" "$PRESCREEN" export --out "$data.out" 2> "$data.err4" ||
		fail "export: $(cat "$data.err4")"
}

# How many of the secrets are in any byte of any file under DIR: grep -a for
# UTF-8, Python for UTF-16 (either byte order).
leaks() {
	local n
	n=$(grep -r -a -F -o -f "$WORK/secrets.txt" "$1" | wc -l)
	python3 - "$1" "$WORK/secrets.txt" "$n" <<'PY'
import os, sys
root, secrets, n = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1], int(sys.argv[3])
for d, _, files in os.walk(root):
    for f in files:
        data = open(os.path.join(d, f), "rb").read()
        for s in secrets:
            for enc in ("utf-16-le", "utf-16-be"):
                if s.encode(enc) in data:
                    print(f"{os.path.join(d, f)}: {s} in {enc}", file=sys.stderr)
                    n += 1
print(n)
PY
}
found_each() {   # every secret found at least once under DIR (grep -c per file)
	while read -r s; do
		grep -r -a -F -c -- "$s" "$1" | grep -qv ':0$' || fail "\"$s\" is not in $1 at all"
	done < "$WORK/secrets.txt"
}

clear=$WORK/clear-data
run_candidates "$clear" "$WORK/clear.json"
found_each "$clear"
found_each "$clear.out"
grep -r -a -F -q -- "$KILLED" "$clear.killed" || fail "the killed draft is not on disk in clear"
[ "$(leaks "$clear")" -gt 0 ] || fail "the search finds nothing even in clear"
pass "unsealed: every string is on disk and in the bundle (the search can fail)"

sealed=$WORK/sealed-data
run_candidates "$sealed" "$WORK/sealed.json"
ls -la "$sealed" > "$WORK/files"
[ -f "$sealed/prescreen.db" ] || fail "no database"
[ -f "$sealed.killed/prescreen.db-wal" ] || fail "no WAL after the kill: $(ls "$sealed.killed")"
n=$(leaks "$sealed.killed")
[ "$n" = 0 ] || fail "$n candidate strings in the data directory as the kill left it"
n=$(leaks "$sealed")
[ "$n" = 0 ] || fail "$n candidate strings in the sealed data directory: $(grep -r -a -F -l -f "$WORK/secrets.txt" "$sealed")"
bundle=$(ls -d "$sealed.out"/prescreen-export-*)
n=$(leaks "$bundle")
[ "$n" = 0 ] || fail "$n candidate strings in the sealed bundle"
pass "sealed: no string in any file of the data directory (after the kill: $(ls "$sealed.killed" | tr '\n' ' ')) nor of the bundle"

# --- the bundle: boxes only, the key named, and the secret key opens them ---------
[ ! -e "$bundle/sessions.csv" ] || fail "a sealed bundle has sessions.csv"
ls "$bundle/sessions" | grep -qv '\.json\.sealed$' && fail "not only boxes: $(ls "$bundle/sessions")"
[ "$(ls "$bundle/sessions" | wc -l)" = 2 ] || fail "sessions: $(ls "$bundle/sessions")"
python3 - "$bundle" "$keys" "$WORK/secrets.txt" <<'PY' || fail "the boxes"
import base64, ctypes, ctypes.util, hashlib, json, pathlib, sys
bundle, keys = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
secrets = open(sys.argv[3], encoding="utf-8").read().split("\n")[:-1]
so = ctypes.CDLL(ctypes.util.find_library("sodium"))
assert so.sodium_init() >= 0
pub = (keys / "prescreen.pub").read_text().strip()
pk = base64.b64decode(pub)
sk = base64.b64decode((keys / "prescreen.key").read_text().split()[-1])
m = json.loads((bundle / "manifest.json").read_text())
assert m["sealed"] is True and m["public_key"] == pub, m
assert m["key_id"] == hashlib.sha256(pk).hexdigest()[:16], m["key_id"]
assert "sessions.csv" not in m["files"], m["files"]
assert m["counts"]["sessions"] == 2 and m["counts"]["interrupted"] == 2, m["counts"]
texts = ""
for p in sorted((bundle / "sessions").iterdir()):
    box = p.read_bytes()
    assert m["files"]["sessions/" + p.name] == "sha256:" + hashlib.sha256(box).hexdigest()
    out = ctypes.create_string_buffer(len(box) - 48)
    assert so.crypto_box_seal_open(out, box, ctypes.c_ulonglong(len(box)), pk, sk) == 0, p
    doc = json.loads(out.raw.decode("utf-8"))
    assert doc["schema"] == "prescreen.session.v1" and doc["status"] == "interrupted", doc
    assert p.name == doc["session_id"] + ".json.sealed", p.name
    texts += out.raw.decode("utf-8")
for s in secrets:
    assert s in texts, f"{s} is not in any box"
print("boxes open: every string is inside")
PY
pass "the bundle holds only boxes (no sessions.csv), the manifest names the key, the secret key opens them"

# Exporting again gives the same box files, byte for byte.
mkdir -p "$WORK/again"
PRESCREEN_DATA="$sealed" "$PRESCREEN" export --out "$WORK/again" 2>/dev/null || fail "second export"
again=$(ls -d "$WORK/again"/prescreen-export-*)
for f in "$bundle"/sessions/*; do
	cmp -s "$f" "$again/sessions/$(basename "$f")" || fail "$(basename "$f") differs between exports"
done
pass "exporting twice gives identical sealed files"
