/*
 * test_scores_file.c — the scores file: what the writer puts on disk (key
 * order, layout, mode 0600, no temporary left), that reading it gives back
 * what was written, that the JSON Schema in schema/ accepts what we write and
 * rejects what we reject, and every bad input's line and message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "scores_file.h"

#define SCHEMA TEST_SOURCE_DIR "/schema/prescreen.scores.v1.schema.json"
#define HASH_A "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_1 "01JDX3Q7ZK8M2N4P6R8T0V2W4Y"
#define ID_2 "01JDX3Q7ZK8M2N4P6R8T0V2W4Z"

static char tmpdir[64];
static char file[128];

/* What the writer must produce for sample(): also the base of the bad inputs. */
static const char base[] =
	"{\n"                                                   /* 1 */
	"  \"schema\": \"prescreen.scores.v1\",\n"
	"  \"reviewer\": \"maria\",\n"
	"  \"exported_at\": \"2026-03-14T17:00:00Z\",\n"
	"  \"events\": [\n"                                     /* 5 */
	"    {\n"
	"      \"id\": \"walkin-2026-03\",\n"
	"      \"hash\": \"" HASH_A "\",\n"
	"      \"pack_hash\": \"" HASH_B "\"\n"
	"    }\n"                                               /* 10 */
	"  ],\n"
	"  \"scores\": [\n"
	"    {\n"
	"      \"session_id\": \"" ID_1 "\",\n"
	"      \"question_id\": \"q05\",\n"                     /* 15 */
	"      \"score\": 4,\n"
	"      \"automatic\": false,\n"
	"      \"note\": \"clear\",\n"
	"      \"scored_at\": \"2026-03-14T16:00:00Z\"\n"
	"    },\n"                                              /* 20 */
	"    {\n"
	"      \"session_id\": \"" ID_2 "\",\n"
	"      \"question_id\": \"q05\",\n"
	"      \"score\": 1,\n"
	"      \"automatic\": true,\n"                          /* 25 */
	"      \"note\": null,\n"
	"      \"scored_at\": \"2026-03-14T16:01:00Z\"\n"
	"    }\n"
	"  ]\n"
	"}\n";                                                  /* 30 */

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/prescreen-test-scores-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(file, sizeof file, "%s/scores.json", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static scores_event sample_events[1];
static score_entry sample_entries[2];

static scores_file sample(void)
{
	scores_file f = { 0 };
	int64_t t = (int64_t)1773504000 * 1000;      /* 2026-03-14T16:00:00Z */

	memset(sample_events, 0, sizeof sample_events);
	memset(sample_entries, 0, sizeof sample_entries);
	strcpy(f.reviewer, "maria");
	f.exported_at = t + 3600 * 1000;
	strcpy(sample_events[0].id, "walkin-2026-03");
	strcpy(sample_events[0].hash, HASH_A);
	strcpy(sample_events[0].pack_hash, HASH_B);
	f.nevents = 1;
	f.events = sample_events;
	strcpy(sample_entries[0].session_id, ID_1);
	strcpy(sample_entries[0].question_id, "q05");
	sample_entries[0].score = 4;
	sample_entries[0].note = (char *)"clear";
	sample_entries[0].scored_at = t;
	strcpy(sample_entries[1].session_id, ID_2);
	strcpy(sample_entries[1].question_id, "q05");
	sample_entries[1].score = 1;
	sample_entries[1].automatic = true;
	sample_entries[1].scored_at = t + 60 * 1000;
	f.count = 2;
	f.entries = sample_entries;
	return f;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 16);
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void put_file(const char *text)
{
	FILE *f = fopen(file, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* base with its only occurrence of from replaced by to. */
static void put_variant(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	char *text;

	if (at == NULL || strstr(at + 1, from) != NULL)
		fail_msg("\"%s\" is not in the base exactly once", from);
	text = malloc(sizeof base + strlen(to));
	memcpy(text, base, (size_t)(at - base));
	strcpy(text + (at - base), to);
	strcat(text, at + strlen(from));
	put_file(text);
	free(text);
}

static int files_in_tmpdir(void)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dir);
	return n;
}

/* 1 when the JSON Schema accepts path (an independent validator). */
static int schema_accepts(const char *path)
{
	char cmd[512];
	int rc;

	snprintf(cmd, sizeof cmd,
	    "python3 -c 'import json, sys, jsonschema; "
	    "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
	    "json.load(open(sys.argv[2])))' '%s' '%s' 2>/dev/null", SCHEMA, path);
	rc = system(cmd);
	assert_true(rc != -1);
	return rc == 0;
}

static void test_write_layout_and_mode(void **state)
{
	scores_file f = sample();
	char err[256] = "";
	struct stat sb;
	char *text;

	(void)state;
	umask(022);
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), 0);
	text = slurp(file);
	assert_string_equal(text, base);
	free(text);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Only the file itself: the temporary was renamed, not left. */
	assert_int_equal(files_in_tmpdir(), 1);
	assert_true(schema_accepts(file));

	/* Writing again replaces the file whole, still 0600. */
	chmod(file, 0644);
	f.entries[0].score = 5;
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), 0);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	text = slurp(file);
	assert_non_null(strstr(text, "\"score\": 5,"));
	free(text);
	assert_int_equal(files_in_tmpdir(), 1);
	unlink(file);
}

