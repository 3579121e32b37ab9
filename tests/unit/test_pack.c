/*
 * test_pack.c — the bundled pack against the seed, and broken pack.json files
 * against the exact "file:line: message" a translator would be shown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hash.h"
#include "pack.h"
#include "packpot.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"

static const char general_look_for[] =
	"Clarity, directness, and self-awareness. A strong candidate answers the "
	"question precisely without filler or unnecessary tangents.";
static const char general_red_flag[] =
	"Unfocused answers that drift from what was asked.";
/* The seed's generic tip, replaced by a tip of each experience question's own. */
static const char seed_experience_look_for[] =
	"Specific roles, named companies, measurable outcomes, and clear career "
	"progression. Strong candidates reference concrete situations \xe2\x80\x94 "
	"not general statements about what they 'usually do.'";
static const char experience_red_flag[] =
	"Answers that never reference a specific project, employer, or measurable "
	"result.";

static char tmpdir[64];
static char packfile[128];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/prescreen-test-pack-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(packfile, sizeof packfile, "%s/pack.json", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(packfile);
	rmdir(tmpdir);
	return 0;
}

static void write_pack(const char *text)
{
	FILE *f = fopen(packfile, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* Whether d holds exactly "packfile:line: message". */
static int diag_has(const diag_list *d, int line, const char *message)
{
	char want[512];

	snprintf(want, sizeof want, "%s:%d: %s", packfile, line, message);
	for (int i = 0; i < d->count; i++)
		if (strcmp(d->lines[i], want) == 0)
			return 1;
	fprintf(stderr, "missing \"%s\"; got:\n", want);
	diag_print(d, stderr);
	return 0;
}

static void assert_released(const pack *p)
{
	assert_null(p->questions);
	assert_null(p->title);
	assert_null(p->role);
	assert_int_equal(p->question_count, 0);
	assert_null(p->samples);
	assert_int_equal(p->sample_count, 0);
}

/* Loads pack text that must fail; d is left for the caller to inspect. */
static void load_broken(const char *text, diag_list *d)
{
	pack p;

	write_pack(text);
	memset(d, 0, sizeof *d);
	assert_int_equal(pack_load(tmpdir, &p, d), -1);
	assert_released(&p);
	assert_true(d->errors > 0);
}

/*
 * A small valid pack; the broken ones below differ from it on one line, so
 * the line numbers in comments are the ones the messages must carry.
 */
#define MINI_HEAD \
	"{\n" \
	"  \"schema\": \"prescreen.pack.v1\",\n" \
	"  \"id\": \"mini\",\n" \
	"  \"version\": \"1\",\n" \
	"  \"source_language\": \"en\",\n" \
	"  \"title\": \"Mini\",\n" \
	"  \"role\": \"Tester\",\n" \
	"  \"questions\": [\n" \
	"    {\n" \
	"      \"id\": \"a1\",\n" \
	"      \"type\": \"general\",\n" \
	"      \"text\": \"First?\",\n" \
	"      \"look_for\": \"x\",\n" \
	"      \"red_flag\": \"y\",\n" \
	"      \"anchors\": { \"1\": \"w\", \"3\": \"a\", \"5\": \"s\" }\n" \
	"    },\n"
	/* line 17 opens the second question */

static void test_pack_bundled(void **state)
{
	static const char seed_types[] = "GGGGGGEEGGGEGGGEGEGEsm";
	diag_list d = { 0 };
	pack p;

	(void)state;
	assert_int_equal(pack_load(BUNDLED, &p, &d), 0);
	assert_int_equal(d.count, 0);
	assert_string_equal(p.id, "backend-developer");
	assert_string_equal(p.version, "1.2.0");
	assert_string_equal(p.role, "Backend Developer");
	assert_int_equal(p.question_count, 22);
	for (int i = 0; i < p.question_count; i++) {
		const pack_question *q = &p.questions[i];
		char id[16];
		question_type want = QTYPE_COUNT_;

		snprintf(id, sizeof id, "q%02d", i + 1);
		assert_string_equal(q->id, id);
		assert_ptr_equal(pack_find(&p, id), q);
		switch (seed_types[i]) {
		case 'G': want = QTYPE_GENERAL; break;
		case 'E': want = QTYPE_EXPERIENCE; break;
		case 's': want = QTYPE_SITUATIONAL; break;
		case 'm': want = QTYPE_MOTIVATION; break;
		}
		assert_int_equal(q->type, want);
		assert_true(strlen(q->text) > 10);
		assert_true(strlen(q->look_for) > 10);
		assert_true(strlen(q->red_flag) > 10);
		for (int k = 0; k < 3; k++)
			assert_true(strlen(q->anchor[k]) > 10);
		assert_string_not_equal(q->anchor[0], q->anchor[2]);
		if (want == QTYPE_GENERAL) {
			assert_string_equal(q->look_for, general_look_for);
			assert_string_equal(q->red_flag, general_red_flag);
		} else if (want == QTYPE_EXPERIENCE) {
			assert_string_not_equal(q->look_for, seed_experience_look_for);
			if (i > 0 && p.questions[i - 1].type == QTYPE_EXPERIENCE)
				assert_string_not_equal(q->look_for, p.questions[i - 1].look_for);
			assert_string_equal(q->red_flag, experience_red_flag);
		}
	}
	assert_string_equal(p.questions[11].text,
	    "Describe your experience with performance tuning.");
	assert_null(pack_find(&p, "q23"));
	pack_free(&p);
	assert_released(&p);
}

static void test_pack_hash_is_of_file_bytes(void **state)
{
	char want[HASH_TAGGED_LEN + 1];
	diag_list d = { 0 };
	pack p;

	(void)state;
	write_pack(MINI_HEAD
	    "    {\n"
	    "      \"id\": \"a2\",\n"
	    "      \"type\": \"experience\",\n"
	    "      \"text\": \"Second?\",\n"
	    "      \"look_for\": \"x\",\n"
	    "      \"red_flag\": \"y\",\n"
	    "      \"anchors\": { \"1\": \"w\", \"3\": \"a\", \"5\": \"s\" }\n"
	    "    }\n"
	    "  ]\n"
	    "}\n");
	/* A trailing slash must not show up as "//" in messages or dir. */
	char dir[80];
	snprintf(dir, sizeof dir, "%s/", tmpdir);
	assert_int_equal(pack_load(dir, &p, &d), 0);
	assert_string_equal(p.dir, tmpdir);
	assert_int_equal(p.question_count, 2);
	assert_int_equal(p.questions[1].type, QTYPE_EXPERIENCE);

	FILE *f = fopen(packfile, "rb");
	char buf[4096];
	size_t n;
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	hash_sha256_tagged(buf, n, want);
	assert_string_equal(p.hash, want);
	assert_memory_equal(p.hash, "sha256:", 7);
	pack_free(&p);
	diag_free(&d);
}

static void test_pack_type_names(void **state)
{
	question_type t;

	(void)state;
	for (int i = 0; i < QTYPE_COUNT_; i++) {
		assert_int_equal(pack_type_parse(pack_type_name((question_type)i), &t), 0);
		assert_int_equal(t, i);
	}
	assert_string_equal(pack_type_name(QTYPE_MOTIVATION), "motivation");
	assert_null(pack_type_name(QTYPE_COUNT_));
	assert_int_equal(pack_type_parse("General", &t), -1);
	assert_int_equal(pack_type_parse(NULL, &t), -1);
}

static void test_pack_bad_json(void **state)
{
	diag_list d;
	char want[256];

	(void)state;
	load_broken(MINI_HEAD
	    "  ],\n"        /* 17: the array closes after a trailing comma */
	    "}\n", &d);
	assert_int_equal(d.count, 1);
	snprintf(want, sizeof want, "%s:17: ", packfile);
	assert_memory_equal(d.lines[0], want, strlen(want));
	assert_non_null(strstr(d.lines[0], "expected"));
	diag_free(&d);
}

static void test_pack_missing_file(void **state)
{
	diag_list d = { 0 };
	pack p;

	(void)state;
	unlink(packfile);
	assert_int_equal(pack_load(tmpdir, &p, &d), -1);
	assert_released(&p);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.lines[0], "/pack.json: "));
	diag_free(&d);
}

