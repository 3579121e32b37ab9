#!/usr/bin/env bash
# The installed package boots into the kiosk (issue 9 point 2, "Tested for
# real"): a fresh Debian 12 rootfs (debootstrap) booted with systemd as PID 1
# in systemd-nspawn; inside it `apt-get install ./prescreen_*.deb` takes the
# package's real Depends from Debian's archive; the container is rebooted and
# prescreen-kiosk.service must come up by itself: cage on wlroots' headless
# backend, the kiosk in its Xwayland. The attract screen is captured (xwd in
# that Xwayland, as the kiosk's user) and must match tests/reference/<lang>-attract.png
# for every one of the nine languages it cycles through; a candidate session
# is driven with xdotool (a language, consent, a name, an answer);
# `systemctl stop prescreen-kiosk` must leave it `interrupted` with the typed
# answer, as `prescreen export` inside the container shows. Then the same
# package with a bumped version is installed over it: the session is kept and
# exports byte for byte as before. Figures under the real service (PSS of the
# kiosk and Xwayland, idle CPU over 20 s) are printed, nothing is asserted on them.
#
#   tests/boot/boot.sh [PACKAGE.deb]      (default: the newest build-deb/prescreen_*.deb)
#
# Needs root, debootstrap, systemd-container (systemd-nspawn), python3 and
# network access to the Debian mirror ($BOOT_MIRROR, default deb.debian.org).
# The debootstrapped base is cached in build-boot/ as a tarball named after
# everything that makes it (suite, architecture, mirror, package list,
# debootstrap's version, the ISO week); every run unpacks a fresh rootfs from
# it. Screenshots and logs stay in build-boot/last/. Every exit powers the
# container off (or kills it), unmounts what is left and removes the rootfs.
# If the container cannot run here, this fails: it never skips.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/boot
work=${BOOT_WORK:-$top/build-boot}
mirror=${BOOT_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
# libpam-systemd is on any Debian 12 installed with the standard system
# utilities (Priority: standard), and the unit's PAMName= logind session
# needs it; minbase alone lacks it.
include=systemd,systemd-sysv,dbus,libpam-systemd
# Test tools inside the container (the kiosk's Xwayland only admits its own
# user, so they run there as that user): xdotool drives it, xwd captures it.
tools="xdotool x11-apps"
unit=prescreen-kiosk.service
cand_lang=de
cand_name="Ada Lovelace"
cand_answer="Ich nutze SQLite im WAL-Modus und teste jeden Fehlerpfad"
languages="en es fr de pt_BR ar hi zh_CN ja"
pngdiff=${PNGDIFF:-$top/build/tests/pngdiff}

fail() {
	echo "FAIL (boot test, ${stage_name:-setup}): $*" >&2
	exit 1
}

# --- stages and their times -------------------------------------------------
stage_name="" stage_t0="" timings=()
now() { date +%s.%N; }
stage_end() {
	[ -n "$stage_name" ] || return 0
	local d
	d=$(awk -v a="$stage_t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	timings+=("$(printf '%7s s  %s' "$d" "$stage_name")")
	echo "   ($stage_name: $d s)"
	stage_name=""
}
stage() {
	stage_end
	stage_name=$1 stage_t0=$(now)
	echo "== boot: $1 ($(date -u +%H:%M:%S))"
}
t_start=$(now)

# --- preconditions: fail loudly ---------------------------------------------
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, systemd-nspawn)"
for tool in debootstrap systemd-nspawn nsenter dpkg-deb python3; do
	command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install debootstrap systemd-container util-linux dpkg python3)"
