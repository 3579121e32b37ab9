#!/usr/bin/env bash
# An installed prescreen (the package's /usr/bin/prescreen) reads its pack,
# catalogs and default event from PREFIX/share, never from the source tree it
# was built from, even while that tree is still on the machine; a binary run
# from inside the build tree keeps using the source tree (every other test).
# 1. The binary copied out of the build tree no longer finds the bundled pack
#    in the source tree: it names the installed path.
# 2. `cmake --install` into a staging root bind-mounted over PREFIX/share in a
#    private mount namespace (root only; skipped, saying so, otherwise): the
#    installed binary runs a French session with the installed UI and question
#    catalogs and exports a bundle carrying the installed pack.
source "$(dirname "$0")/lib.sh"
unset PRESCREEN_SHARE PRESCREEN_LOCALEDIR
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD/CMakeCache.txt")
[ -n "$prefix" ] || fail "no CMAKE_INSTALL_PREFIX in $BUILD/CMakeCache.txt"

cat > "$WORK/fr.txt" <<'S'
press start
press lang:fr
expect-text Avant de commencer
press agree
text Camille Installée
press next
expect-screen question
expect-text Combien d’années
text Une réponse.
press next
S

mkdir -p "$WORK/bin"
cp "$PRESCREEN" "$WORK/bin/prescreen"
if [ -e "$prefix/share/prescreen" ]; then
	echo "SKIP 1: $prefix/share/prescreen exists on this machine (an installed prescreen)"
else
	status=0
	"$WORK/bin/prescreen" kiosk --headless --script "$WORK/fr.txt" >/dev/null 2>"$WORK/err" || status=$?
	[ "$status" = 1 ] || fail "the binary outside its build tree ran on the source tree (exit $status)"
	grep -q "^$prefix/share/prescreen/" "$WORK/err" ||
		fail "no mention of the installed share folder: $(cat "$WORK/err")"
	pass "outside the build tree the source tree is not read: $(head -1 "$WORK/err")"
fi

[ "$(id -u)" = 0 ] || { echo "SKIP 2: not root (a private mount namespace needs root)"; exit 0; }
unshare -m true 2>/dev/null || { echo "SKIP 2: unshare -m is not allowed here"; exit 0; }
stage="$WORK/stage"
DESTDIR="$stage" cmake --install "$BUILD" >/dev/null || fail "cmake --install"
for f in bin/prescreen share/prescreen/assets/default-event.json \
	share/prescreen/questions/backend-developer/pack.json \
	share/locale/fr/LC_MESSAGES/prescreen.mo \
	share/locale/fr/LC_MESSAGES/prescreen-pack-backend-developer.mo share/man/man1/prescreen.1; do
	[ -f "$stage$prefix/$f" ] || fail "cmake --install left out $prefix/$f"
done
[ -d "$prefix/share" ] || { echo "SKIP 2: no $prefix/share to mount the staged one over"; exit 0; }
mkdir -p "$WORK/out"
unshare -m sh -c '
	mount --bind "$1$2/share" "$2/share" || exit 3
	PRESCREEN_DATA="$3/installed" "$1$2/bin/prescreen" kiosk --headless --script "$3/fr.txt" || exit 4
	PRESCREEN_DATA="$3/installed" "$1$2/bin/prescreen" export --out "$3/out"
' sh "$stage" "$prefix" "$WORK" >"$WORK/bundle" 2>"$WORK/err" || fail "the installed binary: $(cat "$WORK/err")"
bundle=$(tail -1 "$WORK/bundle")
[ -f "$bundle/pack/pack.json" ] || fail "no pack in the bundle '$bundle'"
cmp -s "$bundle/pack/pack.json" "$stage$prefix/share/prescreen/questions/backend-developer/pack.json" ||
	fail "the bundle's pack is not the installed one"
python3 "$SRC/tests/e2e/check_export.py" "$bundle" >/dev/null || fail "the bundle does not check"
pass "installed under $prefix: a French session (UI and question catalogs) and an export with the installed pack"