#define SECOND(id, type, text, anchors) \
	"    {\n" \
	id \
	"      \"type\": \"" type "\",\n" \
	"      \"text\": \"" text "\",\n" \
	"      \"look_for\": \"x\",\n" \
	"      \"red_flag\": \"y\",\n" \
	"      \"anchors\": { " anchors " }\n" \
	"    }\n" \
	"  ]\n" \
	"}\n"
#define ANCHORS "\"1\": \"w\", \"3\": \"a\", \"5\": \"s\""

static void test_pack_missing_id(void **state)
{
	diag_list d;

	(void)state;
	load_broken(MINI_HEAD
	    SECOND("", "experience", "Second?", ANCHORS), &d);
	assert_true(diag_has(&d, 17, "question 2: missing \"id\""));
	assert_int_equal(d.errors, 1);
	diag_free(&d);

	/* The pack's own id: reported on the root object. */
	load_broken("{\n\"schema\": \"prescreen.pack.v1\", \"version\": \"1\",\n"
	    "\"source_language\": \"en\", \"title\": \"T\", \"role\": \"R\",\n"
	    "\"questions\": [{ \"id\": \"a\", \"type\": \"general\", \"text\": \"t\",\n"
	    "\"look_for\": \"l\", \"red_flag\": \"r\",\n"
	    "\"anchors\": { " ANCHORS " } }]}\n", &d);
	assert_true(diag_has(&d, 1, "missing \"id\""));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void test_pack_duplicate_id(void **state)
{
	diag_list d;

	(void)state;
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a1\",\n", "experience", "Second?", ANCHORS), &d);
	assert_true(diag_has(&d, 18,
	    "duplicate question id \"a1\" (first at line 10)"));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void test_pack_unknown_type(void **state)
{
	diag_list d;

	(void)state;
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "backgroud", "Second?", ANCHORS), &d);
	assert_true(diag_has(&d, 19, "question \"a2\": unknown type \"backgroud\" "
	    "(expected general, experience, behavioral, situational or motivation)"));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void test_pack_invalid_utf8(void **state)
{
	diag_list d;

	(void)state;
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "experience", "Sec\xff" "ond \xc3(",
	    ANCHORS), &d);
	assert_true(diag_has(&d, 20, "invalid UTF-8 (byte 0xff)"));
	/* One report per line is enough to find it. */
	assert_int_equal(d.errors, 1);
	diag_free(&d);

	/* Overlong encodings and surrogates are as invalid as stray bytes. */
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "experience", "\xc0\xaf", ANCHORS), &d);
	assert_true(diag_has(&d, 20, "invalid UTF-8 (byte 0xc0)"));
	diag_free(&d);
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "experience", "\xed\xa0\x80", ANCHORS),
	    &d);
	assert_true(diag_has(&d, 20, "invalid UTF-8 (byte 0xed)"));
	diag_free(&d);
}

