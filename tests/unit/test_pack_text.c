/* A pack's strings read from po/<lang>.po by libgettextpo, checked against
 * the same catalogs compiled by msgfmt and read by libintl; fuzzy, obsolete
 * and untranslated entries, missing, broken and foreign catalogs fall back
 * to the source, with a line naming the file and never an exit. */
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
#include "i18n.h"
#include "lang.h"
#include "pack.h"
#include "pack_text.h"

#define PACK_DIR TEST_SOURCE_DIR "/questions/backend-developer"
#define DOMAIN "prescreen-pack-backend-developer"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static bool has_line(const diag_list *d, const char *want)
{
	for (int i = 0; i < d->count; i++)
		if (strstr(d->lines[i], want) != NULL)
			return true;
	return false;
}

#define assert_line(d, want) do { \
	if (!has_line((d), (want))) { \
		diag_print((d), stdout); \
		fail_msg("no line with \"%s\"", (want)); \
	} \
} while (0)

static const char *const FIELDS[6] = { "text", "look_for", "red_flag", "anchor_1", "anchor_3",
                                       "anchor_5" };

static const char *field_source(const pack_question *q, int f)
{
	return f == 0 ? q->text : f == 1 ? q->look_for : f == 2 ? q->red_flag : q->anchor[f - 3];
}

/* Every string of the bundled pack in all nine languages, as libintl reads
 * the compiled catalog. */
static void test_nine_languages_agree_with_libintl(void **state)
{
	int checked = 0, translated = 0;

	(void)state;
	i18n_init(TEST_BUILD_DIR "/locale");
	bindtextdomain(DOMAIN, TEST_BUILD_DIR "/locale");
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		diag_list d = { 0 };
		bool fell_back = true;
		pack_text *t = pack_text_open(PACK_DIR, code, &fell_back, &d);
		const pack *p;
		char ctx[PACK_SHORT + 16];

		assert_non_null(t);
		assert_false(fell_back);
		assert_int_equal(d.count, 0);
		assert_string_equal(pack_text_lang(t), code);
		i18n_use(code);
		p = pack_text_pack(t);
		assert_true(p->question_count >= 20);
		for (int i = 0; i < p->question_count; i++) {
			for (int f = 0; f < 6; f++) {
				const char *src = field_source(&p->questions[i], f), *got, *want;
				JOIN(ctx, "%s|%s", p->questions[i].id, FIELDS[f]);
				/* i18n_pgettext gives up on keys over 1 kB. */
				if (strlen(ctx) + strlen(src) + 2 > 1024)
					continue;
				got = pack_text_get(t, ctx);
				want = i18n_pgettext(DOMAIN, ctx, src);
				assert_non_null(got);
				assert_string_equal(got, want);
				translated += strcmp(code, "en") != 0 && strcmp(got, src) != 0;
				checked++;
			}
		}
		assert_string_equal(pack_text_get(t, "pack|title"),
		                    i18n_pgettext(DOMAIN, "pack|title", p->title));
		assert_string_equal(pack_text_get(t, "pack|role"),
		                    i18n_pgettext(DOMAIN, "pack|role", p->role));
		if (strcmp(code, "en") != 0)
			assert_string_not_equal(pack_text_get(t, "q01|text"), p->questions[0].text);
		/* Contexts the pack does not have. */
		assert_null(pack_text_get(t, "q99|text"));
		assert_null(pack_text_get(t, "q01|nope"));
		assert_null(pack_text_get(t, "pack|nope"));
		assert_null(pack_text_get(t, "nobar"));
		assert_null(pack_text_get(t, ""));
		pack_text_free(t);
		diag_free(&d);
	}
	printf("%d strings agree with libintl, %d of them translated\n", checked, translated);
	assert_true(translated > 8 * 20 * 6 * 9 / 10);
}

