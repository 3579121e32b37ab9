/* The sealed store (SPEC §14): under a key no candidate text reaches the
 * database files, the box opens with the secret key to the exporter's own
 * JSON (an in-progress session as recovery leaves it), clear sessions are
 * sealed in place, a version 4 database migrates, and the export copies the
 * boxes byte for byte without sessions.csv. */
#define _GNU_SOURCE     /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "export.h"
#include "seal.h"
#include "session.h"
#include "store.h"

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

#define ID_A "01JDX5R7Q8W2M4N6P8R0T2V4X6"
#define ID_B "01JDX5R7Q8W2M4N6P8R0T2V4X7"
#define NOW_MS 1764410400000LL

/* Distinctive enough that finding one in a file can only be a leak. */
static const char *const SECRETS[] = {
	"Quintessa Zyxwvut", "quintessa@sealtest.example", "+49 30 5550199",
	"MarmaladeOscillator4711", "draft-PelicanTurbine-unsent",
};

static void rm_tree(const char *path)
{
	struct stat sb;
	struct dirent *e;
	char sub[4096];
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			JOIN(sub, "%s/%s", path, e->d_name);
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
	char tmpl[] = TEST_BUILD_DIR "/store-seal-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return strdup(dir);
}

static void fill(session_record *s, const char *id, session_status st)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%s", id);
	s->revision = 3;
	s->time_percent = 100;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "fair");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->question_count = 2;
	snprintf(s->question_ids[0], SESSION_SHORT, "q01");
	snprintf(s->question_ids[1], SESSION_SHORT, "q05");
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.0.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "sha256:%064d", 2);
	snprintf(s->language, sizeof s->language, "en");
	snprintf(s->consent_version, sizeof s->consent_version, "1-abcdef01");
	s->consent_at = NOW_MS - 600000;
	session_set_string(&s->name, SECRETS[0]);
	s->contact_count = 2;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	session_set_string(&s->contacts[0].value, SECRETS[1]);
	snprintf(s->contacts[1].key, SESSION_SHORT, "phone");
	session_set_string(&s->contacts[1].value, SECRETS[2]);
	s->started_at = NOW_MS - 590000;
	s->ended_at = st == SESSION_IN_PROGRESS ? 0 : NOW_MS - 10000;
	s->status = st;
	s->answer_count = 2;
	for (int i = 0; i < 2; i++) {
		answer_record *a = &s->answers[i];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, "general");
		session_set_string(&a->question_text, "Tell us about a system you built.");
		session_set_string(&a->answer, SECRETS[3 + i]);
		a->shown_at = NOW_MS - 500000 + i * 60000;
		a->first_input_ms = 4000;
		a->submitted_ms = i == 0 ? 50000 : -1;
		a->total_ms = 55000;
		a->active_ms = 30000;
		a->keystrokes = 40 + i;
		a->deletions = 2;
		a->characters = (int)strlen(SECRETS[3 + i]);
		a->words = 1;
		a->submitted = i == 0;
	}
}

static store *open_ok(const char *dir)
{
	char err[512] = "";
	store *st = store_open(dir, err, sizeof err);

	if (st == NULL)
		fail_msg("store_open(%s): %s", dir, err);
	return st;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		*len = 0;
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* How many of the secrets appear in any file of dir (the database, its
 * WAL and shared index, whatever else is there). */
static int secrets_in_dir(const char *dir)
{
	struct dirent *e;
	char path[4096];
	int found = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len;
		char *data;
		if (e->d_name[0] == '.')
			continue;
		struct stat sb;
		JOIN(path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (data = slurp(path, &len)) == NULL)
			continue;
		for (size_t i = 0; i < sizeof SECRETS / sizeof SECRETS[0]; i++)
			if (memmem(data, len, SECRETS[i], strlen(SECRETS[i])) != NULL) {
				fprintf(stderr, "found \"%s\" in %s\n", SECRETS[i], path);
				found++;
			}
		free(data);
	}
	closedir(d);
	return found;
}

