/*
 * test_pack_install.c — .mo catalogs written by mo_write read back the same
 * as msgfmt's (msgunfmt of both) and through gettext itself; pack_install's
 * layout, the switch of `current`, a reinstall, a refused pack that changes
 * nothing, leftovers of an interrupted install, pack_list and
 * pack_installed_find.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "i18n.h"
#include "mo_write.h"
#include "pack_install.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"

#if defined(__SANITIZE_ADDRESS__)
/* libgettextpo keeps allocations of its own past po_file_free (as
 * app/review/pack_text.c says, which the kiosk links but this test does not). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgettextpo\n";
}
#endif

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/prescreen-test-packinst-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	i18n_init(TEST_BUILD_DIR "/locale");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static const char sample_po[] =
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Language: de\\n\"\n"
	"\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
	"\n"
	"msgctxt \"q01|text\"\n"
	"msgid \"Tell us about yourself.\"\n"
	"msgstr \"Erzählen Sie uns von sich.\"\n"
	"\n"
	"msgctxt \"q02|text\"\n"
	"msgid \"Tell us about yourself.\"\n"
	"msgstr \"Stellen Sie sich bitte kurz vor.\"\n"
	"\n"
	"msgid \"Next\"\n"
	"msgstr \"Weiter\"\n"
	"\n"
	"msgid \"%d minute left\"\n"
	"msgid_plural \"%d minutes left\"\n"
	"msgstr[0] \"Noch %d Minute\"\n"
	"msgstr[1] \"Noch %d Minuten\"\n"
	"\n"
	"msgctxt \"timer\"\n"
	"msgid \"%d second\"\n"
	"msgid_plural \"%d seconds\"\n"
	"msgstr[0] \"%d Sekunde\"\n"
	"msgstr[1] \"%d Sekunden\"\n"
	"\n"
	"#, fuzzy\n"
	"msgid \"Back\"\n"
	"msgstr \"Zurück\"\n"
	"\n"
	"msgid \"Untranslated\"\n"
	"msgstr \"\"\n"
	"\n"
	"msgid \"A \\\"quoted\\\" line\\nand a second\"\n"
	"msgstr \"Eine \\\"zitierte\\\" Zeile\\nund eine zweite\"\n"
	"\n"
	"#~ msgid \"Gone\"\n"
	"#~ msgstr \"Weg\"\n";

/* msgunfmt of ours and of msgfmt's: the same catalog, entry for entry. */
static void assert_same_as_msgfmt(const char *po, const char *mo)
{
	char ref[256], a[256], b[256];
	char *x, *y;

	snprintf(ref, sizeof ref, "%s/ref.mo", tmpdir);
	snprintf(a, sizeof a, "%s/ours.txt", tmpdir);
	snprintf(b, sizeof b, "%s/ref.txt", tmpdir);
	run("msgfmt -o '%s' '%s'", ref, po);
	run("msgunfmt -o '%s' '%s'", a, mo);
	run("msgunfmt -o '%s' '%s'", b, ref);
	x = slurp(a);
	y = slurp(b);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void test_mo_matches_msgfmt(void **state)
{
	char po[256], mo[256];
	diag_list d = { 0 };
	char *text;

	(void)state;
	snprintf(po, sizeof po, "%s/sample.po", tmpdir);
	snprintf(mo, sizeof mo, "%s/sample.mo", tmpdir);
	write_text(po, sample_po);
	assert_int_equal(mo_write(po, mo, &d), 0);
	assert_int_equal(d.count, 0);
	assert_same_as_msgfmt(po, mo);

	/* Left out as msgfmt leaves them out. */
	snprintf(po, sizeof po, "%s/ours.txt", tmpdir);
	text = slurp(po);
	assert_null(strstr(text, "Zurück"));
	assert_null(strstr(text, "Untranslated"));
	assert_null(strstr(text, "Weg"));
	assert_non_null(strstr(text, "msgctxt \"q02|text\""));
	free(text);
}

/* The real catalogs of the bundled pack, all nine. */
static void test_mo_bundled_catalogs(void **state)
{
	static const char *const langs[] = {
		"en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja",
	};
	char po[512], mo[256];
	diag_list d = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		snprintf(po, sizeof po, "%s/po/%s.po", BUNDLED, langs[i]);
		snprintf(mo, sizeof mo, "%s/%s.mo", tmpdir, langs[i]);
		assert_int_equal(mo_write(po, mo, &d), 0);
		assert_same_as_msgfmt(po, mo);
	}
	diag_free(&d);
}