static void test_pack_missing_anchor(void **state)
{
	diag_list d;

	(void)state;
	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "experience", "Second?",
	    "\"1\": \"w\", \"3\": \"a\""), &d);
	assert_true(diag_has(&d, 23, "question \"a2\": anchors: missing \"5\""));
	assert_int_equal(d.errors, 1);
	diag_free(&d);

	load_broken(MINI_HEAD
	    "    {\n"
	    "      \"id\": \"a2\",\n"
	    "      \"type\": \"experience\",\n"
	    "      \"text\": \"Second?\",\n"
	    "      \"look_for\": \"x\",\n"
	    "      \"red_flag\": \"y\"\n"
	    "    }\n"
	    "  ]\n"
	    "}\n", &d);
	assert_true(diag_has(&d, 17, "question \"a2\": missing \"anchors\" "
	    "(what scores 1, 3 and 5 look like)"));
	diag_free(&d);

	load_broken(MINI_HEAD
	    SECOND("      \"id\": \"a2\",\n", "experience", "Second?",
	    "\"1\": \"w\", \"3\": \"  \", \"5\": 5"), &d);
	assert_true(diag_has(&d, 23, "question \"a2\": anchors: \"3\" is empty"));
	assert_true(diag_has(&d, 23,
	    "question \"a2\": anchors: \"5\" must be a string"));
	assert_int_equal(d.errors, 2);
	diag_free(&d);
}