/* The box of a loaded session, opened. */
static char *open_box(const seal_keypair *kp, const session_record *s, size_t *len)
{
	char *text;

	assert_non_null(s->sealed);
	assert_memory_equal(s->sealed_key, kp->pk, SEAL_KEY_BYTES);
	text = seal_open(kp, s->sealed, s->sealed_len, len);
	assert_non_null(text);
	return text;
}

static void assert_texts_empty(const session_record *s)
{
	assert_null(s->name);
	assert_int_equal(s->contact_count, 0);
	for (int i = 0; i < s->answer_count; i++)
		assert_string_equal(s->answers[i].answer, "");
}

/* Every save is the box and clear metadata only; the box is the exporter's
 * JSON, an in-progress session in it as recovery would leave it. */
static void test_sealed_put(void **state)
{
	char *dir = temp_dir(), *text, *want;
	session_record s, got, doc;
	seal_keypair kp;
	json_t *root;
	size_t len;
	store *st;

	(void)state;
	assert_int_equal(seal_keygen(&kp), 0);
	st = open_ok(dir);
	assert_int_equal(store_set_seal_key(st, kp.pk), 0);
	fill(&s, ID_A, SESSION_IN_PROGRESS);
	/* A draft: typed, never submitted, saved as the candidate types. */
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(secrets_in_dir(dir), 0);

	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_texts_empty(&got);
	assert_int_equal(got.status, SESSION_IN_PROGRESS);
	assert_int_equal(got.answer_count, 2);
	assert_int_equal(got.answers[1].characters, s.answers[1].characters);
	assert_int_equal(got.answers[1].keystrokes, 41);
	assert_int_equal(got.started_at, s.started_at);
	assert_string_equal(got.question_ids[1], "q05");
	assert_true(got.sealed_len > SEAL_OVERHEAD);
	text = open_box(&kp, &got, &len);
	for (size_t i = 0; i < sizeof SECRETS / sizeof SECRETS[0]; i++)
		assert_non_null(strstr(text, SECRETS[i]));
	root = json_loads(text, 0, NULL);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "schema")),
	                    EXPORT_SCHEMA_SESSION);
	assert_string_equal(json_string_value(json_object_get(root, "status")), "interrupted");
	assert_true(json_is_null(json_object_get(root, "ended_at")));
	json_decref(root);
	/* Exactly the exporter's bytes for the session as recovery leaves it. */
	session_init(&doc);
	assert_int_equal(session_copy(&doc, &s), 0);
	doc.status = SESSION_INTERRUPTED;
	want = export_session_json(&doc);
	assert_string_equal(text, want);
	assert_int_equal(len, strlen(want));
	free(want);
	session_clear(&doc);
	seal_free(text, len);
	session_clear(&got);

	/* Recovery after a kill -9 agrees with the box. */
	assert_int_equal(store_recover(st), 1);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.status, SESSION_INTERRUPTED);
	session_clear(&got);

	/* Completed: the new box says so, with its end. */
	s.status = SESSION_COMPLETED;
	s.ended_at = NOW_MS - 1000;
	s.revision++;
	assert_int_equal(store_put(st, &s), 0);
	assert_int_equal(store_load(st, ID_A, &got), 0);
	assert_int_equal(got.status, SESSION_COMPLETED);
	assert_int_equal(got.revision, s.revision);
	text = open_box(&kp, &got, &len);
	want = export_session_json(&s);
	assert_string_equal(text, want);
	free(want);
	seal_free(text, len);
	/* A session loaded sealed and put back stays the same box. */
	assert_int_equal(store_put(st, &got), 0);
	{
		session_record again;
		assert_int_equal(store_load(st, ID_A, &again), 0);
		assert_int_equal(again.sealed_len, got.sealed_len);
		assert_memory_equal(again.sealed, got.sealed, got.sealed_len);
		session_clear(&again);
	}
	session_clear(&got);
	assert_int_equal(store_scrub(st), 0);
	assert_int_equal(secrets_in_dir(dir), 0);
	store_close(st);
	assert_int_equal(secrets_in_dir(dir), 0);

	session_clear(&s);
	seal_keypair_wipe(&kp);
	rm_tree(dir);
	free(dir);
}

