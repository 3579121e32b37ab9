#!/usr/bin/env bash
# USB sticks for the admin export without a desktop (packaging/usb-mount, run
# by udev's 80-prescreen.rules): a real vfat, then exFAT filesystem on a loop device,
# handed to the script as udev hands a device (ACTION, DEVNAME, ID_FS_* in a
# bare environment), is mounted under the media root for the kiosk's user
# only (nosuid, nodev, noexec); that user exports a bundle onto it, another
# user cannot even list it, and `remove` unmounts it and leaves no mount
# point. The bundle is on the stick's filesystem afterwards. Needs root and a
# loop device (skips, saying so, without them); a filesystem this kernel
# cannot mount is skipped with a line saying so (some VM kernels have no vfat:
# exFAT then goes through exfat-fuse). With systemd as PID 1 the mount is
# systemd-mount's (asynchronous: waited for), otherwise mount(8)'s.
source "$(dirname "$0")/lib.sh"
mount_script="$SRC/packaging/usb-mount"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root (mounting a loop device needs root)"; exit 0; }
command -v mkfs.vfat >/dev/null || { echo "SKIP: no mkfs.vfat (dosfstools)"; exit 0; }
command -v mkfs.exfat >/dev/null || { echo "SKIP: no mkfs.exfat (exfatprogs)"; exit 0; }
[ -e /dev/loop-control ] && losetup -f >/dev/null 2>&1 || { echo "SKIP: no loop device on this machine"; exit 0; }

user=nobody
id "$user" >/dev/null || fail "no user $user"
group=$(id -gn "$user")
other=daemon
chmod 0755 "$WORK"
root="$WORK/media/prescreen"
mkdir -p "$root"
img="$WORK/stick.img"
loop=""
cleanup() {
	for m in $(findmnt -rn -o TARGET | grep "^$WORK/" | sort -r); do umount -l "$m" 2>/dev/null || true; done
	[ -z "$loop" ] || losetup -d "$loop" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# As udev runs RUN+= programs: the device's properties and nothing else.
as_udev() {
	local action=$1
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ACTION="$action" DEVNAME="$loop" \
		SUBSYSTEM=block ID_FS_USAGE=filesystem \
		$(blkid -o udev -p "$loop" | grep -E '^ID_FS_(TYPE|LABEL|UUID)=') \
		PRESCREEN_MEDIA_ROOT="$root" PRESCREEN_MEDIA_USER="$user" \
		"$mount_script" "$action" "$loop"
}
# systemd-mount --no-block returns before the mount is there.
wait_mounted() {
	for _ in $(seq 50); do
		[ -n "$(findmnt -rn -o TARGET -S "$loop" 2>/dev/null)" ] && return 0
		sleep 0.2
	done
	return 1
}

as_user() { setpriv --reuid="$1" --regid="$(id -g "$1")" --clear-groups -- "${@:2}"; }

# A candidate's session to export.
kiosk_script <<'S' >/dev/null || fail "headless session"
press start
press lang:en
press agree
text Mira Stick
press next
text An answer for the stick.
press next
S
chown -R "$user:$group" "$PRESCREEN_DATA"

truncate -s 64M "$img"
loop=$(losetup -f --show "$img") || fail "losetup"
ran=0
one_stick() {
	local fs=$1
	case $fs in
	vfat) mkfs.vfat -n "KIOSK STICK" "$loop" >/dev/null ;;
	exfat) mkfs.exfat -L "KIOSK STICK" "$loop" >/dev/null ;;
	esac || fail "mkfs.$fs"
	as_udev add 2>"$WORK/err" || {
		if grep -q "has no $fs driver" "$WORK/err"; then
			echo "SKIP $fs: $(cat "$WORK/err")"; return 0
		fi
		fail "usb-mount add ($fs): $(cat "$WORK/err")"
	}
	wait_mounted || fail "nothing mounted from $loop: $(cat "$WORK/err")"
	where=$(findmnt -rn -o TARGET -S "$loop")
	[ "$where" = "$root/KIOSK_STICK" ] || fail "mounted at '$where', not $root/KIOSK_STICK"
	opts=$(findmnt -rn -o OPTIONS -S "$loop")
	fstype=$(findmnt -rn -o FSTYPE -S "$loop")
	want="nosuid nodev noexec"
	# The kernel's driver shows the owner and masks as mount options; exfat-fuse
	# (a kernel without exFAT) applies them itself: the stat below checks both.
	[ "$fstype" != "$fs" ] || want="$want uid=$(id -u "$user") gid=$(id -g "$user") fmask=0177 dmask=0077"
	for o in $want; do
		case ",$opts," in *",$o,"*) ;; *) fail "mount options '$opts' lack $o" ;; esac
	done
	[ "$(stat -c '%a %U' "$where")" = "700 $user" ] || fail "the stick's root is $(stat -c '%a %U' "$where"), not 700 $user"
	pass "$loop ($fs, label 'KIOSK STICK') mounted at $where by the $fstype driver: $opts; root 700 $user"

	# The kiosk's user exports the candidate's session onto the stick.
	bundle=$(as_user "$user" env PRESCREEN_MEDIA_ROOTS="$WORK/media" "$PRESCREEN" export \
		--data "$PRESCREEN_DATA" --out "$where" 2>"$WORK/err") || fail "export as $user: $(cat "$WORK/err")"
	[ -f "$bundle/manifest.json" ] || fail "no bundle at '$bundle': $(ls -laR "$where" | head -30)"
	python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "the bundle on the stick does not check"
	perm=$(stat -c '%a %U' "$bundle/manifest.json")
	case $perm in [67]00\ "$user") ;; *) fail "manifest.json is $perm: not $user's alone" ;; esac
	pass "$user exported $(basename "$bundle") onto the stick (manifest.json $perm)"

	as_user "$other" ls "$where" >/dev/null 2>&1 && fail "$other can list the stick"
	as_user "$other" cat "$bundle/manifest.json" >/dev/null 2>&1 && fail "$other can read the bundle"
	pass "$other can neither list the stick nor read the bundle"

	as_udev remove 2>"$WORK/err" || fail "usb-mount remove: $(cat "$WORK/err")"
	for _ in $(seq 50); do [ -z "$(findmnt -rn -o TARGET -S "$loop")" ] && break; sleep 0.2; done
	[ -z "$(findmnt -rn -o TARGET -S "$loop")" ] || fail "still mounted after remove"
	[ ! -e "$where" ] || fail "mount point $where left behind"
	pass "remove unmounted it and removed the mount point"

	# The bundle is on the stick itself, not on the kiosk's disk.
	mkdir -p "$WORK/check"
	mount -o ro -t "$([ "$fstype" = fuseblk ] && echo exfat-fuse || echo "$fstype")" "$loop" "$WORK/check" ||
		fail "mount the stick again"
	[ -f "$WORK/check/$(basename "$bundle")/manifest.json" ] || fail "the bundle is not on the stick"
	umount "$WORK/check"
	pass "the bundle is on the stick's filesystem"
	ran=$((ran + 1))
}
for fs in vfat exfat; do
	one_stick "$fs"