done
[ -x "$pngdiff" ] || fail "$pngdiff is missing: build the tests first (cmake --build build), or set PNGDIFF"
deb=${1:-$(ls -t "$top"/build-deb/prescreen_*.deb 2>/dev/null | head -n 1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || fail "no package: give a .deb, or build one into build-deb/ (scripts/package)"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
deb_version=$(dpkg-deb -f "$deb" Version) || fail "$deb: not a Debian package"
[ "$(dpkg-deb -f "$deb" Package)" = prescreen ] || fail "$deb: package $(dpkg-deb -f "$deb" Package), expected prescreen"
arch=$(dpkg --print-architecture)

# Downloaded .debs are kept between runs (apt checks each against the
# archive's hashes, and autoclean drops those no longer in it).
mkdir -p "$work/apt-archives"
run=$(mktemp -d "$work/run.XXXXXX")
root=$run/root
last=$work/last
rm -rf "$last"
mkdir -p "$last/shots"
machine=prescreen-boot-$$
nspawn_pid="" ct_pid="" boots=0

# --- the container ----------------------------------------------------------
# in_ct CMD...: CMD inside the booted container (its mount, UTS, IPC and PID
# namespaces), as root, with a clean environment.
in_ct() {
	nsenter -t "$ct_pid" -m -u -i -p -r -w -- /usr/bin/env -i \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

boot() {
	boots=$((boots + 1))
	local log=$last/nspawn-$boots.log i state
	systemd-nspawn --boot -D "$root" --register=no --keep-unit --console=passive \
		-M "$machine" --bind="$work/apt-archives:/var/cache/apt/archives" </dev/null >"$log" 2>&1 &
	nspawn_pid=$! ct_pid=""
	for i in $(seq 300); do
		ct_pid=$(ps -o pid= --ppid "$nspawn_pid" 2>/dev/null | head -n 1 | tr -d ' ' || true)
		[ -n "$ct_pid" ] && [ "$(cat "/proc/$ct_pid/comm" 2>/dev/null)" = systemd ] && break
		ct_pid=""
		kill -0 "$nspawn_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$ct_pid" ] || fail "systemd-nspawn did not start systemd in the container (this machine cannot run the boot test):
$(tail -n 15 "$log")"
	# Until the system bus answers, then until the boot is done.
	for i in $(seq 600); do
		state=$(timeout 120 nsenter -t "$ct_pid" -m -u -i -p -r -w -- /usr/bin/env -i PATH=/usr/bin:/bin \
			systemctl is-system-running --wait 2>&1) || true
		case $state in *"Failed to connect to bus"*) sleep 0.1 ;; *) break ;; esac
		kill -0 "$nspawn_pid" 2>/dev/null || break
	done
	case $state in
	running) ;;
	degraded) echo "   (the container's system is degraded; failed units:)"
		in_ct systemctl --failed --no-legend --plain | sed 's/^/     /' ;;
	*) fail "the container's systemd did not finish booting: '$state'
$(in_ct systemctl --failed --no-legend --plain 2>&1 | head)
$(tail -n 15 "$log")" ;;
	esac
}

# poweroff: a clean shutdown of the container, SIGKILL after 60 s.
poweroff() {
	[ -n "$nspawn_pid" ] || return 0
	if kill -0 "$nspawn_pid" 2>/dev/null; then
		{ [ -n "$ct_pid" ] && in_ct systemctl poweroff --no-block >/dev/null 2>&1; } ||
			kill -TERM "$nspawn_pid" 2>/dev/null || true
		local i
		for i in $(seq 600); do
			kill -0 "$nspawn_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$nspawn_pid" 2>/dev/null; then
			echo "   (the container did not power off in 60 s: killed)" >&2
			[ -n "$ct_pid" ] && kill -KILL "$ct_pid" 2>/dev/null
			kill -KILL "$nspawn_pid" 2>/dev/null || true
		fi
	fi
	wait "$nspawn_pid" 2>/dev/null || true
	nspawn_pid="" ct_pid=""
}