/* Clear sessions (an unsealed event's) sealed in place when a key comes. */
static void test_seal_in_place(void **state)
{
	char *dir = temp_dir(), *text, *want;
	session_record a, b, *all;
	seal_keypair kp;
	size_t len;
	store *st;
	int n;

	(void)state;
	assert_int_equal(seal_keygen(&kp), 0);
	st = open_ok(dir);
	fill(&a, ID_A, SESSION_COMPLETED);
	fill(&b, ID_B, SESSION_ABANDONED);
	assert_int_equal(store_put(st, &a), 0);
	assert_int_equal(store_put(st, &b), 0);
	/* The test can see a leak: in clear, the secrets are there. */
	assert_true(secrets_in_dir(dir) > 0);
	store_close(st);

	st = open_ok(dir);
	assert_int_equal(store_set_seal_key(st, kp.pk), 0);
	assert_int_equal(secrets_in_dir(dir), 0);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 2);
	for (int i = 0; i < 2; i++) {
		assert_texts_empty(&all[i]);
		text = open_box(&kp, &all[i], &len);
		want = export_session_json(i == 0 ? &a : &b);
		assert_string_equal(text, want);
		free(want);
		seal_free(text, len);
	}
	assert_int_equal(all[1].status, SESSION_ABANDONED);
	store_free_sessions(all, n);
	/* Setting the key again finds nothing left to seal. */
	assert_int_equal(store_set_seal_key(st, kp.pk), 0);
	store_close(st);
	assert_int_equal(secrets_in_dir(dir), 0);

	session_clear(&a);
	session_clear(&b);
	seal_keypair_wipe(&kp);
	rm_tree(dir);
	free(dir);
}

