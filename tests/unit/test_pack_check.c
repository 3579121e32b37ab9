/* pack_check() on copies of tests/packs/good with one change each: the
 * lines it gives (file and line as a translator finds them, also in wrapped
 * and reordered catalogs), what it accepts (pt-BR, equivalent plural
 * formulas, reordered numbered placeholders) and what it counts as errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pack_check.h"
#include "pack_check_internal.h"

#define GOOD TEST_SOURCE_DIR "/tests/packs/good"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static char work[64];
static char pack_dir[128];

static int setup(void **state)
{
	char cmd[512];

	(void)state;
	strcpy(work, "/tmp/test_pack_check.XXXXXX");
	if (mkdtemp(work) == NULL)
		return -1;
	JOIN(pack_dir, "%s/pack", work);
	JOIN(cmd, "cp -r '%s' '%s'", GOOD, pack_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	JOIN(cmd, "rm -rf '%s'", work);
	return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Replaces the first old in the pack's file rel by new. */
static void edit(const char *rel, const char *old, const char *new)
{
	char path[256], *text, *hit, *out;

	JOIN(path, "%s/%s", pack_dir, rel);
	text = slurp(path);
	hit = strstr(text, old);
	if (hit == NULL)
		fail_msg("%s: no \"%s\"", rel, old);
	out = malloc(strlen(text) + strlen(new) + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(hit - text));
	strcpy(out + (hit - text), new);
	strcat(out, hit + strlen(old));
	spit(path, out);
	free(out);
	free(text);
}