static void test_pack_many_problems_at_once(void **state)
{
	diag_list d;

	(void)state;
	load_broken(
	    "{\n"
	    "  \"schema\": \"prescreen.pack.v2\",\n"            /* 2 */
	    "  \"id\": \"Mini Pack\",\n"                        /* 3 */
	    "  \"version\": \"\",\n"                            /* 4 */
	    "  \"source_language\": \"it\",\n"                  /* 5 */
	    "  \"title\": 7,\n"                                 /* 6 */
	    "  \"questions\": [\n"                              /* 7 */
	    "    {\n"                                           /* 8 */
	    "      \"id\": \"a 1\",\n"                          /* 9 */
	    "      \"type\": \"general\",\n"
	    "      \"text\": \"Caf\xe9?\",\n"                   /* 11: Latin-1 */
	    "      \"look_for\": \"x\",\n"
	    "      \"red_flag\": \"y\",\n"
	    "      \"anchors\": { \"1\": \"w\", \"3\": \"a\", \"5\": \"s\" }\n"
	    "    },\n"
	    "    {\n"                                           /* 16 */
	    "      \"id\": \"a2\",\n"                           /* 17 */
	    "      \"type\": \"situation\",\n"                  /* 18 */
	    "      \"text\": \"Second?\",\n"
	    "      \"look_for\": \"x\",\n"
	    "      \"red_flag\": \"y\",\n"
	    "      \"anchors\": { \"1\": \"w\", \"5\": \"s\", \"4\": \"?\" }\n"
	    "    },\n"
	    "    {\n"                                           /* 24 */
	    "      \"id\": \"a2\",\n"                           /* 25 */
	    "      \"type\": \"motivation\",\n"
	    "      \"text\": \"Third?\",\n"
	    "      \"look_for\": \"x\",\n"
	    "      \"red_flag\": \"y\",\n"
	    "      \"anchors\": { \"1\": \"w\", \"3\": \"a\", \"5\": \"s\" },\n"
	    "      \"look-for\": \"typo\"\n"                    /* 31 */
	    "    }\n"
	    "  ]\n"
	    "}\n", &d);
	assert_true(diag_has(&d, 11, "invalid UTF-8 (byte 0xe9)"));
	assert_true(diag_has(&d, 2, "unknown schema \"prescreen.pack.v2\" "
	    "(expected \"prescreen.pack.v1\")"));
	assert_true(diag_has(&d, 3, "\"id\" \"Mini Pack\" must match "
	    "[a-z0-9][a-z0-9-]* (at most 63 characters)"));
	assert_true(diag_has(&d, 4, "\"version\" is empty"));
	assert_true(diag_has(&d, 5, "\"source_language\" \"it\" is not one of en, "
	    "es, fr, de, pt_BR, ar, hi, zh_CN, ja"));
	assert_true(diag_has(&d, 6, "\"title\" must be a string"));
	assert_true(diag_has(&d, 1, "missing \"role\""));
	assert_true(diag_has(&d, 9,
	    "question \"a 1\": \"id\" must be 1 to 63 of A-Z a-z 0-9 _ -"));
	assert_true(diag_has(&d, 18, "question \"a2\": unknown type \"situation\" "
	    "(expected general, experience, behavioral, situational or motivation)"));
	assert_true(diag_has(&d, 22, "question \"a2\": anchors: missing \"3\""));
	assert_true(diag_has(&d, 22,
	    "warning: question \"a2\": anchors: unknown key \"4\""));
	assert_true(diag_has(&d, 25,
	    "duplicate question id \"a2\" (first at line 17)"));
	assert_true(diag_has(&d, 31,
	    "warning: question \"a2\": unknown key \"look-for\""));
	assert_int_equal(d.errors, 11);
	assert_int_equal(d.count, 13);
	diag_free(&d);
}