/* gettext itself finds every kind of entry in our file. */
static void test_mo_gettext_lookup(void **state)
{
	char po[256], dir[256], mo[320];
	diag_list d = { 0 };

	(void)state;
	snprintf(po, sizeof po, "%s/sample.po", tmpdir);
	write_text(po, sample_po);
	snprintf(dir, sizeof dir, "%s/locale/de/LC_MESSAGES", tmpdir);
	run("mkdir -p '%s'", dir);
	snprintf(mo, sizeof mo, "%s/prescreen-test-mo.mo", dir);
	assert_int_equal(mo_write(po, mo, &d), 0);
	snprintf(dir, sizeof dir, "%s/locale", tmpdir);
	bindtextdomain("prescreen-test-mo", dir);
	bind_textdomain_codeset("prescreen-test-mo", "UTF-8");
	i18n_use("de");

	assert_string_equal(i18n_pgettext("prescreen-test-mo", "q01|text", "Tell us about yourself."),
	                    "Erzählen Sie uns von sich.");
	assert_string_equal(i18n_pgettext("prescreen-test-mo", "q02|text", "Tell us about yourself."),
	                    "Stellen Sie sich bitte kurz vor.");
	assert_string_equal(dgettext("prescreen-test-mo", "Next"), "Weiter");
	assert_string_equal(dngettext("prescreen-test-mo", "%d minute left", "%d minutes left", 1),
	                    "Noch %d Minute");
	assert_string_equal(dngettext("prescreen-test-mo", "%d minute left", "%d minutes left", 5),
	                    "Noch %d Minuten");
	assert_string_equal(dngettext("prescreen-test-mo", "timer\004%d second", "%d seconds", 2),
	                    "%d Sekunden");
	assert_string_equal(dgettext("prescreen-test-mo", "A \"quoted\" line\nand a second"),
	                    "Eine \"zitierte\" Zeile\nund eine zweite");
	/* Fuzzy and untranslated: the source, as with msgfmt's catalogs. */
	assert_string_equal(dgettext("prescreen-test-mo", "Back"), "Back");
	assert_string_equal(dgettext("prescreen-test-mo", "Untranslated"), "Untranslated");
	i18n_use("en");
}

static void test_mo_bad_po(void **state)
{
	char po[256], mo[256];
	diag_list d = { 0 };

	(void)state;
	snprintf(po, sizeof po, "%s/bad.po", tmpdir);
	snprintf(mo, sizeof mo, "%s/bad.mo", tmpdir);
	write_text(po, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
	               "msgid \"a\"\nmsgstr \"b\n");
	assert_int_equal(mo_write(po, mo, &d), -1);
	assert_true(d.errors > 0);
	/* file:line: what is wrong, the line msgfmt names too. */
	char want[300];
	snprintf(want, sizeof want, "%s:7: end-of-line within string", po);
	int found = 0;
	for (int i = 0; i < d.count; i++)
		found |= strncmp(d.lines[i], want, strlen(want)) == 0;
	if (!found)
		diag_print(&d, stderr);
	assert_true(found);
	assert_int_equal(access(mo, F_OK), -1);
	diag_free(&d);
}

