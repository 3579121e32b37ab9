/*
 * test_event.c — event defaults for the bundled pack, every check of an event
 * file with the line it must name, the seed-mix warnings, and what the event
 * hash does and does not cover.
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

#include "event.h"
#include "lang.h"
#include "seal.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"
#define DEFAULT_EVENT TEST_SOURCE_DIR "/assets/default-event.json"

static pack bundled;
static char tmpdir[64];
static char evfile[128];

static int setup(void **state)
{
	diag_list d = { 0 };

	(void)state;
	if (pack_load(BUNDLED, &bundled, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -1;
	}
	strcpy(tmpdir, "/tmp/prescreen-test-event-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(evfile, sizeof evfile, "%s/event.json", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(&bundled);
	unlink(evfile);
	rmdir(tmpdir);
	return 0;
}

static int diag_has(const diag_list *d, int line, const char *message)
{
	char want[512];

	snprintf(want, sizeof want, "%s:%d: %s", evfile, line, message);
	for (int i = 0; i < d->count; i++)
		if (strcmp(d->lines[i], want) == 0)
			return 1;
	fprintf(stderr, "missing \"%s\"; got:\n", want);
	diag_print(d, stderr);
	return 0;
}

/* Every event file names a key or says it is unsealed; the sealing tests
 * clear this to write their own. */
static const char *seal_head = "\"sealed\": false, ";

/*
 * Loads an event whose own lines start at line 4, after a fixed head, so
 * that each case below can name the line its problem sits on.
 */
static int load_body(const char *body, event_config *ev, diag_list *d)
{
	FILE *f = fopen(evfile, "wb");

	assert_non_null(f);
	fprintf(f, "{\n  \"schema\": \"prescreen.event.v1\",\n  %s\"id\": \"t\",\n"
	    "%s\n}\n", seal_head, body);
	assert_int_equal(fclose(f), 0);
	memset(d, 0, sizeof *d);
	return event_load(evfile, &bundled, ev, d);
}