/* A pack folder of the bundled pack.json and one catalog written here. */
static char *pack_with(const char *lang, const char *po)
{
	char tmpl[] = TEST_BUILD_DIR "/pack-text-XXXXXX", cmd[4200], path[4200];
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	JOIN(cmd, "cp '%s/pack.json' '%s/' && mkdir '%s/po'", PACK_DIR, tmpl, tmpl);
	assert_int_equal(system(cmd), 0);
	if (po != NULL) {
		JOIN(path, "%s/po/%s.po", tmpl, lang);
		assert_non_null(f = fopen(path, "w"));
		fputs(po, f);
		fclose(f);
	}
	return strdup(tmpl);
}

static void remove_pack(char *dir)
{
	char cmd[4200];

	JOIN(cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

#define HEADER(lang) \
	"msgid \"\"\nmsgstr \"\"\n\"Language: " lang "\\n\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"

static void test_unfinished_entries_fall_back(void **state)
{
	char *dir = pack_with("fr", HEADER("fr")
		"#, fuzzy\nmsgctxt \"q01|text\"\nmsgid \"x\"\nmsgstr \"FLOU\"\n\n"
		"msgctxt \"q01|look_for\"\nmsgid \"x\"\nmsgstr \"\"\n\n"
		"#~ msgctxt \"q01|red_flag\"\n#~ msgid \"x\"\n#~ msgstr \"OBSOLETE\"\n\n"
		"msgctxt \"q01|anchor_3\"\nmsgid \"x\"\nmsgstr \"Trois\"\n\n"
		"msgctxt \"cal01|answer\"\nmsgid \"x\"\nmsgstr \"Réponse traduite\"\n\n"
		"msgctxt \"q02|text\"\nmsgid \"x\"\nmsgid_plural \"xs\"\n"
		"msgstr[0] \"PLURIEL\"\nmsgstr[1] \"PLURIELS\"\n");
	diag_list d = { 0 };
	bool fell_back = true;
	pack_text *t = pack_text_open(dir, "fr", &fell_back, &d);
	const pack *p;
	pack *mutable;
	pack_sample sample = { .id = "cal01", .question_id = "q01", .language = "en",
	                       .answer = "Source answer", .score = 4, .why = "Source why" };

	(void)state;
	assert_non_null(t);
	assert_false(fell_back);
	assert_int_equal(d.count, 0);
	p = pack_text_pack(t);
	assert_string_equal(pack_text_get(t, "q01|text"), p->questions[0].text);
	assert_string_equal(pack_text_get(t, "q01|look_for"), p->questions[0].look_for);
	assert_string_equal(pack_text_get(t, "q01|red_flag"), p->questions[0].red_flag);
	assert_string_equal(pack_text_get(t, "q01|anchor_3"), "Trois");
	assert_string_equal(pack_text_get(t, "q01|anchor_5"), p->questions[0].anchor[2]);
	assert_string_equal(pack_text_get(t, "q02|text"), p->questions[1].text);
	/* A translated sample the pack does not hold is no string at all. */
	assert_null(pack_text_get(t, "cal99|answer"));
	/* Samples are looked up in the pack as it is (pack.c fills them). */
	mutable = (pack *)p;
	pack_sample *saved = mutable->samples;
	int saved_count = mutable->sample_count;
	mutable->samples = &sample;
	mutable->sample_count = 1;
	assert_string_equal(pack_text_get(t, "cal01|answer"), "Réponse traduite");
	assert_string_equal(pack_text_get(t, "cal01|why"), "Source why");
	assert_null(pack_text_get(t, "cal01|score"));
	assert_null(pack_text_get(t, "cal02|answer"));
	mutable->samples = saved;
	mutable->sample_count = saved_count;
	pack_text_free(t);
	diag_free(&d);
	remove_pack(dir);
}

/* A catalog with a good header and nothing finished in it (found by
 * fuzz_po: qsort was handed a NULL array) reads as the source strings. */
static void test_catalog_with_nothing_finished(void **state)
{
	char *dir = pack_with("de", HEADER("de")
		"msgid \"untranslated, no msgctxt\"\nmsgstr \"y\"\n\n"
		"msgctxt \"q01|text\"\nmsgid \"x\"\nmsgstr \"\"\n");
	diag_list d = { 0 };
	bool fell_back = true;
	pack_text *t = pack_text_open(dir, "de", &fell_back, &d);
	const pack *p;

	(void)state;
	assert_non_null(t);
	assert_false(fell_back);
	assert_int_equal(d.count, 0);
	assert_string_equal(pack_text_lang(t), "de");
	p = pack_text_pack(t);
	assert_string_equal(pack_text_get(t, "q01|text"), p->questions[0].text);
	assert_string_equal(pack_text_get(t, "pack|title"), p->title);
	pack_text_free(t);
	diag_free(&d);
	remove_pack(dir);
}

/* Each case: no catalog, a broken one, one for another language, a
 * language that is not one of the nine. */
static void test_bad_catalogs_fall_back(void **state)
{
	static const struct {
		const char *lang, *file_lang, *po, *want;
	} cases[] = {
		{ "ja", "ja", NULL, "po/ja.po: warning: no catalog for ja" },
		{ "de", "de", HEADER("de") "msgctxt \"q01|text\"\nmsgid \"x\nmsgstr garbage\n\n"
		  "msgctxt \"q01|look_for\"\nmsgid \"x\"\nmsgstr \"Gut\"\n", "po/de.po:" },
		{ "de", "de", "\xff\xfe\x00binary", "po/de.po" },
		{ "es", "es", HEADER("pt_BR") "msgctxt \"q01|text\"\nmsgid \"x\"\nmsgstr \"Olá\"\n",
		  "the catalog is for \"pt_BR\", not \"es\"" },
		{ "ja", "ja", "msgid \"\"\nmsgstr \"\"\n\"Language: ja\\n\"\n"
		  "\"Content-Type: text/plain; charset=EUC-JP\\n\"\n\n"
		  "msgctxt \"q01|text\"\nmsgid \"x\"\nmsgstr \"\xc6\xfc\xcb\xdc\"\n",
		  "the catalog is not in UTF-8" },
		{ "../../etc/passwd", "xx", NULL, "is not one of the nine languages" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *dir = pack_with(cases[i].file_lang, cases[i].po);
		diag_list d = { 0 };
		bool fell_back = false;
		pack_text *t = pack_text_open(dir, cases[i].lang, &fell_back, &d);

		assert_non_null(t);
		assert_true(fell_back);
		assert_string_equal(pack_text_lang(t), "en");
		assert_int_equal(d.errors, 0);
		assert_true(d.count > 0);
		assert_line(&d, cases[i].want);
		assert_line(&d, "warning:");
		assert_string_equal(pack_text_get(t, "q01|text"), pack_text_pack(t)->questions[0].text);
		assert_string_equal(pack_text_get(t, "q01|look_for"),
		                    pack_text_pack(t)->questions[0].look_for);
		pack_text_free(t);
		diag_free(&d);
		remove_pack(dir);
	}
}

static void test_bad_pack_json(void **state)
{
	char *dir = pack_with("en", NULL), path[4200];
	diag_list d = { 0 };
	bool fell_back = false;
	FILE *f;

	(void)state;
	JOIN(path, "%s/pack.json", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("{\n  \"schema\": \"prescreen.pack.v1\",\n", f);
	fclose(f);
	assert_null(pack_text_open(dir, "en", &fell_back, &d));
	assert_true(d.errors > 0);
	assert_line(&d, "pack.json:");
	diag_free(&d);
	remove_pack(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nine_languages_agree_with_libintl),
		cmocka_unit_test(test_unfinished_entries_fall_back),
		cmocka_unit_test(test_catalog_with_nothing_finished),
		cmocka_unit_test(test_bad_catalogs_fall_back),
		cmocka_unit_test(test_bad_pack_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