/* A copy of the bundled pack, with version and German q01 text set. */
static void make_pack(const char *dir, const char *version, const char *de_q01)
{
	run("rm -rf '%s' && mkdir -p '%s/po' && cp '%s'/po/*.po '%s/po/' && "
	    "sed 's/\"version\": *\"[^\"]*\"/\"version\": \"%s\"/' '%s/pack.json' > '%s/pack.json'",
	    dir, dir, BUNDLED, dir, version, BUNDLED, dir);
	if (de_q01)
		run("python3 - '%s/po/de.po' '%s' <<'PY'\n"
		    "import sys, re\n"
		    "p, new = sys.argv[1], sys.argv[2]\n"
		    "s = open(p, encoding='utf-8').read()\n"
		    "i = s.index('msgctxt \"q01|text\"')\n"
		    "j = s.index('msgstr ', i)\n"
		    "k = s.index('\\n\\n', j)\n"
		    "s = s[:j] + 'msgstr \"' + new + '\"' + s[k:]\n"
		    "open(p, 'w', encoding='utf-8').write(s)\n"
		    "PY", dir, de_q01);
}

/* A data directory pack_install creates itself. */
static void data_dir(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
	run("rm -rf '%s'", out);
}

static void install_ok(const char *src, const char *data, pack_installed *out)
{
	diag_list d = { 0 };

	if (pack_install(src, data, out, &d) != 0) {
		diag_print(&d, stderr);
		fail_msg("install of %s failed", src);
	}
	diag_free(&d);
}

static void read_link(const char *path, char *out, size_t len)
{
	ssize_t n = readlink(path, out, len - 1);

	assert_true(n > 0);
	out[n] = '\0';
}

static void test_install_layout(void **state)
{
	char src[256], data[256], path[PATH_MAX * 2], target[PATH_MAX * 2];
	pack_installed got, found;
	struct stat st;
	pack p;
	diag_list d = { 0 };

	(void)state;
	snprintf(src, sizeof src, "%s/src-a", tmpdir);
	make_pack(src, "2.0.0", NULL);
	data_dir(data, sizeof data, "data-layout");
	install_ok(src, data, &got);
	assert_int_equal(pack_load(src, &p, &d), 0);
	assert_string_equal(got.id, "backend-developer");
	assert_string_equal(got.version, "2.0.0");
	assert_string_equal(got.hash, p.hash);
	assert_true(got.current);
	snprintf(path, sizeof path, "%s/packs-installed/backend-developer/2.0.0-%.12s", data,
	         p.hash + 7);
	assert_string_equal(got.dir, path);
	snprintf(path, sizeof path, "%s/packs-installed/backend-developer/current", data);
	read_link(path, target, sizeof target);
	snprintf(path, sizeof path, "2.0.0-%.12s", p.hash + 7);
	assert_string_equal(target, path);

	/* pack.json byte for byte, every catalog, each compiled. */
	snprintf(path, sizeof path, "cmp -s '%s/pack.json' '%s/pack.json'", src, got.dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof path, "%s/po/ja.po", got.dir);
	assert_int_equal(stat(path, &st), 0);
	/* Like the rest of the data directory: the kiosk's user only. */
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/locale/ja/LC_MESSAGES/prescreen-pack-backend-developer.mo",
	         got.dir);
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof path, "%s/po/ja.po", got.dir);
	snprintf(target, sizeof target,
	         "%s/locale/ja/LC_MESSAGES/prescreen-pack-backend-developer.mo", got.dir);
	assert_same_as_msgfmt(path, target);

	assert_int_equal(pack_installed_find(data, "backend-developer", &found), 0);
	assert_string_equal(found.dir, got.dir);
	assert_string_equal(found.hash, p.hash);
	assert_int_equal(pack_installed_find(data, "other-pack", &found), 1);
	assert_int_equal(pack_installed_find(data, "../x", &found), 1);
	pack_free(&p);
	diag_free(&d);
}