static void test_pack_shapes(void **state)
{
	diag_list d;

	(void)state;
	load_broken("[1, 2]\n", &d);
	assert_true(diag_has(&d, 1, "the top level must be an object"));
	diag_free(&d);

	load_broken("{\n\"schema\": \"prescreen.pack.v1\", \"id\": \"x\",\n"
	    "\"version\": \"1\", \"source_language\": \"en\", \"title\": \"T\",\n"
	    "\"role\": \"R\",\n"
	    "\"questions\": []\n}\n", &d);
	assert_true(diag_has(&d, 5, "\"questions\" is empty"));
	diag_free(&d);

	load_broken("{\n\"schema\": \"prescreen.pack.v1\", \"id\": \"x\",\n"
	    "\"version\": \"1\", \"source_language\": \"en\", \"title\": \"T\",\n"
	    "\"role\": \"R\",\n"
	    "\"questions\": [\n 3,\n { }\n]\n}\n", &d);
	assert_true(diag_has(&d, 6, "question 1 must be an object"));
	assert_true(diag_has(&d, 7, "question 2: missing \"id\""));
	assert_true(diag_has(&d, 7, "question 2: missing \"anchors\" "
	    "(what scores 1, 3 and 5 look like)"));
	assert_int_equal(d.errors, 7);
	diag_free(&d);

	/* jansson's own duplicate-key check, with its line. */
	load_broken("{\n\"id\": \"x\",\n\"id\": \"y\"\n}\n", &d);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.lines[0], ":3: duplicate object key"));
	diag_free(&d);
}

/* Whether s holds the whole text of one of question q's anchors. */
static int quotes_an_anchor(const char *s, const pack_question *q)
{
	for (int k = 0; k < 3; k++)
		if (strstr(s, q->anchor[k]) != NULL)
			return 1;
	return 0;
}

static void test_pack_bundled_samples(void **state)
{
	diag_list d = { 0 };
	int seen_score[6] = { 0 };
	pack p;

	(void)state;
	assert_int_equal(pack_load(BUNDLED, &p, &d), 0);
	assert_true(p.sample_count >= 5);
	for (int i = 0; i < p.sample_count; i++) {
		const pack_sample *s = &p.samples[i];
		const pack_question *q = pack_find(&p, s->question_id);
		char id[16];

		snprintf(id, sizeof id, "cal%02d", i + 1);
		assert_string_equal(s->id, id);
		assert_non_null(q);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(p.samples[j].question_id, s->question_id);
		assert_string_equal(s->language, "en");
		assert_true(s->score >= 1 && s->score <= 5);
		seen_score[s->score]++;
		assert_true(strlen(s->answer) > 40);
		/* The reference score is argued from the rubric, not from taste. */
		if (!quotes_an_anchor(s->why, q))
			fail_msg("%s: \"why\" quotes none of %s's anchors", s->id, q->id);
	}
	for (int score = 1; score <= 5; score++)
		if (seen_score[score] == 0)
			fail_msg("no sample with reference score %d", score);
	pack_free(&p);
	assert_released(&p);
	diag_free(&d);
}

/* MINI_HEAD's questions a1 and a2, then "calibration" from line 26 on. */
#define MINI_QUESTIONS MINI_HEAD \
	"    {\n" \
	"      \"id\": \"a2\",\n" \
	"      \"type\": \"experience\",\n" \
	"      \"text\": \"Second?\",\n" \
	"      \"look_for\": \"x\",\n" \
	"      \"red_flag\": \"y\",\n" \
	"      \"anchors\": { \"1\": \"w\", \"3\": \"a\", \"5\": \"s\" }\n" \
	"    }\n" \
	"  ],\n"
#define SAMPLE(id, question, lang, score) \
	"    {\n" \
	"      \"id\": \"" id "\",\n" \
	"      \"question_id\": \"" question "\",\n" \
	"      \"language\": \"" lang "\",\n" \
	"      \"answer\": \"i did \\\"some\\\" of it\",\n" \
	"      \"score\": " score ",\n" \
	"      \"why\": \"Anchor 1: w\"\n" \
	"    }"

