#!/usr/bin/env bash
# prescreen(1) (docs/prescreen.1, installed by the package): every command
# `prescreen --help` lists has its section, every option each command's usage
# names is in the page, and man renders it without a single warning.
source "$(dirname "$0")/lib.sh"
page="$SRC/docs/prescreen.1"
[ -f "$page" ] || fail "no $page"
command -v man >/dev/null || { echo "SKIP: man (man-db) is not installed"; exit 0; }

commands=$("$PRESCREEN" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ -n "$commands" ] || fail "prescreen --help lists no command"
missing=""
for cmd in $commands; do
	grep -q "^\.SS \"$cmd \\\\(em " "$page" || missing="$missing $cmd"
done
[ -z "$missing" ] || fail "prescreen.1 has no section for:$missing"
pass "a section for each of: $(echo $commands)"

# Each option of each command's usage, as the page writes it (\-\-name).
for cmd in $commands; do
	for opt in $("$PRESCREEN" help "$cmd" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		grep -q -- "$roff" "$page" || missing="$missing $cmd:$opt"
	done
done
[ -z "$missing" ] || fail "prescreen.1 does not name:$missing"
pass "every option of every command's usage is in the page"

for section in SYNOPSIS DESCRIPTION COMMANDS '"EXIT STATUS"' ENVIRONMENT FILES EXAMPLES; do
	grep -q "^\.SH $section" "$page" || fail "prescreen.1 has no $section"
done
for path in /var/lib/prescreen /media/prescreen; do
	grep -q "$path" "$page" || fail "prescreen.1 does not name $path"
done
pass "exit status, environment, files (/var/lib/prescreen, /media/prescreen), examples"

warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man warns: $warnings"
text=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -E UTF-8 -l "$page" 2>/dev/null)
printf '%s' "$text" | grep -q 'prescreen erase CODE' || fail "the rendered page lacks the erase synopsis"
pass "man renders it without a warning ($(printf '%s\n' "$text" | wc -l) lines)"