static void test_round_trip(void **state)
{
	scores_file f = sample(), g;
	diag_list d = { 0 };
	char err[256] = "";
	/* Quotes, a newline, non-ASCII, a backslash: all must come back. */
	char note[] = "Gut: \"klar\"\nzweite Zeile — ✓ \\ مرحبا 日本";

	(void)state;
	f.entries[0].note = note;
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), 0);
	assert_true(schema_accepts(file));
	if (scores_file_read(file, &g, &d) != 0) {
		diag_print(&d, stderr);
		fail();
	}
	assert_int_equal(d.count, 0);
	assert_string_equal(g.reviewer, "maria");
	assert_true(g.exported_at == f.exported_at);
	assert_int_equal(g.nevents, 1);
	assert_string_equal(g.events[0].id, "walkin-2026-03");
	assert_string_equal(g.events[0].hash, HASH_A);
	assert_string_equal(g.events[0].pack_hash, HASH_B);
	assert_int_equal(g.count, 2);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(g.entries[i].session_id, f.entries[i].session_id);
		assert_string_equal(g.entries[i].question_id, f.entries[i].question_id);
		assert_int_equal(g.entries[i].score, f.entries[i].score);
		assert_int_equal(g.entries[i].automatic, f.entries[i].automatic);
		assert_true(g.entries[i].scored_at == f.entries[i].scored_at);
	}
	assert_string_equal(g.entries[0].note, note);
	assert_null(g.entries[1].note);
	scores_file_free(&g);
	assert_int_equal(g.count, 0);
	assert_null(g.entries);

	/* An empty file (no events, no scores) is valid too. */
	f.nevents = f.count = 0;
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), 0);
	assert_true(schema_accepts(file));
	assert_int_equal(scores_file_read(file, &g, &d), 0);
	assert_int_equal(g.count, 0);
	assert_int_equal(g.nevents, 0);
	scores_file_free(&g);
	diag_free(&d);
	unlink(file);
}