/* One body, one error, on the line given. */
static void expect_error(const char *body, int line, const char *message)
{
	event_config ev;
	diag_list d;

	assert_int_equal(load_body(body, &ev, &d), -1);
	assert_true(diag_has(&d, line, message));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void expect_clean(const char *body, event_config *ev)
{
	diag_list d;

	if (load_body(body, ev, &d) != 0 || d.count != 0)
		diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
}

static void test_event_defaults(void **state)
{
	static const char *const qs[] = {
		"q01", "q05", "q07", "q12", "q16", "q21", "q22",
	};
	event_config ev;

	(void)state;
	event_defaults(&ev, &bundled);
	assert_string_equal(ev.id, "default");
	assert_string_equal(ev.title, "");          /* the pack's, translated */
	assert_int_equal(ev.title_count, 0);
	assert_null(event_title(&ev, "de"));
	assert_string_equal(ev.organisation, "Example GmbH");
	assert_string_equal(ev.contact, "privacy@example.com");
	assert_int_equal(ev.retention_days, 180);
	assert_string_equal(ev.pack_id, "backend-developer");
	assert_int_equal(ev.question_count, 7);
	for (int i = 0; i < 7; i++)
		assert_string_equal(ev.questions[i], qs[i]);
	assert_int_equal(ev.language_count, LANG_COUNT);
	for (int i = 0; i < LANG_COUNT; i++)
		assert_string_equal(ev.languages[i], lang_all()[i].code);
	assert_int_equal(ev.time_limit_s, 240);
	assert_int_equal(ev.idle_s, 90);
	assert_int_equal(ev.idle_prompt_s, 30);
	assert_int_equal(ev.done_s, 30);
	assert_int_equal(ev.max_answer_chars, 4000);
	assert_string_equal(ev.kiosk_id, "kiosk");
	assert_int_equal(ev.contact_count, 1);
	assert_string_equal(ev.contacts[0], "email");
	assert_int_equal(ev.threshold, 60);
	assert_string_equal(ev.consent_version, "1");
	assert_string_equal(ev.pin_hash, "");
	assert_memory_equal(ev.hash, "sha256:", 7);
	assert_int_equal(strlen(ev.hash), HASH_TAGGED_LEN);
}

/* The defaults are a valid, mix-clean event: an empty file checks clean. */
static void test_event_defaults_clean(void **state)
{
	event_config ev, def;

	(void)state;
	event_defaults(&def, &bundled);
	expect_clean("  \"pack\": \"backend-developer\"", &ev);
	assert_string_equal(ev.hash, def.hash);
	assert_int_equal(ev.question_count, 7);
}

static void test_event_default_file(void **state)
{
	event_config ev, def;
	diag_list d = { 0 };

	(void)state;
	assert_int_equal(event_load(DEFAULT_EVENT, &bundled, &ev, &d), 0);
	assert_int_equal(d.count, 0);
	/* It spells out every default, and adds a title in each language. */
	assert_int_equal(ev.title_count, LANG_COUNT);
	for (int i = 0; i < LANG_COUNT; i++)
		assert_non_null(event_title(&ev, lang_all()[i].code));
	assert_string_equal(event_title(&ev, "hi"),
	    "\u092c\u0948\u0915\u090f\u0902\u0921 \u0921\u0947\u0935\u0932\u092a\u0930 "
	    "\u0915\u0947 \u0932\u093f\u090f \u092a\u094d\u0930\u093e\u0930\u0902\u092d"
	    "\u093f\u0915 \u0938\u094d\u0915\u094d\u0930\u0940\u0928\u093f\u0902\u0917");
	event_defaults(&def, &bundled);
	def.title_count = ev.title_count;
	memcpy(def.title_langs, ev.title_langs, sizeof def.title_langs);
	memcpy(def.titles, ev.titles, sizeof def.titles);
	assert_memory_equal(&ev, &def, sizeof ev);
	diag_free(&d);
}

static void test_event_foreign_pack_defaults(void **state)
{
	pack small = bundled;
	event_config ev;

	(void)state;
	/* Without q21 and q22 the pack's first seven are taken. */
	small.question_count = 20;
	event_defaults(&ev, &small);
	assert_int_equal(ev.question_count, 7);
	assert_string_equal(ev.questions[0], "q01");
	assert_string_equal(ev.questions[6], "q07");
	small.question_count = 3;
	event_defaults(&ev, &small);
	assert_int_equal(ev.question_count, 3);
}

static void test_event_syntax(void **state)
{
	event_config ev;
	diag_list d;
	char want[256];

	(void)state;
	assert_int_equal(load_body("  \"threshold\": 60,\n", &ev, &d), -1);
	assert_int_equal(d.count, 1);
	snprintf(want, sizeof want, "%s:6: ", evfile);
	assert_memory_equal(d.lines[0], want, strlen(want));
	diag_free(&d);

	assert_int_equal(load_body("  \"title\": \"Caf\xe9\"", &ev, &d), -1);
	snprintf(want, sizeof want, "%s:4: ", evfile);
	assert_memory_equal(d.lines[0], want, strlen(want));
	diag_free(&d);

	memset(&d, 0, sizeof d);
	assert_int_equal(event_load("/nonexistent/event.json", &bundled, &ev, &d),
	    -1);
	assert_int_equal(d.errors, 1);
	diag_free(&d);
}

static void test_event_pack_and_questions(void **state)
{
	(void)state;
	expect_error("  \"pack\": \"frontend-developer\"", 4, "the event is for "
	    "pack \"frontend-developer\" but the loaded pack is \"backend-developer\"");
	expect_error("  \"questions\": [\"q01\", \"q05\", \"q07\", \"q12\", \"q21\"]",
	    4, "\"questions\" selects 5 questions (6 to 8 are needed)");
	expect_error("  \"questions\": [\"q01\", \"q02\", \"q03\", \"q05\", \"q07\",\n"
	    "  \"q12\", \"q16\", \"q21\", \"q22\"]",
	    4, "\"questions\" selects 9 questions (6 to 8 are needed)");
	expect_error("  \"questions\": [\n    \"q01\",\n    \"q05\",\n    \"q99\",\n"
	    "    \"q12\",\n    \"q16\",\n    \"q21\"\n  ]",
	    7, "question \"q99\" is not in pack \"backend-developer\"");
	expect_error("  \"questions\": [\n    \"q01\",\n    \"q05\",\n    \"q07\",\n"
	    "    \"q12\",\n    \"q05\",\n    \"q21\"\n  ]",
	    9, "question \"q05\" is listed twice (first at line 6)");
	expect_error("  \"questions\": [\"q01\", 5, \"q07\", \"q12\", \"q16\", \"q21\"]",
	    4, "\"questions\" must hold only strings");
	expect_error("  \"questions\": \"q01\"", 4,
	    "\"questions\" must be an array of strings");
}

static void test_event_languages(void **state)
{
	event_config ev;

	(void)state;
	expect_error("  \"languages\": [\n    \"en\",\n    \"it\"\n  ]", 6,
	    "unknown language \"it\" (expected en, es, fr, de, pt_BR, ar, hi, "
	    "zh_CN or ja)");
	expect_error("  \"languages\": [\"en\", \"ar\",\n \"en\"]", 5,
	    "language \"en\" is listed twice (first at line 4)");
	expect_error("  \"languages\": []", 4,
	    "\"languages\" is empty (at least one is needed)");
	expect_clean("  \"languages\": [\"ar\", \"ja\"]", &ev);
	assert_int_equal(ev.language_count, 2);
	assert_string_equal(ev.languages[0], "ar");
	assert_string_equal(ev.languages[1], "ja");
}

static void test_event_numbers(void **state)
{
	event_config ev;

	(void)state;
	expect_error("  \"answer_time_limit_s\": 10", 4, "\"answer_time_limit_s\" "
	    "must be 0 (no limit) or between 30 and 3600 (got 10)");
	expect_error("  \"answer_time_limit_s\": 3601", 4, "\"answer_time_limit_s\" "
	    "must be 0 (no limit) or between 30 and 3600 (got 3601)");
	expect_error("  \"idle_s\": 14", 4,
	    "\"idle_s\" must be between 15 and 3600 (got 14)");
	expect_error("  \"idle_prompt_s\": 301", 4,
	    "\"idle_prompt_s\" must be between 5 and 300 (got 301)");
	expect_error("  \"done_s\": 2", 4,
	    "\"done_s\" must be between 3 and 120 (got 2)");
	expect_error("  \"max_answer_chars\": 99", 4,
	    "\"max_answer_chars\" must be between 100 and 20000 (got 99)");
	expect_error("  \"max_answer_chars\": 20001", 4,
	    "\"max_answer_chars\" must be between 100 and 20000 (got 20001)");
	expect_error("  \"threshold\": 101", 4,
	    "\"threshold\" must be between 0 and 100 (got 101)");
	expect_error("  \"threshold\": -1", 4,
	    "\"threshold\" must be between 0 and 100 (got -1)");
	expect_error("  \"threshold\": 60.5", 4, "\"threshold\" must be a whole number");
	expect_error("  \"threshold\": \"60\"", 4, "\"threshold\" must be a whole number");

	expect_clean("  \"answer_time_limit_s\": 0,\n  \"idle_s\": 15,\n"
	    "  \"idle_prompt_s\": 300,\n  \"done_s\": 3,\n"
	    "  \"max_answer_chars\": 20000,\n  \"threshold\": 0", &ev);
	assert_int_equal(ev.time_limit_s, 0);
	assert_int_equal(ev.idle_s, 15);
	assert_int_equal(ev.idle_prompt_s, 300);
	assert_int_equal(ev.done_s, 3);
	assert_int_equal(ev.max_answer_chars, 20000);
	assert_int_equal(ev.threshold, 0);
}

static void test_event_contacts_and_names(void **state)
{
	event_config ev;

	(void)state;
	expect_error("  \"contact_fields\": [\"email\",\n    \"fax\"]", 5,
	    "unknown contact field \"fax\" (expected email, phone, city or linkedin)");
	expect_error("  \"contact_fields\": [\"email\", \"phone\", \"city\", "
	    "\"linkedin\",\n \"email\"]", 5,
	    "contact field \"email\" is listed twice (first at line 4)");
	expect_clean("  \"contact_fields\": [\"phone\", \"city\", \"linkedin\", "
	    "\"email\"]", &ev);
	assert_int_equal(ev.contact_count, 4);
	assert_string_equal(ev.contacts[0], "phone");
	expect_clean("  \"contact_fields\": []", &ev);
	assert_int_equal(ev.contact_count, 0);

	expect_error("  \"kiosk_id\": \"berlin 01\"", 4, "\"kiosk_id\" \"berlin 01\" "
	    "must be 1 to 63 of A-Z a-z 0-9 . _ -");
	expect_error("  \"kiosk_id\": \"\"", 4,
	    "\"kiosk_id\" \"\" must be 1 to 63 of A-Z a-z 0-9 . _ -");
	expect_error("  \"kiosk_id\": 7", 4, "\"kiosk_id\" must be a string");
	expect_clean("  \"kiosk_id\": \"Berlin_01.hall-2\"", &ev);
	assert_string_equal(ev.kiosk_id, "Berlin_01.hall-2");

	/* The event id sits on line 3 of every body's head; replace it. */
	FILE *f = fopen(evfile, "wb");
	diag_list d = { 0 };
	assert_non_null(f);
	fputs("{\n  \"id\": \"2026/11/29\"\n}\n", f);
	fclose(f);
	assert_int_equal(event_load(evfile, &bundled, &ev, &d), -1);
	assert_true(diag_has(&d, 2,
	    "\"id\" \"2026/11/29\" must be 1 to 63 of A-Z a-z 0-9 . _ -"));
	diag_free(&d);

	char body[160];
	snprintf(body, sizeof body, "  \"kiosk_id\": \"%.63s\"",
	    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
	expect_clean(body, &ev);
	assert_int_equal(strlen(ev.kiosk_id), 63);
	snprintf(body, sizeof body, "  \"kiosk_id\": \"%.64s\"",
	    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
	assert_int_equal(load_body(body, &ev, &d), -1);
	diag_free(&d);
}

static void test_event_other_fields(void **state)
{
	event_config ev;
	diag_list d;

	(void)state;
	expect_error("  \"admin_pin_hash\": \"1234\"", 4, "\"admin_pin_hash\" must be "
	    "an Argon2id hash (set it with \"prescreen event set-pin\")");
	expect_clean("  \"admin_pin_hash\": \"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\"",
	    &ev);
	assert_memory_equal(ev.pin_hash, "$argon2id$", 10);
	expect_error("  \"title\": \"\"", 4, "\"title\" is empty");
	expect_clean("  \"title\": \"Backend Developer \xe2\x80\x94 walk-in\"", &ev);
	assert_string_equal(ev.title, "Backend Developer \xe2\x80\x94 walk-in");

	/* Unknown keys are likely typos: a warning, never a failure. */
	assert_int_equal(load_body("  \"treshold\": 70", &ev, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_true(diag_has(&d, 4, "warning: unknown key \"treshold\""));
	assert_int_equal(ev.threshold, 60);
	diag_free(&d);

	assert_int_equal(load_body("  \"idle_s\": 1,\n  \"done_s\": 500,\n"
	    "  \"languages\": [\"xx\"]", &ev, &d), -1);
	assert_int_equal(d.errors, 3);
	assert_true(diag_has(&d, 4, "\"idle_s\" must be between 15 and 3600 (got 1)"));
	assert_true(diag_has(&d, 5, "\"done_s\" must be between 3 and 120 (got 500)"));
	diag_free(&d);
}

/* "practice" is a plain boolean, off unless the file turns it on. */
static void test_event_practice(void **state)
{
	event_config ev;

	(void)state;
	expect_clean("  \"threshold\": 60", &ev);
	assert_false(ev.practice);
	expect_clean("  \"practice\": true", &ev);
	assert_true(ev.practice);
	expect_clean("  \"practice\": false", &ev);
	assert_false(ev.practice);
	expect_error("  \"threshold\": 60,\n  \"practice\": \"yes\"", 5,
	    "\"practice\" must be true or false");
	expect_error("  \"practice\": 1", 4, "\"practice\" must be true or false");
}

/* What the consent text names, and the title per language. */
static void test_event_consent_and_title(void **state)
{
	event_config ev;
	diag_list d;

	(void)state;
	expect_clean("  \"organisation\": \"Acme AG\",\n  \"contact\": \"dpo@acme.example\",\n"
	    "  \"retention_days\": 30", &ev);
	assert_string_equal(ev.organisation, "Acme AG");
	assert_string_equal(ev.contact, "dpo@acme.example");
	assert_int_equal(ev.retention_days, 30);
	expect_error("  \"retention_days\": 0", 4,
	    "\"retention_days\" must be between 1 and 3650 (got 0)");
	expect_error("  \"retention_days\": 3651", 4,
	    "\"retention_days\" must be between 1 and 3650 (got 3651)");
	expect_error("  \"retention_days\": \"180\"", 4,
	    "\"retention_days\" must be a whole number");
	expect_error("  \"organisation\": \"  \"", 4, "\"organisation\" is empty");
	expect_error("  \"contact\": \"a\\nb\"", 4, "\"contact\" holds a control character");
	expect_error("  \"contact\": 5", 4, "\"contact\" must be a string");
	/* Sessions store label-hash in 15 bytes: the label gets six. */
	expect_clean("  \"consent_version\": \"2026.1\"", &ev);
	assert_string_equal(ev.consent_version, "2026.1");
	expect_error("  \"consent_version\": \"2026.12\"", 4,
	    "\"consent_version\" \"2026.12\" must be 1 to 6 of A-Z a-z 0-9 . _ -");

	/* One title for all languages. */
	expect_clean("  \"title\": \"Walk-in day\"", &ev);
	assert_string_equal(event_title(&ev, "ja"), "Walk-in day");
	/* A title per language; a language on offer without one is warned about. */
	assert_int_equal(load_body("  \"languages\": [\"en\", \"de\", \"ja\"],\n"
	    "  \"title\": {\n    \"en\": \"Walk-in day\",\n    \"de\": \"Offener Tag\"\n  }",
	    &ev, &d), 0);
	assert_int_equal(d.count, 1);
	assert_true(diag_has(&d, 5, "warning: \"title\" has no \"ja\" entry: candidates "
	    "choosing ja see the pack's title"));
	diag_free(&d);
	assert_string_equal(event_title(&ev, "de"), "Offener Tag");
	assert_string_equal(event_title(&ev, "en"), "Walk-in day");
	assert_null(event_title(&ev, "ja"));
	assert_int_equal(load_body("  \"title\": {\n    \"en\": \"x\",\n    \"xx\": \"y\",\n"
	    "    \"de\": \"\"\n  }", &ev, &d), -1);
	assert_int_equal(d.errors, 2);
	assert_true(diag_has(&d, 6, "\"title\" has unknown language \"xx\" (expected en, es, "
	    "fr, de, pt_BR, ar, hi, zh_CN or ja)"));
	assert_true(diag_has(&d, 7, "\"title\" \"de\" is empty"));
	diag_free(&d);
	expect_error("  \"title\": [\"x\"]", 4, "\"title\" must be a string or an object "
	    "of titles by language ({\"en\": \"...\"})");
}

/* Mix shortfalls warn on the questions line; the load still succeeds. */
static void expect_mix_warning(const char *questions, const char *message)
{
	char body[256];
	event_config ev;
	diag_list d;

	snprintf(body, sizeof body, "  \"title\": \"x\",\n  \"questions\": %s",
	    questions);
	assert_int_equal(load_body(body, &ev, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.count, 1);
	assert_true(diag_has(&d, 5, message));
	diag_free(&d);
}

static void test_event_mix_warnings(void **state)
{
	event_config ev;
	diag_list d;

	(void)state;
	expect_mix_warning("[\"q07\", \"q08\", \"q12\", \"q16\", \"q18\", \"q21\"]",
	    "warning: the selection has no \"general\" (background) question; the "
	    "seed's mix asks for at least one");
	expect_mix_warning("[\"q01\", \"q02\", \"q03\", \"q07\", \"q21\", \"q22\"]",
	    "warning: the selection has 1 \"experience\" or \"behavioral\" "
	    "question(s) about specific past examples; the seed's mix asks for at "
	    "least two");
	expect_mix_warning("[\"q01\", \"q05\", \"q07\", \"q12\", \"q16\", \"q18\"]",
	    "warning: the selection has no \"situational\" or \"motivation\" "
	    "question; the seed's mix asks for at least one");

	/* All three at once, still without an error. */
	assert_int_equal(load_body("  \"questions\": [\"q01\", \"q02\", \"q03\", "
	    "\"q04\", \"q05\", \"q06\"]", &ev, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.count, 2);
	diag_free(&d);
	assert_int_equal(load_body("  \"questions\": [\"q07\", \"q08\", \"q12\", "
	    "\"q16\", \"q18\", \"q20\"]", &ev, &d), 0);
	assert_int_equal(d.count, 2);
	diag_free(&d);
	assert_int_equal(load_body("  \"questions\": [\"q21\", \"q22\", \"q21\", "
	    "\"q22\", \"q21\", \"q22\"]", &ev, &d), -1);
	diag_free(&d);
}

static void test_event_hash(void **state)
{
	event_config a, b;

	(void)state;
	event_defaults(&a, &bundled);
	b = a;
	event_rehash(&b, &bundled);
	assert_string_equal(a.hash, b.hash);

	b.threshold = 61;
	event_rehash(&b, &bundled);
	assert_string_not_equal(a.hash, b.hash);

	b = a;
	strcpy(b.questions[0], "q05");
	strcpy(b.questions[1], "q01");
	event_rehash(&b, &bundled);
	assert_string_not_equal(a.hash, b.hash);

	b = a;
	b.question_count = 6;
	event_rehash(&b, &bundled);
	assert_string_not_equal(a.hash, b.hash);

	b = a;
	strcpy(b.title, "Another title");
	strcpy(b.kiosk_id, "berlin-02");
	b.idle_s = 120;
	event_rehash(&b, &bundled);
	assert_string_equal(a.hash, b.hash);

	/* The pack's content is part of what a session was scored against. */
	pack other = bundled;
	strcpy(other.hash, "sha256:0000");
	b = a;
	event_rehash(&b, &other);
	assert_string_not_equal(a.hash, b.hash);

	/* A loaded file with only a new title keeps the defaults' hash. */
	expect_clean("  \"title\": \"Walk-in day\"", &b);
	assert_string_equal(a.hash, b.hash);
	expect_clean("  \"threshold\": 75", &b);
	assert_string_not_equal(a.hash, b.hash);
}

/* SPEC §14: a key seals; only "sealed": false in so many words leaves the
 * answers in clear; anything else is refused with what to write instead. */
static void test_event_seal_fields(void **state)
{
	char body[256], b64[SEAL_B64_LEN];
	seal_keypair kp;
	event_config ev;
	diag_list d;

	(void)state;
	seal_head = "";
	assert_int_equal(seal_keygen(&kp), 0);
	seal_public_format(kp.pk, b64);

	snprintf(body, sizeof body, "  \"public_key\": \"%s\"", b64);
	expect_clean(body, &ev);
	assert_true(ev.has_public_key);
	assert_false(ev.unsealed);
	assert_memory_equal(ev.public_key, kp.pk, sizeof kp.pk);
	snprintf(body, sizeof body, "  \"public_key\": \"%s\",\n  \"sealed\": true", b64);
	expect_clean(body, &ev);
	assert_true(ev.has_public_key);

	expect_clean("  \"sealed\": false", &ev);
	assert_false(ev.has_public_key);
	assert_true(ev.unsealed);

	expect_error("  \"threshold\": 60", 1, "no \"public_key\": name the reviewing "
	    "team's key (prescreen keygen --out DIR; the line in DIR/prescreen.pub) or say "
	    "\"sealed\": false to store candidates' answers unencrypted");
	assert_int_equal(load_body("  \"threshold\": 60", &ev, &d), -1);
	assert_false(ev.has_public_key);
	assert_false(ev.unsealed);
	diag_free(&d);
	snprintf(body, sizeof body, "  \"public_key\": \"%s\",\n  \"sealed\": false", b64);
	expect_error(body, 5, "\"sealed\": false but a \"public_key\" is named: remove "
	    "one of them");
	expect_error("  \"sealed\": true", 4, "\"sealed\": true but no \"public_key\": "
	    "name the reviewing team's key (prescreen keygen --out DIR; the line in "
	    "DIR/prescreen.pub)");
	expect_error("  \"sealed\": \"no\"", 4, "\"sealed\" must be true or false");
	static const char *const bad[] = {
		"  \"public_key\": \"not base64 at all\"",
		"  \"public_key\": \"AAAA\"",
		"  \"public_key\": 42",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_error(bad[i], 4, "\"public_key\" is not a public key (44 characters of "
		    "base64, the line in prescreen.pub)");
	seal_keypair_wipe(&kp);
	seal_head = "\"sealed\": false, ";

	/* The built-in default runs unsealed; admin status says so in red. */
	event_defaults(&ev, &bundled);
	assert_true(ev.unsealed);
	assert_false(ev.has_public_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_defaults),
		cmocka_unit_test(test_event_defaults_clean),
		cmocka_unit_test(test_event_default_file),
		cmocka_unit_test(test_event_foreign_pack_defaults),
		cmocka_unit_test(test_event_syntax),
		cmocka_unit_test(test_event_pack_and_questions),
		cmocka_unit_test(test_event_languages),
		cmocka_unit_test(test_event_numbers),
		cmocka_unit_test(test_event_contacts_and_names),
		cmocka_unit_test(test_event_other_fields),
		cmocka_unit_test(test_event_practice),
		cmocka_unit_test(test_event_consent_and_title),
		cmocka_unit_test(test_event_mix_warnings),
		cmocka_unit_test(test_event_hash),
		cmocka_unit_test(test_event_seal_fields),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
