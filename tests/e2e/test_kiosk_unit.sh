#!/usr/bin/env bash
# packaging/prescreen-kiosk.service, the unit the package installs: systemd
# accepts it (`systemd-analyze verify`, its man page found), rates it 4.0 or
# lower (`systemd-analyze security --offline=yes`, the figure printed), and it
# is what SPEC section 14 asks: cage on tty1 as the user prescreen with a
# logind session, the state directory, restarted on failure, only the state
# directory and the media mounts writable, no network, no capability.
source "$(dirname "$0")/lib.sh"
unit="$SRC/packaging/prescreen-kiosk.service"
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze (systemd)"; exit 0; }

mkdir -p "$WORK/man/man1"
cp "$SRC/docs/prescreen.1" "$WORK/man/man1/"
# verify checks that the unit's executables exist: the package's own are
# looked up in the source tree (packaging/), where they come from.
sed "s|/usr/libexec/prescreen/|$SRC/packaging/|g" "$unit" >"$WORK/prescreen-kiosk.service"
MANPATH="$WORK/man" systemd-analyze verify "$WORK/prescreen-kiosk.service" >"$WORK/verify" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify")"
[ ! -s "$WORK/verify" ] || fail "systemd-analyze verify says: $(cat "$WORK/verify")"
pass "systemd-analyze verify: clean"

systemd-analyze security --offline=yes "$unit" >"$WORK/security" 2>&1 || true
rating=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$WORK/security")
[ -n "$rating" ] || fail "no rating: $(tail -3 "$WORK/security")"
awk -v r="$rating" 'BEGIN { exit !(r <= 4.0) }' || fail "exposure $rating, above 4.0"
pass "systemd-analyze security --offline=yes: exposure $rating (at most 4.0)"

# The settings SPEC section 14 names, as the file sets them.
for want in "User=prescreen" "PAMName=login" "TTYPath=/dev/tty1" "StateDirectory=prescreen" \
	"Restart=on-failure" "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" \
	"PrivateTmp=yes" "PrivateNetwork=yes" "CapabilityBoundingSet=" "ReadWritePaths=-/media/prescreen" \
	"Conflicts=getty@tty1.service" "WantedBy=graphical.target" \
	'ExecStop=/usr/libexec/prescreen/kiosk-stop $MAINPID'; do
	grep -qx -- "$want" "$unit" || fail "the unit lacks $want"
done
[ "$(grep -c '^ReadWritePaths=' "$unit")" = 1 ] || fail "more than the media mount is made writable"
grep -q '^ExecStart=.*/usr/bin/cage -- /usr/libexec/prescreen/kiosk-session$' "$unit" || fail "ExecStart is not cage running the kiosk session"
pass "cage on tty1 as prescreen (PAM login session), state directory, restart on failure, writable: state dir and /media/prescreen only"

# While the kiosk is enabled no getty starts on tty1; disabled, it does.
dropin="$SRC/packaging/getty@tty1.service.d/prescreen-kiosk.conf"
grep -qx 'ConditionPathExists=!/etc/systemd/system/graphical.target.wants/prescreen-kiosk.service' "$dropin" ||
	fail "the getty@tty1 drop-in does not follow the kiosk's enablement"
pass "getty@tty1 steps aside while the kiosk is enabled"
