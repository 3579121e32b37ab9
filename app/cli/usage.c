#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct {
	const char *name;
	const char *text;
} usages[] = {
	{ "kiosk",
	  "usage: prescreen kiosk [--data DIR] [--event FILE] [--pack DIR] [--media DIR]...\n"
	  "                       [--windowed] [--size WxH]\n"
	  "       prescreen kiosk --headless [--script FILE] [--shots DIR] [--list-controls]\n"
	  "                       [--list-text] [--wall-clock TIME] [--realtime] [--trace FILE]\n"
	  "\n"
	  "The candidate kiosk, fullscreen. Nothing a candidate can press ends it: not\n"
	  "Escape, Alt+F4, the window's close, nor Ctrl+C. SIGTERM saves any session in\n"
	  "progress as interrupted and exits. With --windowed (development), the window\n"
	  "closes normally and Ctrl+Alt+Q quits.\n"
	  "\n"
	  "Admin mode (staff, between candidates): Ctrl+Alt+A, or the top-left corner\n"
	  "held for 3 seconds, then the event's PIN. USB sticks mounted under /media and\n"
	  "/run/media are export targets and pack sources; --media DIR (repeatable) adds\n"
	  "a folder that stands in for one. Leaving kiosk mode is admin mode's Leave.\n"
	  "\n"
	  "Headless: no display, SDL's dummy driver, a virtual clock only `wait` moves.\n"
	  "The script (SPEC section 13) has one command a line: press ID, text STRING,\n"
	  "compose STRING, key NAME, wait DURATION, shot NAME, expect-screen NAME.\n"
	  "expect-text STRING (an addition) fails unless a line on screen contains STRING.\n"
	  "In text, compose and expect-text, \\n \\t \\s (space) \\\\ and \\u{hex} are escapes.\n"
	  "--list-controls prints the controls of the screen reached at the end, and\n"
	  "--list-text its lines of text. --wall-clock TIME starts the virtual clock at\n"
	  "TIME (UTC) with ids from a fixed sequence: every run gives the same ids.\n"
	  "--realtime makes each wait take real time as well; --trace FILE records the\n"
	  "line number of every command done (kill tests read it).\n"
	  "\n"
	  "Data directory: --data, else $PRESCREEN_DATA, else $STATE_DIRECTORY (the\n"
	  "packaged service), else $XDG_DATA_HOME/prescreen.\n" },
	{ "export",
	  "usage: prescreen export [--data DIR] --out DIR\n"
	  "\n"
	  "Writes DIR/prescreen-export-<kiosk>-<UTC time>/ with manifest.json,\n"
	  "sessions/<id>.json and sessions.csv. The folder appears only when whole.\n" },
	{ "pack",
	  "usage: prescreen pack pot DIR\n"
	  "       prescreen pack check DIR\n"
	  "       prescreen pack install [--data DIR] SRC\n"
	  "       prescreen pack list [--data DIR]\n"
	  "\n"
	  "pot: writes the translation template of the pack in DIR (its pack.json) to\n"
	  "standard output: one entry per string, msgctxt \"<question id>|<field>\".\n"
	  "Translators start each po/<lang>.po from it (msginit, or msgmerge to update).\n"
	  "\n"
	  "check: reports every problem of the pack in DIR at once, one per line as\n"
	  "file:line: message (warnings marked \"warning:\"): pack.json, and each of\n"
	  "po/{en,es,fr,de,pt_BR,ar,hi,zh_CN,ja}.po read with GNU libgettextpo (header\n"
	  "Language and Plural-Forms, untranslated or fuzzy entries, placeholders and\n"
	  "markup against the msgid, stale or missing entries). Obsolete and unused\n"
	  "entries are warnings. Exit 1 on any error, else 0 with one line on stdout.\n"
	  "\n"
	  "install: checks the pack in SRC (as pack check does) and, when it has no\n"
	  "error, puts it under DATA/packs-installed/<id>/<version>-<hash12>/ with its\n"
	  "catalogs compiled, then makes it current with one rename: a failed or\n"
	  "interrupted install leaves the kiosk on the pack it had. Older versions\n"
	  "stay. Installing the current version again changes nothing. Exit 1 when\n"
	  "the pack is refused.\n"
	  "list: one line per installed version, tab-separated: id, version, hash of\n"
	  "pack.json, and * for the current one of its id (else empty); by id, then\n"
	  "version.\n" },
	{ "review",
	  "usage: prescreen review [--reviewer NAME] [--store FILE] [--key FILE] [--lang L]\n"
	  "                        [--calibrate] [--by-question] [--windowed] [--size WxH]\n"
	  "                        BUNDLE...\n"
	  "       prescreen review --headless --script FILE [--shots DIR] [--list-controls]\n"
	  "                        [--realtime] [--trace FILE] BUNDLE...\n"
	  "       prescreen review [--reviewer NAME] [--store FILE] [--key FILE]\n"
	  "                        --export-scores FILE BUNDLE...\n"
	  "\n"
	  "Opens export bundles (several kiosks at once) for scoring. Each manifest is\n"
	  "verified: a missing, extra or altered file is named and that bundle refused,\n"
	  "the others load. Sessions merge by id; the same id with other content is a\n"
	  "conflict, a session that disagrees with its event's threshold, questions or\n"
	  "pack is refused as tampered. A bundle imported unchanged before is not\n"
	  "hashed again.\n"
	  "\n"
	  "Sealed bundles (sessions/<id>.json.sealed, from an event that names the\n"
	  "reviewing team's public key) open only with --key FILE, the secret key\n"
	  "`prescreen keygen` wrote (DIR/prescreen.key, or DIR). Without it, or with\n"
	  "another team's key, that bundle is refused on one line naming the key ids,\n"
	  "and nothing of it is stored. Clear bundles load beside them as before; a\n"
	  "sealed bundle imported whole before needs no key again (its sessions are in\n"
	  "the review store, which keeps them as it keeps clear ones: mode 0600).\n"
	  "\n"
	  "The reviewer (--reviewer, else $USER) works in the review store (--store,\n"
	  "else $XDG_DATA_HOME/prescreen/review.db), where every score and note is\n"
	  "committed as it is given. --export-scores writes this reviewer's scores as\n"
	  "a prescreen.scores.v1 file for `prescreen report` and opens no window.\n"
	  "\n"
	  "Headless: no display, a virtual clock, the kiosk's script language (press,\n"
	  "key, text, shot, expect-screen, wait); --list-controls prints the controls\n"
	  "of the screen reached at the end, --trace FILE the line number of every\n"
	  "command done, --realtime makes each wait take real time as well.\n"
	  "\n"
	  "Exit 1 when a bundle was refused or a session conflicted or was tampered\n"
	  "with (the rest still load), 2 on a usage error.\n" },
	{ "report",
	  "usage: prescreen report BUNDLE... [--scores FILE...] [--key FILE] [--review-store FILE]\n"
	  "                        [--lang L] --out DIR\n"
	  "\n"
	  "Writes DIR/results.csv (ranked) and DIR/report.html from the bundles and\n"
	  "the reviewers' scores files. Sealed bundles need --key FILE, the secret key\n"
	  "from `prescreen keygen`; one key opens every bundle sealed for it, clear\n"
	  "bundles need none. A bundle refused (no key, another key, a file altered)\n"
	  "is named on one line and left out, the rest reported (exit 1). A session\n"
	  "erased on request (`prescreen erase CODE --review-store`) is left out with\n"
	  "one line: the review store (--review-store FILE, else the default one\n"
	  "when it exists) remembers the ids it erased.\n" },
	{ "event",
	  "usage: prescreen event check FILE [--pack DIR]\n"
	  "       prescreen event set-pin FILE\n"
	  "\n"
	  "check: loads the event file against its pack (--pack DIR, else the bundled\n"
	  "pack its \"pack\" names) and lists every problem as FILE:line: message.\n"
	  "Warnings (not errors): a selection short of the seed's mix (one background,\n"
	  "two about specific past experience, one situational or motivation question)\n"
	  "and answer time limits that add up to outside the 20 to 30 minute slot.\n"
	  "A good file gets one line on standard output: id, pack, questions,\n"
	  "languages, total time, threshold, whether a PIN is set, \"unsealed\" or\n"
	  "\"sealed for key ID\" (a file must name \"public_key\" or say \"sealed\":\n"
	  "false), the event hash.\n"
	  "Exit 1 on any error, 0 with warnings only.\n"
	  "\n"
	  "set-pin: asks for the admin PIN (4 to 12 digits) twice, without echo, and\n"
	  "stores only its Argon2id hash as \"admin_pin_hash\"; the file is replaced\n"
	  "whole, its other keys kept in their order. When standard input is not a\n"
	  "terminal, the PIN and its repetition are its first two lines (scripts).\n"
	  "A mismatch or a bad PIN changes nothing (exit 1). The PIN is not part of\n"
	  "the event hash: it may change while sessions exist.\n" },
	{ "erase",
	  "usage: prescreen erase CODE [--data DIR] [--review-store FILE]\n"
	  "\n"
	  "Erases the session whose receipt code (shown to the candidate on the last\n"
	  "screen, such as ACDE-FG34; any case, spaces and dashes anywhere) is CODE,\n"
	  "on a candidate's request (GDPR art. 17):\n"
	  "- from the kiosk's store in the data directory: the session and its answers,\n"
	  "  overwritten on disk, with an \"erase\" line in the audit trail;\n"
	  "- from the reviewer's store: the session, its answers and every reviewer's\n"
	  "  scores and notes of it; the store remembers the id, so a bundle that still\n"
	  "  holds the session does not bring it back (it is skipped with a warning).\n"
	  "With neither option, both default places are used where they exist (the data\n"
	  "directory as for kiosk, the review store as for review); with one or both,\n"
	  "only those. Prints the id and start time of what was erased, never a name.\n"
	  "Exit 1 when no session has the code. Bundles already written (USB sticks,\n"
	  "reviewers' copies) are not changed: delete or replace them as well.\n" },
	{ "audit",
	  "usage: prescreen audit [--data DIR]\n"
	  "\n"
	  "Prints the admin audit trail of the data directory, oldest first, one\n"
	  "action a line: UTC time, action, detail, separated by tabs (a tab or line\n"
	  "break inside a detail is written \\t, \\n). Changes nothing in DIR.\n" },
	{ "keygen",
	  "usage: prescreen keygen --out DIR\n"
	  "\n"
	  "Makes the reviewing team's key pair: DIR/prescreen.pub (the public key,\n"
	  "one line of base64) and DIR/prescreen.key (the secret key, mode 0600),\n"
	  "creating DIR (0700) when missing. Prints the public key line: put it in\n"
	  "the event file as \"public_key\", and the kiosk seals every candidate's\n"
	  "name, contacts and answers for it before they reach its disk. Only\n"
	  "prescreen review --key and report --key with the secret key open them.\n"
	  "Refuses to replace a key pair already in DIR (exit 1): a lost secret key\n"
	  "is every session sealed for it lost.\n" },
	{ "help",
	  "usage: prescreen help [COMMAND]\n" },
};

