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
		"ended_at", "status", "answers", NULL };
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
	/* Contact keys differ between sessions: the union, sorted. */
	snprintf(s[2].contacts[0].key, SESSION_SHORT, "phone");
	session_set_string(&s[2].contacts[0].value, "+49 30, \"home\"");
	session_set_string(&s[2].name, NULL);
	csv = export_sessions_csv(s, 3);
	assert_non_null(csv);
	assert_null(strstr(csv, "\xef\xbb\xbf"));
	JOIN(path, "%s/sessions.csv", dir);
	f = fopen(path, "wb");
	fputs(csv, f);
	fclose(f);

	rows = python_rows(path);
	assert_int_equal(json_array_size(rows), 1 + 4 + 1 + 1);
	assert_string_equal(cell(rows, 0, "session_id"), "session_id");
	assert_int_equal(json_array_size(json_array_get(rows, 0)), 10 + 2 + 16);
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 10)),
	                    "contact_email");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 11)),
	                    "contact_phone");
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
	assert_string_equal(cell(rows, 6, "contact_phone"), "+49 30, \"home\"");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_json),
		cmocka_unit_test(test_time_and_status),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_bundle_mixed_events),
		cmocka_unit_test(test_collision_and_name),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_write_fails_midway),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_schemas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