done
[ "$ran" -gt 0 ] || { echo "SKIP: this kernel mounts neither vfat nor exfat"; exit 0; }

# The rule itself, as udev reads it (udevadm test; only where no udevd runs,
# so that the rule is never live): it parses, a loop device is no USB stick
# on add, and a removal is handed to the script.
if command -v udevadm >/dev/null && ! pgrep -x systemd-udevd >/dev/null && ! pgrep -x udevd >/dev/null; then
	rules=/run/udev/rules.d/80-prescreen-test-$$.rules
	mkdir -p /run/udev/rules.d
	cp "$SRC/debian/prescreen.udev" "$rules"
	mkfs.vfat "$loop" >/dev/null
	add=$(udevadm test --action=add "/sys/class/block/${loop#/dev/}" 2>&1)
	remove=$(udevadm test --action=remove "/sys/class/block/${loop#/dev/}" 2>&1)
	rm -f "$rules"
	printf '%s' "$add" | grep -q "Reading rules file: $rules" || fail "udev did not read the rule"
	printf '%s' "$add$remove" | grep -iE "$rules:[0-9]+.*(invalid|error|unknown)" && fail "udev finds fault with the rule"
	printf '%s' "$add" | grep -q "usb-mount add" && fail "a loop device matched the USB rule"
	printf '%s' "$remove" | grep -q "run: '/usr/libexec/prescreen/usb-mount remove $loop'" ||
		fail "a removal is not handed to usb-mount: $(printf '%s' "$remove" | tail -3)"
	pass "udevadm test: the rule parses, a loop device is not taken for a stick, a removal runs usb-mount"
else
	echo "SKIP udev rule: udevd is running here (the rule would go live) or there is no udevadm"
fi

# Not a stick filesystem: left alone, said why.
mkfs.ext4 -q -F -L STICK2 "$loop" >/dev/null 2>&1 || fail "mkfs.ext4"
as_udev add 2>"$WORK/err" || fail "usb-mount add (ext4): $(cat "$WORK/err")"
grep -q "ext4 is not a stick filesystem" "$WORK/err" || fail "ext4 message: $(cat "$WORK/err")"
[ -z "$(findmnt -rn -o TARGET -S "$loop")" ] || fail "ext4 was mounted"
pass "an ext4 stick is not mounted: $(cat "$WORK/err")"