cleanup() {
	local rc=$? m
	trap - EXIT INT TERM
	set +e
	stage_end
	if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
		if [ "$rc" != 0 ] && [ -n "$ct_pid" ]; then
			in_ct journalctl -b --no-pager >"$last/journal.txt" 2>&1 || true
			# The kiosk's processes log under their logind session's scope,
			# not under the unit: the journal's tail, PAM's lines left out.
			echo "  the container's journal: $last/journal.txt; its last lines:" >&2
			grep -v 'pam_' "$last/journal.txt" | tail -n 25 | sed 's/^/    /' >&2
		fi
		poweroff
	fi
	# Whatever the container left mounted under its rootfs (deepest first).
	for m in $(awk -v r="$root" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do
		umount -l "$m" 2>/dev/null || echo "  could not unmount $m" >&2
	done
	rm -rf "$run"
	rmdir "/run/systemd/nspawn/propagate/$machine" 2>/dev/null || true
	if [ ${#timings[@]} -gt 0 ]; then
		echo "== boot: times"
		printf '%s\n' "${timings[@]}"
		awk -v a="$t_start" -v b="$(now)" 'BEGIN { printf "%7.1f s  total\n", b - a }'
	fi
	[ "$rc" = 0 ] && echo "== boot: passed" || echo "== boot: FAILED (logs and screenshots in $last)" >&2
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the kiosk under the service ---------------------------------------------
kpid="" kuid="" kdisplay="" xpid="" kwin=""

# find_kiosk: the service's kiosk process (a descendant of the unit's main
# process, cage), its user, its DISPLAY, and the Xwayland serving it.
find_kiosk() {
	local main
	kpid="" xpid=""
	main=$(in_ct systemctl show -p MainPID --value "$unit")
	[ -n "$main" ] && [ "$main" != 0 ] || return 1
	in_ct sh -c 'for p in /proc/[0-9]*; do
		printf "%s %s %s %s\n" "${p#/proc/}" "$(awk "/^PPid:/ { print \$2 }" $p/status)" \
			"$(awk "/^Uid:/ { print \$2 }" $p/status)" "$(cat $p/comm)"; done 2>/dev/null' >"$run/ps"
	kpid=$(awk -v main="$main" '{ parent[$1] = $2; comm[$1] = $4 }
		END { for (p in comm) if (comm[p] == "prescreen")
			for (a = parent[p]; a != "" && a > 1; a = parent[a]) if (a == main) { print p; exit } }' "$run/ps")
	[ -n "$kpid" ] || return 1
	kuid=$(awk -v p="$kpid" '$1 == p { print $3 }' "$run/ps")
	xpid=$(awk -v u="$kuid" '$4 == "Xwayland" && $3 == u { print $1; exit }' "$run/ps")
	kdisplay=$(in_ct sh -c 'tr "\0" "\n" < /proc/$1/environ' sh "$kpid" | sed -n 's/^DISPLAY=//p')
	[ -n "$kdisplay" ] && [ -n "$xpid" ]
}

# in_kiosk CMD...: CMD in the kiosk's own mount and network namespaces (its
# private /tmp holds the X socket, its private network Xwayland's abstract
# one: outside it, :0 may well be another X server of the host) as the
# kiosk's user, on its display.
in_kiosk() {
	in_ct nsenter -t "$kpid" -m -n -- setpriv --reuid="$kuid" --regid="$kuid" --clear-groups -- \
		env DISPLAY="$kdisplay" HOME=/ "$@"
}

# wait_kiosk: until the unit is active and the kiosk's window is mapped (90 s).
wait_kiosk() {
	local end=$((SECONDS + 90)) state=""
	while [ $SECONDS -lt $end ]; do
		state=$(in_ct systemctl is-active "$unit" 2>/dev/null || true)
		if [ "$state" = active ] && find_kiosk 2>/dev/null; then
			kwin=$(in_kiosk xdotool search --onlyvisible --pid "$kpid" --classname '^prescreen$' 2>/dev/null |
				head -n 1 || true)
			[ -n "$kwin" ] && return 0
		fi
		[ "$state" = failed ] && break
		sleep 0.3
	done
	fail "$unit did not bring up the kiosk's window in 90 s (unit $state, kiosk pid '${kpid}', display '${kdisplay}'):
$(in_ct systemctl status "$unit" --no-pager -n 0 2>&1 | head -n 12)
$(in_ct journalctl -b --no-pager -o cat 2>&1 | grep -v 'pam_' | tail -n 12)"
}

# shot NAME: the kiosk's window as $last/shots/NAME.png.
shot() {
	in_kiosk xwd -id "$kwin" -silent >"$last/shots/$1.xwd" 2>"$last/shots/$1.err" ||
		fail "xwd could not capture the kiosk's window $kwin: $(cat "$last/shots/$1.err")"
	python3 "$here/xwd2png.py" "$last/shots/$1.xwd" "$last/shots/$1.png" || fail "$1.xwd is no window dump"
	rm -f "$last/shots/$1.xwd" "$last/shots/$1.err"
}

# matches NAME REF: the shot NAME is the reference screenshot REF (2 per mille).
matches() { "$pngdiff" "$top/tests/reference/$2.png" "$last/shots/$1.png" 2 >/dev/null 2>&1; }

# wait_screen REF [SECONDS]: shots until one matches tests/reference/REF.png.
wait_screen() {
	local i
	for i in $(seq $((${2:-10} * 2))); do
		shot "$1"
		matches "$1" "$1" && return 0
		sleep 0.5
	done
	"$pngdiff" "$top/tests/reference/$1.png" "$last/shots/$1.png" 2 "$last/shots/$1-diff.png" >&2 || true
	fail "the screen never matched tests/reference/$1.png (last shot $last/shots/$1.png, diff $1-diff.png)"
}

# controls PREFIX: "id cx cy" of the controls on the screen the headless
# script PREFIX ends on, laid out by the installed binary at the window's size.
controls() {
	in_ct sh -c 'd=$(mktemp -d) && printf "%b\n" "$1" >"$d/s" &&
		PRESCREEN_DATA=$d/data prescreen kiosk --headless --size "$2" --script "$d/s" --list-controls \
			</dev/null 2>/dev/null; rm -rf "$d"' sh "$1" "$ksize" |
		awk -F'\t' 'NF == 2 { split($2, a, /[ ,x]/); printf "%s %d %d\n", $1, a[1] + a[3] / 2, a[2] + a[4] / 2 }'
}
tap() {   # tap CONTROLS ID: a click on the centre of control ID
	local xy
	xy=$(awk -v id="$2" '$1 == id { print $2, $3; f = 1 } END { exit !f }' <<<"$1") ||
		fail "no control $2 on that screen: $1"
	# shellcheck disable=SC2086
	in_kiosk xdotool mousemove --window "$kwin" $xy click 1
	sleep 0.4
}

# figures: PSS of the kiosk and of Xwayland, and the CPU time cage, the kiosk
# and Xwayland take over 20 s untouched on the attract screen.
figures() {
	local main pss_k pss_x hz t0 t1 p
	main=$(in_ct systemctl show -p MainPID --value "$unit")
	pss_k=$(in_ct awk '/^Pss:/ { print $2 }' "/proc/$kpid/smaps_rollup")
	pss_x=$(in_ct awk '/^Pss:/ { print $2 }' "/proc/$xpid/smaps_rollup")
	hz=$(getconf CLK_TCK)
	# utime + stime of each (none of the three has a space in its name)
	ticks() { for p in "$main" "$kpid" "$xpid"; do in_ct awk '{ printf "%d ", $14 + $15 }' "/proc/$p/stat"; done; }
	t0=$(ticks)
	sleep 20
	t1=$(ticks)
	echo "   figures under $unit: PSS kiosk $((pss_k / 1024)) MiB, Xwayland $((pss_x / 1024)) MiB"
	awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN {
		split(a, x, " "); split(b, y, " "); split("cage kiosk Xwayland", n, " ")
		for (i = 1; i <= 3; i++) { c = (y[i] - x[i]) * 100 / hz / 20; t += c
			s = s sprintf("%s%s %.2f%%", i > 1 ? ", " : "", n[i], c) }
		printf "   idle CPU over 20 s on the attract screen, of one core: %s (together %.2f%%)\n", s, t }'
}

# export_bundle NAME: `prescreen export` inside the container, as the
# kiosk's user, of the service's state directory; prints the bundle's host path.
export_bundle() {
	local out=/var/tmp/boot-$1 b
	in_ct sh -c 'rm -rf "$1" && mkdir -p "$1" && chown "$2" "$1"' sh "$out" "$kuid"
	in_ct setpriv --reuid="$kuid" --regid="$kuid" --clear-groups -- \
		prescreen export --data /var/lib/prescreen --out "$out" >"$last/export-$1.log" 2>&1 ||
		fail "prescreen export in the container: $(cat "$last/export-$1.log")"
	b=$(ls -d "$root$out"/prescreen-export-* 2>/dev/null | head -n 1)
	[ -n "$b" ] || fail "prescreen export wrote no bundle in $out: $(cat "$last/export-$1.log")"
	rm -rf "${last:?}/$1"
	cp -r "$b" "$last/$1"
	echo "$last/$1"
}

# === 1. a fresh Debian 12 rootfs ============================================
stage "rootfs (debootstrap $suite, cached)"
key=$(printf '%s\n' "$suite" "$arch" "$mirror" "$include" "$(dpkg-query -W -f '${Version}' debootstrap)" \
	"$(date -u +%G-W%V)" | sha256sum | cut -c1-16)
cache=$work/rootfs-$suite-$arch-$key.tar
if [ ! -f "$cache" ]; then
	echo "   no cache $cache: debootstrap --variant=minbase --include=$include $suite"
	rm -f "$work"/rootfs-*.tar
	debootstrap --variant=minbase --include="$include" "$suite" "$run/base" "$mirror" \
		>"$last/debootstrap.log" 2>&1 || fail "debootstrap failed: $(tail -n 5 "$last/debootstrap.log")"
	# A fresh machine id at each boot from the cache; no apt lists kept.
	: >"$run/base/etc/machine-id"
	rm -rf "$run/base/var/lib/apt/lists/"* "$run/base/var/cache/apt/archives/"*.deb
	tar -C "$run/base" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
	rm -rf "$run/base"
fi
mkdir "$root"
tar -C "$root" -xf "$cache" || fail "cannot unpack $cache"
echo "   rootfs from $(basename "$cache")"

# The only change to the package's unit: headless wlroots, and no tty1 in a
# container: the unit's condition on /dev/tty0 dropped, stdin from /dev/null
# instead of the VT, no VT to reset or hang up.
mkdir -p "$root/etc/systemd/system/$unit.d"
cat >"$root/etc/systemd/system/$unit.d/50-boot-test-headless.conf" <<'EOF'
# Added by tests/boot/boot.sh only: no GPU, no input devices, no tty1 here.
[Unit]
ConditionPathExists=
[Service]
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
StandardInput=null
TTYPath=
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
UtmpIdentifier=
EOF
cp "$deb" "$root/root/"

# === 2. boot, install the package from Debian's archive =====================
stage "boot the container (systemd as PID 1)"
boot
echo "   systemd $(in_ct systemctl --version | head -n 1 | awk '{ print $2 }') is PID 1 in the container"

stage "apt-get install ./$(basename "$deb")"
in_ct apt-get update -q >"$last/apt.log" 2>&1 || fail "apt-get update in the container: $(tail -n 5 "$last/apt.log")"
in_ct sh -c 'cd /root && apt-get install -y -q "./$1"' sh "$(basename "$deb")" >>"$last/apt.log" 2>&1 ||
	fail "apt-get install ./$(basename "$deb") in the container: $(tail -n 15 "$last/apt.log")"
grep -E '^(Need to get|[0-9]+ upgraded)' "$last/apt.log" | sed 's/^/   /'
in_ct apt-get autoclean -q >>"$last/apt.log" 2>&1 || true
in_ct prescreen --version >"$last/version.txt" 2>&1 || fail "prescreen --version in the container: $(cat "$last/version.txt")"
echo "   installed: prescreen $(in_ct dpkg-query -W -f '${Version}' prescreen); $(head -n 1 "$last/version.txt")"
in_ct systemctl is-enabled "$unit" >/dev/null 2>&1 || fail "$unit is not enabled after the install: $(in_ct systemctl is-enabled "$unit" 2>&1)"
in_ct apt-get install -y -q --no-install-recommends $tools >>"$last/apt.log" 2>&1 ||
	fail "apt-get install $tools (test tools) in the container: $(tail -n 5 "$last/apt.log")"

stage "reboot: the kiosk comes up by itself"
poweroff
boot
wait_kiosk
geom=$(in_kiosk xdotool getwindowgeometry "$kwin" | awk '/Geometry:/ { print $2 }')
ksize=$geom
echo "   $unit active: cage $(in_ct systemctl show -p MainPID --value "$unit"), kiosk $kpid (uid $kuid)," \
	"Xwayland $xpid on $kdisplay, window $kwin $geom"

# === 3. figures, then the attract screen in all nine languages ===============
stage "figures under the service"
figures

stage "attract screen: a screenshot per language"
seen=""
for i in $(seq 80); do
	shot attract
	for l in $languages; do
		case " $seen " in *" $l "*) continue ;; esac
		if matches attract "$l-attract"; then
			seen="$seen $l"
			cp "$last/shots/attract.png" "$last/shots/attract-$l.png"
		fi
	done
	[ "$(wc -w <<<"$seen")" = 9 ] && break
	sleep 0.5
done
[ "$(wc -w <<<"$seen")" = 9 ] || {
	"$pngdiff" "$top/tests/reference/en-attract.png" "$last/shots/attract.png" 2 "$last/shots/attract-diff.png" >&2 || true
	fail "in 40 s the attract screen matched tests/reference/<lang>-attract.png only for:$seen (last shot $last/shots/attract.png)"
}
echo "   the attract screen matched its reference in every language:$seen ($last/shots/attract-*.png)"

# === 4. a candidate session through Xwayland, then systemctl stop ============
stage "a scripted session with xdotool"
c0=$(controls "")
c1=$(controls "press lang:$cand_lang")
c2=$(controls "press lang:$cand_lang\npress agree")
c3=$(controls "press lang:$cand_lang\npress agree\npress field:name\ntext A\npress next")
# The attract screen cycles through the languages, and in Arabic its grid is
# mirrored: tap while it shows English, as the headless layout above does.
wait_screen en-attract 40
tap "$c0" "lang:$cand_lang"
wait_screen "$cand_lang-consent"
tap "$c1" agree
tap "$c2" field:name
in_kiosk xdotool type --delay 30 "$cand_name"
sleep 0.3
shot identity
tap "$c2" next
tap "$c3" answer
in_kiosk xdotool type --delay 30 "$cand_answer"
# Every keystroke is on disk within a second (autosave).
sleep 1.5
shot question

# The input method runs in the kiosk's session, and the kiosk's engine
# switches (the keyboard engine for the attract screen and for German) worked.
ibus_uids=$(in_ct sh -c 'for p in /proc/[0-9]*; do
	[ "$(cat $p/comm 2>/dev/null)" = ibus-daemon ] && awk "/^Uid:/ { print \$2 }" $p/status
	done; true' | sort -u)
echo "$ibus_uids" | grep -qx "$kuid" || fail "no ibus-daemon of the kiosk's user (uid $kuid) in its session"
ime_errors=$(in_ct journalctl -b --no-pager -o cat 2>/dev/null |
	grep -E 'ibus engine .* failed|cannot switch IBus|cannot run .* engine|no ibus command' || true)
[ -z "$ime_errors" ] || fail "the kiosk could not switch the input method: $ime_errors"
echo "   ibus-daemon runs as the kiosk's user; no engine switch failed"

stage "systemctl stop $unit"
in_ct systemctl stop "$unit" || fail "systemctl stop $unit failed"
result=$(in_ct systemctl show -p Result --value "$unit")
status=$(in_ct systemctl show -p ExecMainCode,ExecMainStatus "$unit" | tr '\n' ' ')
in_ct journalctl -b --no-pager -o cat >"$last/journal-stop.txt" 2>&1 || true
# The stop reaches the kiosk itself (the unit's ExecStop, kiosk-stop), before
# cage: Debian 12's cage aborts on its own SIGTERM, and a kiosk that only sees
# its display vanish would be saving by luck.
[ "$result" = success ] ||
	fail "$unit stopped with result '$result' ($status): $(grep -m 1 -i 'assert\|abort\|segfault' "$last/journal-stop.txt" || true)"
! grep -q 'the X display is gone' "$last/journal-stop.txt" ||
	fail "the kiosk was not stopped itself: its display vanished first ($(grep -m 1 'the X display is gone' "$last/journal-stop.txt"))"
# Nothing of the kiosk's session may outlive the unit (its user's systemd
# --user manager aside, which logind owns).
sleep 1
left=$(in_ct sh -c 'for p in /proc/[0-9]*; do
	[ "$(awk "/^Uid:/ { print \$2 }" $p/status 2>/dev/null)" = "$1" ] || continue
	c=$(cat $p/comm 2>/dev/null); case $c in systemd|"(sd-pam)") continue ;; esac
	echo "$c (${p#/proc/})"; done' sh "$kuid" | tr '\n' ' ')
[ -z "$left" ] || fail "after the stop these processes of uid $kuid are still running: $left"
b1=$(export_bundle before-upgrade)
python3 "$here/check_bundle.py" "$b1" interrupted "$cand_lang" "$cand_name" "$cand_answer" ||
	fail "after systemctl stop the session is not interrupted with the typed name and answer (shots: identity.png, question.png)"

# === 5. the package installed over itself, a newer version ===================
stage "upgrade: a newer package over the sessions"
v2="$deb_version+boottest1"
rm -rf "$run/deb2"
dpkg-deb -R "$deb" "$run/deb2"
sed -i "s/^Version: .*/Version: $v2/" "$run/deb2/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -b "$run/deb2" "$root/root/prescreen_${v2}_$arch.deb" >/dev/null ||
	fail "cannot rebuild the package as version $v2"
in_ct systemctl start "$unit"
in_ct sh -c 'cd /root && apt-get install -y -q "./$1"' sh "prescreen_${v2}_$arch.deb" >"$last/apt-upgrade.log" 2>&1 ||
	fail "installing $v2 over $deb_version: $(tail -n 15 "$last/apt-upgrade.log")"
[ "$(in_ct dpkg-query -W -f '${Version}' prescreen)" = "$v2" ] || fail "after the upgrade dpkg says prescreen $(in_ct dpkg-query -W -f '${Version}' prescreen)"
echo "   prescreen $deb_version -> $v2"
owner=$(in_ct stat -c '%U %a' /var/lib/prescreen/prescreen.db) || fail "the upgrade lost /var/lib/prescreen/prescreen.db"
echo "   /var/lib/prescreen/prescreen.db: owner, mode $owner"
in_ct systemctl restart "$unit"
wait_kiosk
wait_screen "en-attract" 40
echo "   the upgraded kiosk is up on its attract screen"
b2=$(export_bundle after-upgrade)
python3 "$here/check_bundle.py" "$b2" interrupted "$cand_lang" "$cand_name" "$cand_answer" "$b1" ||
	fail "the session did not survive the upgrade as it was"

stage "power off"
poweroff
stage_end