static void test_write_refuses(void **state)
{
	scores_file f = sample();
	char err[256], expect[256];
	char bad_utf8[] = "caf\xc3";

	(void)state;
	f.entries[1].score = 6;
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	snprintf(expect, sizeof expect, "%s: a score is outside 1..5", file);
	assert_string_equal(err, expect);
	f = sample();
	strcpy(f.entries[0].session_id, "not-a-ulid");
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	snprintf(expect, sizeof expect, "%s: a session id is not a ULID", file);
	assert_string_equal(err, expect);
	f = sample();
	f.entries[0].note = bad_utf8;
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	snprintf(expect, sizeof expect, "%s: a name or note is not valid UTF-8", file);
	assert_string_equal(err, expect);
	f = sample();
	f.reviewer[0] = '\0';
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	snprintf(expect, sizeof expect, "%s: no reviewer name", file);
	assert_string_equal(err, expect);
	f = sample();
	strcpy(f.entries[1].session_id, ID_1);
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	snprintf(expect, sizeof expect, "%s: an answer is scored twice", file);
	assert_string_equal(err, expect);
	f = sample();
	strcpy(f.events[0].hash, "sha256:short");
	assert_int_equal(scores_file_write(file, &f, err, sizeof err), -1);
	/* Nothing written, not even a temporary. */
	assert_int_equal(files_in_tmpdir(), 0);

	/* A folder that does not exist: the error names the file. */
	f = sample();
	assert_int_equal(scores_file_write("/nonexistent-dir/s.json", &f, err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent-dir/s.json: No such file or directory");
}

/* Reads the current file, expecting exactly the lines given (then NULL). */
static void expect_problems(bool schema_too, ...)
{
	scores_file g;
	diag_list d = { 0 };
	va_list ap;
	int n = 0;

	assert_int_equal(scores_file_read(file, &g, &d), -1);
	assert_int_equal(g.count, 0);
	assert_null(g.entries);
	assert_null(g.events);
	va_start(ap, schema_too);
	for (const char *want; (want = va_arg(ap, const char *)) != NULL; n++) {
		char line[512];
		snprintf(line, sizeof line, "%s:%s", file, want);
		if (n >= d.count)
			fail_msg("missing \"%s\"", line);
		assert_string_equal(d.lines[n], line);
	}
	va_end(ap);
	if (d.count != n) {
		diag_print(&d, stderr);
		fail_msg("%d problems, expected %d", d.count, n);
	}
	diag_free(&d);
	/* What the schema can say, it says too. */
	if (schema_too)
		assert_false(schema_accepts(file));
}

static void test_read_bad_json_and_schema(void **state)
{
	(void)state;
	put_variant("\"score\": 4,", "\"score\": 4");
	expect_problems(true, "17: '}' expected near '\"automatic\"'", NULL);
	put_file("");
	expect_problems(true, "1: '[' or '{' expected near end of file", NULL);
	put_file("[]\n");
	expect_problems(true, "1: the top level must be an object", NULL);
	put_variant("\"prescreen.scores.v1\"", "\"prescreen.session.v1\"");
	expect_problems(true, "2: not a scores file: \"schema\" must be \"prescreen.scores.v1\"", NULL);
	put_variant("  \"schema\": \"prescreen.scores.v1\",\n", "");
	expect_problems(true, "1: missing \"schema\"", NULL);
	/* Keys the same object names twice are a syntax error in jansson. */
	put_variant("\"score\": 4,", "\"score\": 4, \"score\": 3,");
	expect_problems(false, "16: duplicate object key near '\"score\"'", NULL);
}

static void test_read_missing_and_unknown(void **state)
{
	(void)state;
	put_variant("      \"automatic\": false,\n", "");
	expect_problems(true, "13: scores[0]: missing \"automatic\"", NULL);
	put_variant("      \"note\": null,\n", "");
	expect_problems(true, "21: scores[1]: missing \"note\"", NULL);
	put_variant("      \"pack_hash\": \"" HASH_B "\"\n", "");
	/* The comma left behind on line 8 is jansson's to report. */
	expect_problems(true, "9: string or '}' expected near '}'", NULL);
	put_variant(",\n      \"pack_hash\": \"" HASH_B "\"\n", "\n");
	expect_problems(true, "6: events[0]: missing \"pack_hash\"", NULL);
	put_variant("  \"reviewer\": \"maria\",\n", "");
	expect_problems(true, "1: missing \"reviewer\"", NULL);
	put_variant("\"note\": \"clear\",", "\"note\": \"clear\",\n      \"colour\": \"red\",");
	expect_problems(true, "19: scores[0]: unknown key \"colour\"", NULL);
	put_variant("\"events\": [\n    {\n      \"id\"", "\"events\": [\n    7,\n    {\n      \"id\"");
	expect_problems(true, "6: events[0]: must be an object", NULL);
}

static void test_read_bad_scores(void **state)
{
	(void)state;
	put_variant("\"score\": 4,", "\"score\": 7,");
	expect_problems(true, "16: scores[0]: \"score\" must be a whole number from 1 to 5", NULL);
	put_variant("\"score\": 4,", "\"score\": 0,");
	expect_problems(true, "16: scores[0]: \"score\" must be a whole number from 1 to 5", NULL);
	put_variant("\"score\": 1,", "\"score\": 4.5,");
	expect_problems(true, "24: scores[1]: \"score\" must be a whole number from 1 to 5", NULL);
	put_variant("\"score\": 1,", "\"score\": \"1\",");
	expect_problems(true, "24: scores[1]: \"score\" must be a whole number from 1 to 5", NULL);
	put_variant("\"automatic\": true,", "\"automatic\": 1,");
	expect_problems(true, "25: scores[1]: \"automatic\" must be true or false", NULL);
	put_variant("\"note\": null,", "\"note\": 3,");
	expect_problems(true, "26: scores[1]: \"note\" must be a string or null", NULL);
	/* A NUL inside a note would cut it short when read back in C. */
	put_variant("\"note\": \"clear\",", "\"note\": \"cl\\u0000ear\",");
	expect_problems(false, "18: \\u0000 is not allowed without JSON_ALLOW_NUL near "
	    "'\"cl\\u0000ear\"'", NULL);
	/* Every problem at once, each on its own line. */
	put_variant("\"score\": 4,\n      \"automatic\": false,",
	    "\"score\": 9,\n      \"automatic\": \"no\",");
	expect_problems(true,
	    "16: scores[0]: \"score\" must be a whole number from 1 to 5",
	    "17: scores[0]: \"automatic\" must be true or false", NULL);
}

static void test_read_duplicates(void **state)
{
	(void)state;
	/* The schema cannot say this; the reader must. */
	put_variant("\"session_id\": \"" ID_2 "\"", "\"session_id\": \"" ID_1 "\"");
	expect_problems(false, "21: scores[1]: a second score for session " ID_1
	    " question q05 (the first is at line 13)", NULL);
	/* The same session, another question, is no duplicate. */
	put_variant("\"session_id\": \"" ID_2 "\",\n      \"question_id\": \"q05\"",
	    "\"session_id\": \"" ID_1 "\",\n      \"question_id\": \"q06\"");
	{
		scores_file g;
		diag_list d = { 0 };
		assert_int_equal(scores_file_read(file, &g, &d), 0);
		assert_int_equal(g.count, 2);
		scores_file_free(&g);
		diag_free(&d);
	}
	put_variant("    }\n  ],\n  \"scores\"",
	    "    },\n    {\n      \"id\": \"walkin-2026-03\",\n"
	    "      \"hash\": \"" HASH_A "\",\n      \"pack_hash\": \"" HASH_A "\"\n"
	    "    }\n  ],\n  \"scores\"");
	expect_problems(false, "11: events[1]: event \"walkin-2026-03\" is listed twice", NULL);
}

static void test_read_bad_times_and_ids(void **state)
{
	(void)state;
	put_variant("\"2026-03-14T16:00:00Z\"", "\"2026-02-30T16:00:00Z\"");
	expect_problems(false, "19: scores[0]: \"scored_at\" must be a UTC time like "
	    "2026-03-14T09:30:00Z", NULL);
	put_variant("\"2026-03-14T16:01:00Z\"", "\"2026-03-14 16:01:00\"");
	expect_problems(true, "27: scores[1]: \"scored_at\" must be a UTC time like "
	    "2026-03-14T09:30:00Z", NULL);
	put_variant("\"2026-03-14T17:00:00Z\"", "\"yesterday\"");
	expect_problems(true, "4: \"exported_at\" must be a UTC time like "
	    "2026-03-14T09:30:00Z", NULL);
	put_variant("\"" ID_1 "\"", "\"01jdx3q7zk8m2n4p6r8t0v2w4y\"");
	expect_problems(true, "14: scores[0]: \"session_id\" must be a session's ULID "
	    "(26 characters of Crockford base32)", NULL);
	put_variant("\"" ID_2 "\"", "\"01JDX3Q7ZK8M2N4P6R8T0V2W4\"");
	expect_problems(true, "22: scores[1]: \"session_id\" must be a session's ULID "
	    "(26 characters of Crockford base32)", NULL);
	put_variant("\"question_id\": \"q05\",\n      \"score\": 4",
	    "\"question_id\": \"\",\n      \"score\": 4");
	expect_problems(true, "15: scores[0]: \"question_id\" must be a non-empty string", NULL);
	put_variant("\"maria\"", "\"\"");
	expect_problems(true, "3: \"reviewer\" must be a non-empty string", NULL);
	put_variant("\"maria\"", "\"maria-with-a-name-far-too-long-for-the-reviewer-field-of-64-bytes\"");
	expect_problems(true, "3: \"reviewer\" is longer than 63 bytes", NULL);
	put_variant("\"hash\": \"" HASH_A "\"", "\"hash\": \"sha256:XYZ\"");
	expect_problems(true, "8: events[0]: \"hash\" must be \"sha256:\" and 64 "
	    "lower-case hex digits", NULL);
	put_variant("\"id\": \"walkin-2026-03\"", "\"id\": 12");
	expect_problems(true, "7: events[0]: \"id\" must be a non-empty string", NULL);
}

/* Any layout JSON allows reads the same: keys in any order, any whitespace,
 * escapes anywhere; what JSON does not allow is still refused. */
static void test_read_any_layout(void **state)
{
	static const char compact[] =
		"\t{\"scores\":[{\"note\":\"a\\\"b\\u00e9\\n\xe6\x97\xa5\",\"scored_at\":"
		"\"2026-03-14T16:00:00Z\",\"score\":5,\"automatic\":true,\"question_id\":"
		"\"q\\u0030\\u0035\",\r\n\"session_id\":\"" ID_1 "\"} ,\n{ \"session_id\" : \"" ID_2
		"\" , \"question_id\" : \"\xc3\xa9t\xc3\xa9\" , \"score\" : 2 , \"automatic\" : false ,"
		" \"note\" : null , \"scored_at\" : \"2026-03-14T16:01:00Z\" }],\"events\":[],"
		"\"exported_at\":\"2026-03-14T17:00:00Z\",\"reviewer\":\"m\\u00e4ria\","
		"\"schema\":\"prescreen.scores.v1\"}\r\n";
	scores_file g;
	diag_list d = { 0 };
	char *bad;

	(void)state;
	put_file(compact);
	if (scores_file_read(file, &g, &d) != 0) {
		diag_print(&d, stderr);
		fail();
	}
	assert_string_equal(g.reviewer, "m\xc3\xa4ria");
	assert_int_equal(g.nevents, 0);
	assert_null(g.events);
	assert_int_equal(g.count, 2);
	assert_string_equal(g.entries[0].session_id, ID_1);
	assert_string_equal(g.entries[0].question_id, "q05");
	assert_int_equal(g.entries[0].score, 5);
	assert_true(g.entries[0].automatic);
	assert_string_equal(g.entries[0].note, "a\"b\xc3\xa9\n\xe6\x97\xa5");
	assert_true(g.entries[0].scored_at == (int64_t)1773504000 * 1000);
	assert_string_equal(g.entries[1].question_id, "\xc3\xa9t\xc3\xa9");
	assert_int_equal(g.entries[1].score, 2);
	assert_false(g.entries[1].automatic);
	assert_null(g.entries[1].note);
	assert_true(g.entries[1].scored_at == (int64_t)1773504060 * 1000);
	scores_file_free(&g);
	assert_int_equal(d.count, 0);

	/* Not UTF-8, a score of 5.0, something after the end: not a scores file. */
	const char *const wrong[][2] = {
		{ "\\u00e9\\n\xe6\x97\xa5", "\\u00e9\\n\xe6\x97" },
		{ "\"score\":5,", "\"score\":5.0," },
		{ "}\r\n", "} x\r\n" },
		{ "\"score\" : 2 ,", "\"score\" : 2 , \"score\" : 2 ," },
	};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		const char *at = strstr(compact, wrong[i][0]);
		assert_non_null(at);
		bad = calloc(1, sizeof compact + 64);
		memcpy(bad, compact, (size_t)(at - compact));
		strcat(bad, wrong[i][1]);
		strcat(bad, at + strlen(wrong[i][0]));
		put_file(bad);
		free(bad);
		assert_int_equal(scores_file_read(file, &g, &d), -1);
		assert_true(d.errors > 0);
		assert_int_equal(g.count, 0);
		assert_null(g.entries);
		diag_free(&d);
	}
	unlink(file);
}

static void test_read_unreadable(void **state)
{
	scores_file g;
	diag_list d = { 0 };
	char want[256];

	(void)state;
	unlink(file);
	assert_int_equal(scores_file_read(file, &g, &d), -1);
	snprintf(want, sizeof want, "%s: No such file or directory", file);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], want);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_layout_and_mode),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_write_refuses),
		cmocka_unit_test(test_read_bad_json_and_schema),
		cmocka_unit_test(test_read_missing_and_unknown),
		cmocka_unit_test(test_read_bad_scores),
		cmocka_unit_test(test_read_duplicates),
		cmocka_unit_test(test_read_bad_times_and_ids),
		cmocka_unit_test(test_read_any_layout),
		cmocka_unit_test(test_read_unreadable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