static void test_install_switch_and_list(void **state)
{
	char a[256], b[256], data[256], path[PATH_MAX * 2];
	pack_installed first, second, again, found, *list;
	int n;
	diag_list d = { 0 };

	(void)state;
	snprintf(a, sizeof a, "%s/src-1", tmpdir);
	snprintf(b, sizeof b, "%s/src-2", tmpdir);
	make_pack(a, "1.9", NULL);
	make_pack(b, "1.10", "Erzählen Sie uns, was Sie heute hierher führt.");
	data_dir(data, sizeof data, "data-switch");
	assert_int_equal(pack_list(data, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);

	install_ok(a, data, &first);
	install_ok(b, data, &second);
	assert_string_not_equal(first.dir, second.dir);
	assert_int_equal(pack_installed_find(data, "backend-developer", &found), 0);
	assert_string_equal(found.version, "1.10");

	/* Both versions stay; by version, 1.10 after 1.9; the current one marked. */
	assert_int_equal(pack_list(data, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].version, "1.9");
	assert_false(list[0].current);
	assert_string_equal(list[1].version, "1.10");
	assert_true(list[1].current);
	assert_string_equal(list[1].hash, second.hash);
	free(list);

	/* The current version again: nothing changes, no error. */
	install_ok(b, data, &again);
	assert_string_equal(again.dir, second.dir);
	assert_true(again.current);

	/* Back to the older one: the folder is there, only `current` moves. */
	install_ok(a, data, &again);
	assert_string_equal(again.dir, first.dir);
	assert_int_equal(pack_installed_find(data, "backend-developer", &found), 0);
	assert_string_equal(found.version, "1.9");
	snprintf(path, sizeof path, "%s/packs-installed/backend-developer/current.tmp", data);
	assert_int_equal(access(path, F_OK), -1);
	diag_free(&d);
}

static void test_install_refused_changes_nothing(void **state)
{
	char good[256], bad[256], data[256], before[PATH_MAX * 2], after[PATH_MAX * 2];
	pack_installed got, found;
	diag_list d = { 0 };

	(void)state;
	snprintf(good, sizeof good, "%s/src-good", tmpdir);
	snprintf(bad, sizeof bad, "%s/src-bad", tmpdir);
	make_pack(good, "3.0", NULL);
	make_pack(bad, "3.1", NULL);
	/* A placeholder the source does not have: pack_check refuses it. */
	run("sed -i '0,/^msgstr \"[^\"]/s//msgstr \"%%s /' '%s/po/fr.po'", bad);
	data_dir(data, sizeof data, "data-refused");
	install_ok(good, data, &got);
	snprintf(before, sizeof before, "find '%s' | sort > '%s/before.txt'", data, tmpdir);
	assert_int_equal(system(before), 0);

	assert_int_equal(pack_install(bad, data, &got, &d), -1);
	assert_true(d.errors > 0);
	snprintf(after, sizeof after, "find '%s' | sort > '%s/after.txt'", data, tmpdir);
	assert_int_equal(system(after), 0);
	snprintf(after, sizeof after, "cmp -s '%s/before.txt' '%s/after.txt'", tmpdir, tmpdir);
	assert_int_equal(system(after), 0);
	assert_int_equal(pack_installed_find(data, "backend-developer", &found), 0);
	assert_string_equal(found.version, "3.0");
	diag_free(&d);
}

static void test_install_removes_leftovers(void **state)
{
	char src[256], data[256], path[PATH_MAX * 2];
	pack_installed got;

	(void)state;
	snprintf(src, sizeof src, "%s/src-left", tmpdir);
	make_pack(src, "4.0", NULL);
	data_dir(data, sizeof data, "data-left");
	/* What a kill -9 in the middle of an install leaves. */
	run("mkdir -p '%s/packs-installed/backend-developer/.tmp-999-4.0-abc/po' && "
	    "touch '%s/packs-installed/backend-developer/.tmp-999-4.0-abc/po/de.po' && "
	    "ln -s nowhere '%s/packs-installed/backend-developer/current.tmp'", data, data, data);
	install_ok(src, data, &got);
	snprintf(path, sizeof path, "%s/packs-installed/backend-developer/.tmp-999-4.0-abc", data);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof path, "%s/packs-installed/backend-developer/current.tmp", data);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof path, "ls -A '%s/packs-installed/backend-developer' | "
	         "grep -c . | grep -qx 2", data);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mo_matches_msgfmt),
		cmocka_unit_test(test_mo_bundled_catalogs),
		cmocka_unit_test(test_mo_gettext_lookup),
		cmocka_unit_test(test_mo_bad_po),
		cmocka_unit_test(test_install_layout),
		cmocka_unit_test(test_install_switch_and_list),
		cmocka_unit_test(test_install_refused_changes_nothing),
		cmocka_unit_test(test_install_removes_leftovers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