/* The line in the pack's file rel where want starts a line. */
static int line_of(const char *rel, const char *want)
{
	char path[256], *text;
	int line = 1;

	JOIN(path, "%s/%s", pack_dir, rel);
	text = slurp(path);
	for (char *p = text; p != NULL && *p != '\0'; line++) {
		if (strncmp(p, want, strlen(want)) == 0) {
			free(text);
			return line;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	free(text);
	fail_msg("%s: no line \"%s\"", rel, want);
	return 0;
}

static int check(diag_list *d)
{
	memset(d, 0, sizeof *d);
	return pack_check(pack_dir, d);
}

static void assert_only(const diag_list *d, const char *want)
{
	if (d->count != 1 || strcmp(d->lines[0], want) != 0) {
		diag_print(d, stdout);
		fail_msg("expected only \"%s\"", want);
	}
}

static void test_good_pack_has_no_problem(void **state)
{
	diag_list d;

	(void)state;
	assert_int_equal(check(&d), 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
}

/* BCP 47 tools write pt-BR and zh-CN; both name the catalog. */
static void test_language_with_hyphen_is_accepted(void **state)
{
	diag_list d;

	(void)state;
	edit("po/pt_BR.po", "\"Language: pt_BR\\n\"", "\"Language: pt-BR\\n\"");
	edit("po/zh_CN.po", "\"Language: zh_CN\\n\"", "\"Language: zh-CN\\n\"");
	assert_int_equal(check(&d), 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	edit("po/zh_CN.po", "\"Language: zh-CN\\n\"", "\"Language: zh\\n\"");
	assert_int_equal(check(&d), 1);
	diag_free(&d);
}

/* A warning is listed but not counted: the pack may still be installed. */
static void test_warnings_are_not_errors(void **state)
{
	char want[256];
	diag_list d;
	FILE *f;

	(void)state;
	JOIN(want, "%s/po/de.po", pack_dir);
	f = fopen(want, "a");
	assert_non_null(f);
	fputs("\n#~ msgctxt \"q99|text\"\n#~ msgid \"Gone\"\n#~ msgstr \"Weg\"\n", f);
	fclose(f);
	assert_int_equal(check(&d), 0);
	JOIN(want, "%s/po/de.po:%d: warning: obsolete entry \"q99|text\" (#~): it is not used; "
	     "remove it", pack_dir, line_of("po/de.po", "#~ msgctxt \"q99|text\""));
	assert_only(&d, want);
	assert_int_equal(d.errors, 0);
	diag_free(&d);
}

/*
 * The line of an entry in a catalog as msgcat wraps it (msgctxt and msgid
 * over several lines) with an obsolete entry and previous-msgid comments
 * before it: found where the entry starts.
 */
static void test_lines_in_wrapped_catalog(void **state)
{
	char cmd[512], path[256], want[512];
	diag_list d;

	(void)state;
	JOIN(path, "%s/po/fr.po", pack_dir);
	JOIN(cmd, "msgcat -w 40 -o '%s.w' '%s' && mv '%s.w' '%s'", path, path, path, path);
	assert_int_equal(system(cmd), 0);
	edit("po/fr.po", "msgctxt \"q05|text\"", "#~ msgctxt \"q98|text\"\n#~ msgid \"Old\"\n"
	     "#~ msgstr \"Ancien\"\n\n#| msgctxt \"q05|text\"\n#| msgid \"Describe it.\"\n"
	     "msgctxt \"q05|text\"");
	edit("po/fr.po", "msgctxt \"q22|text\"", "#, fuzzy\nmsgctxt \"q22|text\"");
	assert_int_equal(check(&d), 1);
	assert_int_equal(d.count, 2);
	JOIN(want, "%s/po/fr.po:%d: warning: obsolete entry \"q98|text\"", pack_dir,
	     line_of("po/fr.po", "#~ msgctxt \"q98|text\""));
	assert_memory_equal(d.lines[0], want, strlen(want));
	JOIN(want, "%s/po/fr.po:%d: \"q22|text\" is fuzzy: review the translation and remove "
	     "the fuzzy flag", pack_dir, line_of("po/fr.po", "msgctxt \"q22|text\""));
	assert_string_equal(d.lines[1], want);
	diag_free(&d);
}

static void test_trailing_slash_makes_no_double_slash(void **state)
{
	char dir[160], want[256];
	diag_list d = { 0 };

	(void)state;
	JOIN(dir, "%s//", pack_dir);
	JOIN(want, "%s/po/hi.po", pack_dir);
	assert_int_equal(unlink(want), 0);
	assert_int_equal(pack_check(dir, &d), 1);
	JOIN(want, "%s/po/hi.po: missing: the pack has no catalog for Hindi (hi)", pack_dir);
	assert_only(&d, want);
	diag_free(&d);
}

/* Each error counts, in pack.json and the catalogs alike. */
static void test_every_error_counted(void **state)
{
	diag_list d;

	(void)state;
	edit("pack.json", "\"type\": \"situational\"", "\"type\": \"other\"");
	edit("po/es.po", "\"Language: es\\n\"", "\"Language: en\\n\"");
	edit("po/ja.po", "nplurals=1; plural=0;", "nplurals=2; plural=n!=1;");
	edit("po/ar.po", "msgctxt \"pack|role\"", "#, fuzzy\nmsgctxt \"pack|role\"");
	assert_int_equal(check(&d), 4);
	assert_int_equal(d.count, 4);
	diag_free(&d);
}

static void test_plural_forms_compared_by_meaning(void **state)
{
	static const struct {
		const char *lang, *value;
		int ok;
	} cases[] = {
		{ "de", "nplurals=2; plural=(n != 1);", 1 },
		{ "de", "nplurals=2; plural=n!=1;", 1 },
		{ "de", "nplurals=2; plural=n==1 ? 0 : 1;", 1 },
		{ "de", "nplurals=2; plural=(n > 1);", 0 },
		{ "fr", "nplurals=2; plural=n>1", 1 },
		{ "fr", "nplurals=2; plural=(n >= 2);", 1 },
		{ "pt_BR", "nplurals=2; plural=(n > 1);", 1 },
		{ "pt_BR", "nplurals=2; plural=(n != 1);", 1 },
		{ "pt_BR", "nplurals=2; plural=(n > 2);", 0 },
		{ "hi", "nplurals=2; plural=(n > 1);", 1 },
		{ "ja", "nplurals=1; plural=0;", 1 },
		{ "ja", "nplurals=1; plural=(n != 1);", 0 },   /* form 1 of 1 */
		{ "zh_CN", "nplurals=2; plural=0;", 0 },
		{ "ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
		        "(n%100>=3 && n%100<=10) ? 3 : (n%100>=11) ? 4 : 5);", 1 },
		{ "ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
		        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 4;", 0 },
		{ "ar", "nplurals=2; plural=(n != 1);", 0 },
		{ "es", "nplurals=2; plural=(n / 0);", 0 },
		{ "es", "nplurals=two; plural=(n != 1);", 0 },
		{ "es", "plural=(n != 1);", 0 },
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = pc_plural_check(cases[i].lang, cases[i].value, buf, sizeof buf);
		if ((why == NULL) != cases[i].ok)
			fail_msg("%s \"%s\": %s", cases[i].lang, cases[i].value,
			         why ? why : "accepted");
	}
}

/* As gettext's c-format check: numbered arguments may move, others not. */
static void test_placeholders_as_gettext_compares(void **state)
{
	static const struct {
		const char *msgid, *msgstr;
		int ok;
	} cases[] = {
		{ "%s has %d", "%s a %d", 1 },
		{ "%s has %d", "%d a %s", 0 },
		{ "%s has %d", "%2$d: %1$s", 1 },
		{ "%1$s has %2$d", "%2$d, %1$s", 1 },
		{ "%s has %d", "%s", 0 },
		{ "%d", "%i", 1 },           /* the same argument type */
		{ "%ld", "%d", 0 },
		{ "%5.2f", "%f", 1 },
		{ "100% sure", "sûr à 100 %", 1 },     /* prose, no directive */
		{ "50%% off", "-50%%", 1 },
		{ "50%% off", "-50% %d", 0 },
		{ "Hello {name}", "Bonjour {name}", 1 },
		{ "{a} and {b}", "{b} et {a}", 1 },
		{ "{name}", "{nom}", 0 },
		{ "{name}", "{name} {name}", 0 },
		{ "a <b>b</b>", "<b>b</b> a", 1 },
		{ "a <b>b</b>", "a b", 0 },
		{ "<a href=\"x\">x</a>", "<a href=\"y\">x</a>", 0 },
		{ "x < y > z", "x<y", 1 },            /* no tag: a space after < */
	};
	char why[1200];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pc_compare_format(cases[i].msgid, cases[i].msgstr, 0, why, sizeof why);
		if ((why[0] == '\0') != cases[i].ok)
			fail_msg("\"%s\" -> \"%s\": %s", cases[i].msgid, cases[i].msgstr,
			         why[0] ? why : "accepted");
	}
}

/* A catalog's invalid bytes are named; the entries after them still checked. */
static void test_invalid_utf8_then_rest_checked(void **state)
{
	char want[256];
	diag_list d;

	(void)state;
	edit("po/de.po", "Backend-Entwickler (m/w/d)\"\n", "Backend-Entwickler \xe4 (m/w/d)\"\n");
	edit("po/de.po", "msgctxt \"q22|text\"", "#, fuzzy\nmsgctxt \"q22|text\"");
	assert_int_equal(check(&d), 2);
	JOIN(want, "%s/po/de.po:%d: invalid UTF-8 (byte 0xe4)", pack_dir,
	     line_of("po/de.po", "msgstr \"Vorauswahl"));
	assert_string_equal(d.lines[0], want);
	JOIN(want, "%s/po/de.po:%d: \"q22|text\" is fuzzy", pack_dir,
	     line_of("po/de.po", "msgctxt \"q22|text\""));
	assert_memory_equal(d.lines[1], want, strlen(want));
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_pack_has_no_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_language_with_hyphen_is_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings_are_not_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lines_in_wrapped_catalog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash_makes_no_double_slash, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_every_error_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_then_rest_checked, setup, teardown),
		cmocka_unit_test(test_plural_forms_compared_by_meaning),
		cmocka_unit_test(test_placeholders_as_gettext_compares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