static void test_pack_samples(void **state)
{
	diag_list d = { 0 };
	pack p;

	(void)state;
	write_pack(MINI_QUESTIONS
	    "  \"calibration\": [\n"
	    SAMPLE("cal01", "a2", "en", "1") ",\n"
	    SAMPLE("s-2_B", "a1", "zh_CN", "5") "\n"
	    "  ]\n"
	    "}\n");
	assert_int_equal(pack_load(tmpdir, &p, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(p.sample_count, 2);
	assert_string_equal(p.samples[0].id, "cal01");
	assert_string_equal(p.samples[0].question_id, "a2");
	assert_string_equal(p.samples[0].language, "en");
	assert_string_equal(p.samples[0].answer, "i did \"some\" of it");
	assert_int_equal(p.samples[0].score, 1);
	assert_string_equal(p.samples[0].why, "Anchor 1: w");
	assert_string_equal(p.samples[1].id, "s-2_B");
	assert_string_equal(p.samples[1].question_id, "a1");
	assert_string_equal(p.samples[1].language, "zh_CN");
	assert_int_equal(p.samples[1].score, 5);
	pack_free(&p);
	assert_released(&p);

	/* Samples are optional, and an empty list is no list. */
	write_pack(MINI_QUESTIONS "  \"calibration\": []\n}\n");
	assert_int_equal(pack_load(tmpdir, &p, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(p.sample_count, 0);
	assert_null(p.samples);
	pack_free(&p);
	diag_free(&d);
}

static void test_pack_bad_samples(void **state)
{
	diag_list d;

	(void)state;
	/* Line 26 opens "calibration"; each sample is 8 lines (27-34, 35-42 ...), its score on the 6th. */
	load_broken(MINI_QUESTIONS
	    "  \"calibration\": [\n"
	    SAMPLE("cal01", "a3", "en", "3") ",\n"        /* 29: question_id */
	    SAMPLE("cal02", "a1", "en", "6") ",\n"        /* 40: score */
	    SAMPLE("cal03", "a1", "en", "0") ",\n"        /* 48: score */
	    SAMPLE("cal04", "a1", "en", "4.5") ",\n"      /* 56: score */
	    SAMPLE("cal01", "a1", "en", "2") ",\n"        /* 60: id */
	    SAMPLE("cal06", "a1", "it", "2") ",\n"        /* 70: language */
	    SAMPLE("cal07", "a1", "pt-BR", "2") ",\n"     /* 78: language */
	    "    {\n"                                      /* 83 */
	    "      \"id\": \"cal08\",\n"
	    "      \"question_id\": \"a1\",\n"
	    "      \"answer\": \" \",\n"                   /* 86 */
	    "      \"score\": \"3\",\n"                    /* 87 */
	    "      \"comment\": \"typo of why\"\n"         /* 88 */
	    "    },\n"
	    "    \"cal09\",\n"                             /* 90 */
	    "    { \"question_id\": \"a1\", \"language\": \"en\", \"answer\": \"a\",\n"
	    "      \"why\": \"b\" }\n"                     /* 91-92 */
	    "  ]\n"
	    "}\n", &d);
	assert_true(diag_has(&d, 29,
	    "sample \"cal01\": \"question_id\" \"a3\" is not a question of this pack"));
	assert_true(diag_has(&d, 40, "sample \"cal02\": \"score\" 6 is outside 1 to 5"));
	assert_true(diag_has(&d, 48, "sample \"cal03\": \"score\" 0 is outside 1 to 5"));
	assert_true(diag_has(&d, 56,
	    "sample \"cal04\": \"score\" must be a whole number from 1 to 5"));
	assert_true(diag_has(&d, 60,
	    "duplicate sample id \"cal01\" (first at line 28)"));
	assert_true(diag_has(&d, 70, "sample \"cal06\": \"language\" \"it\" is not "
	    "one of en, es, fr, de, pt_BR, ar, hi, zh_CN, ja"));
	assert_true(diag_has(&d, 78, "sample \"cal07\": \"language\" \"pt-BR\" is not "
	    "one of en, es, fr, de, pt_BR, ar, hi, zh_CN, ja"));
	assert_true(diag_has(&d, 83, "sample \"cal08\": missing \"language\""));
	assert_true(diag_has(&d, 86, "sample \"cal08\": \"answer\" is empty"));
	assert_true(diag_has(&d, 87,
	    "sample \"cal08\": \"score\" must be a whole number from 1 to 5"));
	assert_true(diag_has(&d, 83, "sample \"cal08\": missing \"why\""));
	assert_true(diag_has(&d, 88,
	    "warning: sample \"cal08\": unknown key \"comment\""));
	assert_true(diag_has(&d, 90, "calibration sample 9 must be an object"));
	assert_true(diag_has(&d, 91, "calibration sample 10: missing \"id\""));
	assert_true(diag_has(&d, 91, "calibration sample 10: missing \"score\""));
	assert_int_equal(d.errors, 14);
	assert_int_equal(d.count, 15);
	diag_free(&d);

	load_broken(MINI_QUESTIONS
	    "  \"calibration\": { \"cal01\": 1 }\n"         /* 26 */
	    "}\n", &d);
	assert_true(diag_has(&d, 26, "\"calibration\" must be an array"));
	assert_int_equal(d.count, 1);
	diag_free(&d);
}

/* The template a translator gets carries each sample's answer and why. */
static void test_pack_pot_samples(void **state)
{
	diag_list d = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	pack p;

	(void)state;
	write_pack(MINI_QUESTIONS
	    "  \"calibration\": [\n"
	    SAMPLE("cal01", "a2", "en", "4") "\n"
	    "  ]\n"
	    "}\n");
	assert_int_equal(pack_load(tmpdir, &p, &d), 0);
	assert_non_null(out = open_memstream(&text, &len));
	assert_int_equal(packpot_write(&p, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text,
	    "\n#. cal01 (calibration sample for a2, reference score 4 of 5): an answer "
	    "as a candidate typed it, for reviewers to practise scoring on; keep its "
	    "informal tone, its gaps and its mistakes\n"
	    "msgctxt \"cal01|answer\"\n"
	    "msgid \"i did \\\"some\\\" of it\"\n"
	    "msgstr \"\"\n"));
	assert_non_null(strstr(text,
	    "\n#. cal01 (calibration sample for a2, reference score 4 of 5): for "
	    "reviewers: why the sample got that score, quoting the question's scoring "
	    "anchors; use the anchors' translations\n"
	    "msgctxt \"cal01|why\"\n"
	    "msgid \"Anchor 1: w\"\n"
	    "msgstr \"\"\n"));
	/* After the questions, so msgmerge appends them to existing catalogs. */
	assert_true(strstr(text, "cal01|answer") > strstr(text, "a2|anchor_5"));
	assert_string_equal(packpot_sample_source(&p.samples[0], "why"), "Anchor 1: w");
	assert_null(packpot_sample_source(&p.samples[0], "text"));
	free(text);
	pack_free(&p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_bundled),
		cmocka_unit_test(test_pack_hash_is_of_file_bytes),
		cmocka_unit_test(test_pack_type_names),
		cmocka_unit_test(test_pack_bad_json),
		cmocka_unit_test(test_pack_missing_file),
		cmocka_unit_test(test_pack_missing_id),
		cmocka_unit_test(test_pack_duplicate_id),
		cmocka_unit_test(test_pack_unknown_type),
		cmocka_unit_test(test_pack_invalid_utf8),
		cmocka_unit_test(test_pack_missing_anchor),
		cmocka_unit_test(test_pack_many_problems_at_once),
		cmocka_unit_test(test_pack_shapes),
		cmocka_unit_test(test_pack_bundled_samples),
		cmocka_unit_test(test_pack_samples),
		cmocka_unit_test(test_pack_bad_samples),
		cmocka_unit_test(test_pack_pot_samples),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