static void user_version(const char *path, char *out, size_t len)
{
	sqlite3_stmt *q;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(out, len, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* A version 4 database: its sessions read (read-only too), the upgrade to
 * 5 keeps them in clear, and they still export. */
static void test_migrate_v4(void **state)
{
	char *dir = temp_dir(), path[4096], version[16], out[4096], err[512] = "";
	char file[4200];
	session_record a, *all;
	sqlite3 *db;
	store *st;
	size_t len;
	char *data;
	int n;

	(void)state;
	st = open_ok(dir);
	fill(&a, ID_A, SESSION_COMPLETED);
	assert_int_equal(store_put(st, &a), 0);
	assert_int_equal(store_scrub(st), 0);
	store_close(st);
	JOIN(path, "%s/prescreen.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE sessions DROP COLUMN sealed;"
	                              "ALTER TABLE sessions DROP COLUMN sealed_key;"
	                              "PRAGMA user_version = 4;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	st = store_open_read_only(dir, err, sizeof err);
	if (st == NULL)
		fail_msg("read-only: %s", err);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 1);
	assert_null(all[0].sealed);
	assert_string_equal(all[0].name, SECRETS[0]);
	store_free_sessions(all, n);
	store_close(st);
	user_version(path, version, sizeof version);
	assert_string_equal(version, "4");

	st = open_ok(dir);
	user_version(path, version, sizeof version);
	assert_string_equal(version, "5");
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 1);
	assert_null(all[0].sealed);
	assert_string_equal(all[0].answers[0].answer, SECRETS[3]);
	JOIN(out, "%s/out", dir);
	assert_int_equal(mkdir(out, 0700), 0);
	assert_int_equal(export_bundle(out, NULL, all, n, NOW_MS, path, sizeof path, err,
	                               sizeof err), 0);
	JOIN(file, "%s/sessions/%s.json", path, ID_A);
	data = slurp(file, &len);
	assert_non_null(data);
	assert_non_null(strstr(data, SECRETS[3]));
	free(data);
	store_free_sessions(all, n);
	store_close(st);
	session_clear(&a);
	rm_tree(dir);
	free(dir);
}

/* The bundle of sealed sessions: each box byte for byte, twice the same,
 * no sessions.csv, and the manifest naming the key and hashing the boxes. */
static void test_export_sealed(void **state)
{
	char *dir = temp_dir(), out[4096], one[4096], two[4096], err[512] = "";
	char file[4200], b64[SEAL_B64_LEN], id[SEAL_KEY_ID_LEN];
	session_record a, b, *all;
	seal_keypair kp;
	json_t *m, *files;
	store *st;
	size_t len, len2;
	char *data, *data2;
	int n;

	(void)state;
	assert_int_equal(seal_keygen(&kp), 0);
	st = open_ok(dir);
	assert_int_equal(store_set_seal_key(st, kp.pk), 0);
	fill(&a, ID_A, SESSION_COMPLETED);
	fill(&b, ID_B, SESSION_IN_PROGRESS);
	assert_int_equal(store_put(st, &a), 0);
	assert_int_equal(store_put(st, &b), 0);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 2);
	JOIN(out, "%s/out", dir);
	assert_int_equal(mkdir(out, 0700), 0);
	assert_int_equal(export_bundle(out, NULL, all, n, NOW_MS, one, sizeof one, err,
	                               sizeof err), 0);
	assert_int_equal(export_bundle(out, NULL, all, n, NOW_MS + 1000, two, sizeof two, err,
	                               sizeof err), 0);
	for (int i = 0; i < 2; i++) {
		JOIN(file, "%s/sessions/%s.json.sealed", one, all[i].id);
		data = slurp(file, &len);
		assert_non_null(data);
		assert_int_equal(len, all[i].sealed_len);
		assert_memory_equal(data, all[i].sealed, len);
		JOIN(file, "%s/sessions/%s.json.sealed", two, all[i].id);
		data2 = slurp(file, &len2);
		assert_non_null(data2);
		assert_int_equal(len, len2);
		assert_memory_equal(data, data2, len);
		free(data);
		free(data2);
		JOIN(file, "%s/sessions/%s.json", one, all[i].id);
		assert_int_equal(access(file, F_OK), -1);
	}
	JOIN(file, "%s/sessions.csv", one);
	assert_int_equal(access(file, F_OK), -1);
	JOIN(file, "%s/manifest.json", one);
	m = json_load_file(file, 0, NULL);
	assert_non_null(m);
	seal_public_format(kp.pk, b64);
	seal_key_id(kp.pk, id);
	assert_true(json_is_true(json_object_get(m, "sealed")));
	assert_string_equal(json_string_value(json_object_get(m, "public_key")), b64);
	assert_string_equal(json_string_value(json_object_get(m, "key_id")), id);
	assert_null(json_object_get(m, "public_keys"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(m, "counts"),
	                                                    "sessions")), 2);
	files = json_object_get(m, "files");
	assert_null(json_object_get(files, "sessions.csv"));
	for (int i = 0; i < 2; i++) {
		char rel[64], want[80];
		unsigned char digest[32];
		JOIN(rel, "sessions/%s.json.sealed", all[i].id);
		crypto_hash_sha256(digest, all[i].sealed, all[i].sealed_len);
		snprintf(want, sizeof want, "sha256:");
		for (int k = 0; k < 32; k++)
			snprintf(want + 7 + 2 * k, sizeof want - 7 - 2 * k, "%02x", digest[k]);
		assert_string_equal(json_string_value(json_object_get(files, rel)), want);
	}
	json_decref(m);
	/* The published manifest schema takes it (when python3-jsonschema is there). */
	if (system("python3 -c 'import jsonschema' 2>/dev/null") == 0) {
		char cmd[8192];
		JOIN(cmd, "python3 -c 'import json, jsonschema\n"
		     "def load(p): return json.load(open(p, encoding=\"utf-8\"))\n"
		     "jsonschema.validate(load(\"%s/manifest.json\"),\n"
		     "    load(\"%s/schema/prescreen.manifest.v1.schema.json\"),\n"
		     "    cls=jsonschema.Draft202012Validator)\n'", one, TEST_SOURCE_DIR);
		assert_int_equal(system(cmd), 0);
	}
	/* No candidate text anywhere in the bundle. */
	JOIN(file, "%s/sessions", one);
	assert_int_equal(secrets_in_dir(one), 0);
	assert_int_equal(secrets_in_dir(file), 0);
	store_free_sessions(all, n);

	/* A clear session beside sealed ones (the event lost its key): its own
	 * file, but still no sessions.csv. */
	assert_int_equal(store_set_seal_key(st, NULL), 0);
	session_clear(&a);
	fill(&a, "01JDX5R7Q8W2M4N6P8R0T2V4X9", SESSION_COMPLETED);
	assert_int_equal(store_put(st, &a), 0);
	assert_int_equal(store_load_all(st, &all, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(export_bundle(out, NULL, all, n, NOW_MS + 2000, one, sizeof one, err,
	                               sizeof err), 0);
	JOIN(file, "%s/sessions.csv", one);
	assert_int_equal(access(file, F_OK), -1);
	JOIN(file, "%s/sessions/01JDX5R7Q8W2M4N6P8R0T2V4X9.json", one);
	assert_int_equal(access(file, F_OK), 0);
	store_free_sessions(all, n);

	store_close(st);
	session_clear(&a);
	session_clear(&b);
	seal_keypair_wipe(&kp);
	rm_tree(dir);
	free(dir);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What sealing adds to an autosave, printed (never asserted): the JSON and
 * the box of a session of 8 answers of 2,000 characters, and store_put with
 * and without a key, alternately, on this disk. */
static void test_seal_cost(void **state)
{
	char *dir = temp_dir(), big[2001];
	double t0, json_box = 0, put[2] = { 0, 0 };
	session_record s;
	seal_keypair kp;
	store *st;
	const int n = 40;

	(void)state;
	assert_int_equal(seal_keygen(&kp), 0);
	memset(big, 'w', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fill(&s, ID_A, SESSION_IN_PROGRESS);
	s.question_count = s.answer_count = 8;
	for (int i = 0; i < 8; i++) {
		snprintf(s.question_ids[i], SESSION_SHORT, "q%02d", i + 1);
		if (i >= 2) {
			s.answers[i] = s.answers[i % 2];
			s.answers[i].question_text = NULL;
			s.answers[i].answer = NULL;
		}
		session_set_string(&s.answers[i].question_text, "Tell us about a system you built.");
		session_set_string(&s.answers[i].answer, big);
		snprintf(s.answers[i].question_id, SESSION_SHORT, "q%02d", i + 1);
	}
	for (int i = 0; i < n; i++) {
		size_t len;
		t0 = now_ms();
		char *json = export_session_json(&s);
		unsigned char *box = seal_box(kp.pk, json, strlen(json), &len);
		json_box += now_ms() - t0;
		assert_non_null(box);
		explicit_bzero(json, strlen(json));
		free(json);
		free(box);
	}
	/* Two stores side by side, one under the key, written in turn. */
	char sub[2][4200];
	store *both[2];
	for (int k = 0; k < 2; k++) {
		JOIN(sub[k], "%s/%s", dir, k ? "sealed" : "clear");
		both[k] = open_ok(sub[k]);
	}
	assert_int_equal(store_set_seal_key(both[1], kp.pk), 0);
	for (int i = 0; i < 2 * n; i++) {
		int sealed = i % 2;
		s.revision++;
		t0 = now_ms();
		assert_int_equal(store_put(both[sealed], &s), 0);
		put[sealed] += now_ms() - t0;
	}
	store_close(both[0]);
	st = both[1];
	printf("JSON + seal_box of 8 answers x 2000 characters: %.3f ms\n", json_box / n);
	printf("store_put, same session: %.3f ms in clear, %.3f ms sealed (%d each)\n",
	       put[0] / n, put[1] / n, n);
	store_close(st);
	session_clear(&s);
	seal_keypair_wipe(&kp);
	rm_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_put),
		cmocka_unit_test(test_seal_in_place),
		cmocka_unit_test(test_migrate_v4),
		cmocka_unit_test(test_export_sealed),
		cmocka_unit_test(test_seal_cost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