int usage_print(const char *command, int to_stderr)
{
	FILE *to = to_stderr ? stderr : stdout;
	if (!command) {
		fprintf(to,
		        "usage: prescreen COMMAND [ARGS]\n"
		        "\n"
		        "  kiosk     the candidate kiosk (or --headless with a script)\n"
		        "  export    write an export bundle of the recorded sessions\n"
		        "  pack      question pack tools (pot: the translation template)\n"
		        "  review    score the sessions of export bundles\n"
		        "  report    results.csv and report.html from bundles and scores\n"
		        "  event     event file tools (check, set-pin)\n"
		        "  erase     erase one candidate's session by its receipt code\n"
		        "  audit     print the admin audit trail\n"
		        "  keygen    the reviewing team's key pair for sealed sessions\n"
		        "  help      help on a command\n"
		        "\n"
		        "prescreen --version prints the version. prescreen help COMMAND for more.\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof usages / sizeof usages[0]; i++) {
		if (strcmp(usages[i].name, command) == 0) {
			fputs(usages[i].text, to);
			return 0;
		}
	}
	return -1;
}

int cmd_help(int argc, char **argv)
{
	if (argc < 1)
		return usage_print(NULL, 0), 0;
	if (usage_print(argv[0], 0) != 0) {
		fprintf(stderr, "prescreen: no command '%s'\n", argv[0]);
		return 2;
	}
	return 0;
}
