/* Bundles read back for review: sessions parsed back to the same bytes,
 * bundles verified (and refused, naming the file), the pack a bundle carries
 * found by hash, the kiosk's pack snapshot, and the verification's speed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_internal.h"
#include "diag.h"
#include "export.h"
#include "hash.h"
#include "pack.h"
#include "pack_snapshot.h"
#include "session.h"

#define PACK_DIR TEST_SOURCE_DIR "/questions/backend-developer"
#define NOW_MS INT64_C(1795946400000)    /* 2026-11-29T10:00:00Z */

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static const char *const LANGS[9] = { "en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN",
                                      "ja" };
static const char *const WORDS[9] = {
	"=SUM(A1:A9) she said \"no\",\r\nthen\tleft \\ \x01 🚀", "Sí, con PostgreSQL",
	"J'ai réduit la latence « vite »", "Größe ÄÖÜ ß", "ação e migração",
	"أستخدم REST API مع قاعدة بيانات PostgreSQL", "मैंने Django में भुगतान सेवा बनाई",
	"我负责过订单系统的数据库迁移，没有停机。", "三年間 Node.js と Express.js を使ってきました。",
};

static char pack_hash[SESSION_HASH];

static void rm_tree(const char *path)
{
	char cmd[4200];

	JOIN(cmd, "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static char *temp_dir(void)
{
	char tmpl[] = TEST_BUILD_DIR "/bundle-test-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
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

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

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

/* A session of one of the nine languages; variant picks the edge cases. */
static void fill(session_record *s, int n, session_status st, int variant)
{
	char text[512];

	session_init(s);
	snprintf(s->id, sizeof s->id, "01JDX5R7Q8W2M4N6P8R0T%05u", (unsigned)n % 100000u);
	s->revision = variant == 3 ? INT64_C(9007199254740993) : n;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = variant == 2 ? 0 : 60;
	s->time_percent = variant == 1 ? 125 : variant == 2 ? 200 : variant == 3 ? 150 : 100;
	s->question_count = variant == 2 ? 0 : SESSION_MAX_QUESTIONS;
	for (int i = 0; i < s->question_count; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "q%02d", i * 3 + 1);
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.1.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "%s", pack_hash);
	snprintf(s->language, sizeof s->language, "%s", LANGS[n % 9]);
	snprintf(s->consent_version, sizeof s->consent_version, "1-3f9a0c2e");
	s->consent_at = variant == 1 ? 0 : NOW_MS + 11000;
	if (variant != 1)
		session_set_string(&s->name, WORDS[(n + 3) % 9]);
	s->contact_count = variant == 2 ? 0 : variant == 1 ? 4 : 1;
	static const char *const keys[4] = { "phone", "email", "linkedin", "city" };
	for (int i = 0; i < s->contact_count; i++) {
		snprintf(s->contacts[i].key, SESSION_SHORT, "%s", keys[i]);
		if (!(variant == 1 && i == 1))
			session_set_string(&s->contacts[i].value, i == 2 ? "" : WORDS[i]);
	}
	s->started_at = NOW_MS + 5450;
	s->ended_at = st == SESSION_IN_PROGRESS || (st == SESSION_INTERRUPTED && variant == 1)
	              ? 0 : NOW_MS + 1355000;
	s->status = st;
	s->answer_count = variant == 2 ? 0 : SESSION_MAX_QUESTIONS - (n % 3);
	for (int i = 0; i < s->answer_count; i++) {
		answer_record *a = &s->answers[i];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, "%s", pack_type_name((question_type)(i % 5)));
		snprintf(text, sizeof text, "%d: %s", i + 1, WORDS[(n + i) % 9]);
		if (!(variant == 1 && i == 0))
			session_set_string(&a->question_text, text);
		if (!(variant == 1 && i == 1))
			session_set_string(&a->answer, i == 2 ? "" : WORDS[(n + i + 1) % 9]);
		a->shown_at = variant == 1 && i == 3 ? 0 : NOW_MS + 60000 + i * 60000;
		a->first_input_ms = i == 1 ? -1 : 8200 + i;
		a->submitted_ms = i == s->answer_count - 1 ? -1 : 182000;
		a->total_ms = 190000 + n;
		a->active_ms = 121000;
		a->keystrokes = 912 + i;
		a->deletions = 77;
		a->characters = 30;
		a->words = 6;
		a->timed_out = i == 2;
		a->skipped = i == 3;
		a->submitted = a->submitted_ms >= 0;
	}
}

static int setup(void **state)
{
	char hex[HASH_HEX_LEN + 1];

	(void)state;
	assert_int_equal(hash_file_hex(PACK_DIR "/pack.json", hex), 0);
	snprintf(pack_hash, sizeof pack_hash, "sha256:%s", hex);
	return 0;
}

/* Parsing what export_session_json wrote, then exporting again, gives the
 * same bytes: every status, nine languages, nulls, empties, escapes. */
static void test_roundtrip(void **state)
{
	static const session_status all[4] = { SESSION_IN_PROGRESS, SESSION_COMPLETED,
	                                        SESSION_ABANDONED, SESSION_INTERRUPTED };
	int cases = 0;

	(void)state;
	for (int n = 0; n < 9; n++) {
		for (int k = 0; k < 4; k++) {
			for (int variant = 0; variant < 4; variant++) {
				session_record s, back;
				diag_list d = { 0 };
				char *one, *two;

				fill(&s, n, all[k], variant);
				assert_non_null(one = export_session_json(&s));
				assert_int_equal(bundle_parse_session(one, strlen(one), "s.json", &back, &d), 0);
				assert_int_equal(d.count, 0);
				assert_non_null(two = export_session_json(&back));
				assert_string_equal(one, two);
				assert_int_equal(back.status, all[k]);
				assert_string_equal(back.language, LANGS[n]);
				assert_int_equal(back.answer_count, s.answer_count);
				for (int i = 0; i < s.answer_count; i++)
					assert_int_equal(back.answers[i].submitted, s.answers[i].submitted);
				free(one);
				free(two);
				session_clear(&s);
				session_clear(&back);
				cases++;
			}
		}
	}
	printf("round trip: %d sessions byte-identical\n", cases);
}

/* Each bad session file: one line naming the file and the line. */
static void test_parse_errors(void **state)
{
	static const struct {
		const char *from, *to, *want;
	} edits[] = {
		{ "\"revision\": 3", "\"revision\": -3", "s.json:4: \"revision\" is -3" },
		{ "\"threshold\": 60", "\"threshold\": 101", "s.json:8: \"threshold\" is 101" },
		{ "\"status\": \"completed\"", "\"status\": \"done\"", "unknown status \"done\"" },
		{ "\"language\": \"de\"", "\"language\": 7", "\"language\" must be a string" },
		{ "\"kiosk_id\": \"berlin-01\",", "", "s.json:1: missing \"kiosk_id\"" },
		{ "\"started_at\": \"2026-11-29T10:00:05Z\"", "\"started_at\": \"2026-13-29T10:00:05Z\"",
		  "\"started_at\" must be a UTC time" },
		{ "\"timed_out\": false", "\"timed_out\": 0", "\"timed_out\" must be true or false" },
		{ "\"skipped\": false", "\"skipped\": false, \"mood\": 3", "unknown field \"mood\"" },
		{ "\"schema\": \"prescreen.session.v1\"", "\"schema\": \"prescreen.session.v2\"",
		  "s.json:2: schema \"prescreen.session.v2\"" },
		{ "\"revision\": 3", "\"revision\": 3, \"revision\": 5", "s.json:4: not a session file" },
		{ "\"answers\": [", "\"answers\": [}", "s.json:" },
		{ "\"time_percent\": 100", "\"time_percent\": 175",
		  "\"time_percent\" is 175, not 100, 125, 150 or 200" },
		{ "\"time_percent\": 100", "\"time_percent\": 300",
		  "\"time_percent\" is 300, outside 100..200" },
		{ "\"time_percent\": 100", "\"time_percent\": \"150\"",
		  "\"time_percent\" must be an integer" },
	};
	session_record s, back;
	char *json, *bad, *at;
	diag_list d = { 0 };

	(void)state;
	fill(&s, 3, SESSION_COMPLETED, 0);
	json = export_session_json(&s);
	session_clear(&s);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		size_t n = strlen(json) + strlen(edits[i].to) + 1;
		assert_non_null(at = strstr(json, edits[i].from));
		bad = malloc(n);
		snprintf(bad, n, "%.*s%s%s", (int)(at - json), json, edits[i].to,
		         at + strlen(edits[i].from));
		assert_int_equal(bundle_parse_session(bad, strlen(bad), "s.json", &back, &d), -1);
		assert_true(d.errors > 0);
		assert_line(&d, edits[i].want);
		/* Nothing half-filled is handed back. */
		assert_null(back.name);
		free(bad);
		diag_free(&d);
	}
	/* A session from before extra time had the event's own. */
	assert_non_null(at = strstr(json, "\"time_percent\": 100,\n"));
	{
		size_t cut = strlen("\"time_percent\": 100,\n");
		memmove(at, at + cut, strlen(at + cut) + 1);
	}
	assert_int_equal(bundle_parse_session(json, strlen(json), "s.json", &back, &d), 0);
	assert_int_equal(back.time_percent, 100);
	session_clear(&back);
	diag_free(&d);
	/* Not an object: JSON_DECODE_ANY stays off. */
	assert_int_equal(bundle_parse_session("\"x\"", 3, "s.json", &back, &d), -1);
	assert_line(&d, "s.json:1: not a session file");
	diag_free(&d);
	assert_int_equal(bundle_parse_session("[]", 2, "s.json", &back, &d), -1);
	assert_line(&d, "not a session file");
	diag_free(&d);
	free(json);
}

/* A bundle exported from sessions, with the pack found in the share folder. */
static char *make_bundle(const char *parent, int count, const char *share)
{
	char err[1024] = "", path[4096];
	diag_list warnings = { 0 };
	export_writer *w = export_begin(parent, NULL, NOW_MS, NULL, err, sizeof err);
	session_record s;

	if (w == NULL)
		fail_msg("%s", err);
	for (int n = 0; n < count; n++) {
		fill(&s, n, (session_status)(n % 4), n % 4);
		assert_int_equal(export_add(w, &s), 0);
		session_clear(&s);
	}
	assert_int_equal(export_add_packs(w, NULL, share, &warnings), 0);
	assert_int_equal(warnings.count, 0);
	if (export_finish(w, path, sizeof path) != 0)
		fail_msg("%s", err);
	return strdup(path);
}

typedef struct {
	int count;
	char last[SESSION_ID_LEN + 1];
	int stop_after;
	bool sorted;
} walked;

static int walk_fn(void *ctx, const bundle *b, const session_record *s, const char *json,
                   size_t len, const char *content_hash)
{
	walked *w = ctx;
	char path[4200], hash[SESSION_HASH];
	size_t flen;
	char *file;

	JOIN(path, "%s/sessions/%s.json", b->dir, s->id);
	file = slurp(path, &flen);
	assert_int_equal(flen, len);
	assert_memory_equal(file, json, len);
	hash_sha256_tagged(file, flen, hash);
	assert_string_equal(hash, content_hash);
	free(file);
	if (strcmp(w->last, s->id) >= 0)
		w->sorted = false;
	snprintf(w->last, sizeof w->last, "%s", s->id);
	w->count++;
	return w->stop_after > 0 && w->count == w->stop_after;
}

/* The fast reader of session JSON gives jansson's tree, or gives up where
 * jansson might read the text otherwise: never a tree jansson would refuse. */
static void test_fast_json(void **state)
{
	static const char *const same[] = {
		"{}", " {\"a\": [1, 0, 123456789012345678, true, false, null, {}, []]}\r\n",
		"{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude80 \xf0\x9f\x9a\x80\"}",
		"{\"\\u006bey\": \"v\", \"k\xc3\xa9y\": {\"x\": [\"\", \"\\u0001\"]}}",
		"{\"a\":1,\"b\":{\"c\":[[[\"d\"]]]}}\t",
	};
	static const char *const refused[] = {
		"", "[]", "{\"a\": 1,}", "{\"a\" 1}", "{\"a\": 01}", "{\"a\": 1.5}", "{\"a\": -1}",
		"{\"a\": 1e3}", "{\"a\": tru}", "{\"a\": 1} x", "{\"a\": \"\\u0000\"}",
		"{\"a\": \"\\ud83d\"}", "{\"a\": \"\\ude80\"}", "{\"a\": \"\\x\"}", "{\"a\": \"\t\"}",
		"{\"a\": \"\xc0\xaf\"}", "{\"a\": \"\xed\xa0\x80\"}", "{\"a\": \"\xf4\x90\x80\x80\"}",
		"{\"a\": \"\xe6\x97\"}", "{\"a\": 1, \"a\": 2}", "{\"a\": 1234567890123456789012}",
		"{\"a\": \"cut", "{\"a\": [1, 2}",
	};
	json_error_t jerr;

	(void)state;
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		json_t *fast = bundle_json_fast(same[i], strlen(same[i]));
		json_t *slow = json_loadb(same[i], strlen(same[i]), JSON_REJECT_DUPLICATES, &jerr);
		assert_non_null(slow);
		if (fast == NULL || !json_equal(fast, slow))
			fail_msg("not the same tree: %s", same[i]);
		/* Keys in the file's order, as bundle_parse_session needs them. */
		const char *k1, *k2;
		void *it1 = json_object_iter(fast), *it2 = json_object_iter(slow);
		for (; it1 != NULL && it2 != NULL;
		     it1 = json_object_iter_next(fast, it1), it2 = json_object_iter_next(slow, it2)) {
			k1 = json_object_iter_key(it1);
			k2 = json_object_iter_key(it2);
			assert_string_equal(k1, k2);
		}
		assert_true(it1 == NULL && it2 == NULL);
		json_decref(fast);
		json_decref(slow);
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		json_t *fast = bundle_json_fast(refused[i], strlen(refused[i]));
		if (fast != NULL)
			fail_msg("read, but jansson must say what is wrong: %s", refused[i]);
	}
}

static void test_open_and_walk(void **state)
{
	char *parent = temp_dir(), *b = NULL, other[SESSION_HASH], want[4200];
	diag_list d = { 0 };
	bundle bd;
	walked w = { .sorted = true };

	(void)state;
	b = make_bundle(parent, 13, TEST_SOURCE_DIR);
	assert_int_equal(bundle_open(b, true, &bd, &d), 0);
	diag_print(&d, stdout);
	assert_int_equal(d.count, 0);
	assert_int_equal(bd.session_files, 13);
	assert_string_equal(bd.kiosk_id, "berlin-01");
	assert_int_equal(bd.npacks, 1);
	assert_string_equal(bd.packs[0].id, "backend-developer");
	assert_string_equal(bd.packs[0].hash, pack_hash);
	JOIN(want, "%s/pack", b);
	assert_string_equal(bundle_pack_dir(&bd, pack_hash), want);
	snprintf(other, sizeof other, "sha256:%064d", 7);
	assert_null(bundle_pack_dir(&bd, other));
	assert_int_equal(bundle_each(&bd, walk_fn, &w, &d), 0);
	assert_int_equal(w.count, 13);
	assert_true(w.sorted);
	/* fn stops the walk. */
	w = (walked){ .stop_after = 4, .sorted = true };
	assert_int_equal(bundle_each(&bd, walk_fn, &w, &d), 1);
	assert_int_equal(w.count, 4);
	assert_int_equal(d.count, 0);
	/* The bundle's pack is the pack loaded from it. */
	pack p;
	assert_int_equal(pack_load(bundle_pack_dir(&bd, pack_hash), &p, &d), 0);
	assert_string_equal(p.hash, pack_hash);
	pack_free(&p);
	diag_free(&d);
	rm_tree(parent);
	free(parent);
	free(b);
}

/* Copies bundle b to a fresh folder and returns its path. */
static char *copy_of(const char *b, const char *parent, const char *name)
{
	char dst[4200], cmd[9000];

	JOIN(dst, "%s/%s", parent, name);
	JOIN(cmd, "rm -rf '%s' && cp -r '%s' '%s'", dst, b, dst);
	assert_int_equal(system(cmd), 0);
	return strdup(dst);
}

static void expect_refused(const char *dir, const char *want)
{
	diag_list d = { 0 };
	bundle bd;

	assert_int_equal(bundle_open(dir, true, &bd, &d), -1);
	assert_true(d.errors > 0);
	assert_line(&d, want);
	assert_int_equal(bd.npacks, 0);
	diag_free(&d);
}

static void test_refusals(void **state)
{
	char *parent = temp_dir(), *b = make_bundle(parent, 5, TEST_SOURCE_DIR), *t;
	char path[4300], want[4400], *m;
	struct dirent *e;
	char first[256] = "";
	size_t len;
	DIR *dir;

	(void)state;
	JOIN(path, "%s/sessions", b);
	assert_non_null(dir = opendir(path));
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.' && (first[0] == '\0' || strcmp(e->d_name, first) < 0))
			snprintf(first, sizeof first, "%s", e->d_name);
	closedir(dir);

	t = copy_of(b, parent, "missing");
	JOIN(path, "%s/sessions/%s", t, first);
	assert_int_equal(unlink(path), 0);
	JOIN(want, "%s: missing: listed in the manifest", path);
	expect_refused(t, want);
	free(t);

	t = copy_of(b, parent, "extra");
	JOIN(path, "%s/sessions/notes.txt", t);
	spit(path, "x", 1);
	JOIN(want, "%s: extra: not listed in the manifest", path);
	expect_refused(t, want);
	free(t);

	/* What a Mac or Windows adds to a stick is not refused; the same
	 * names' neighbours are. */
	t = copy_of(b, parent, "os-litter");
	{
		static const char *const dirs[] = { ".Spotlight-V100", ".Trashes", ".fseventsd",
		                                    "System Volume Information" };
		static const char *const files[] = { ".DS_Store", "._manifest.json",
		                                     "sessions/.DS_Store", "sessions/._x.json",
		                                     ".Trashes/501/x", ".fseventsd/fseventsd-uuid",
		                                     "System Volume Information/IndexerVolumeGuid" };
		diag_list ok = { 0 };
		bundle bd;
		for (size_t i = 0; i < 4; i++) {
			JOIN(path, "%s/%s", t, dirs[i]);
			assert_int_equal(mkdir(path, 0700), 0);
		}
		JOIN(path, "%s/.Trashes/501", t);
		assert_int_equal(mkdir(path, 0700), 0);
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			JOIN(path, "%s/%s", t, files[i]);
			spit(path, "\0\5\026\007Mac OS X", 12);
		}
		assert_int_equal(bundle_open(t, true, &bd, &ok), 0);
		diag_print(&ok, stdout);
		assert_int_equal(ok.count, 0);
		assert_int_equal(bd.session_files, 5);
		diag_free(&ok);
		JOIN(path, "%s/sessions/.DS_Store.json", t);
		spit(path, "{}", 2);
		JOIN(want, "%s: extra: not listed in the manifest", path);
		expect_refused(t, want);
		unlink(path);
		JOIN(path, "%s/._", t);
		spit(path, "x", 1);
		JOIN(want, "%s: extra: not listed in the manifest", path);
		expect_refused(t, want);
		unlink(path);
		JOIN(path, "%s/.Trash", t);
		spit(path, "x", 1);
		JOIN(want, "%s: extra: not listed in the manifest", path);
		expect_refused(t, want);
	}
	free(t);

	t = copy_of(b, parent, "extra-dir");
	JOIN(path, "%s/stray", t);
	assert_int_equal(mkdir(path, 0700), 0);
	JOIN(path, "%s/stray/x.json", t);
	spit(path, "{}", 2);
	JOIN(want, "%s: extra", path);
	expect_refused(t, want);
	free(t);

	t = copy_of(b, parent, "altered");
	JOIN(path, "%s/sessions/%s", t, first);
	m = slurp(path, &len);
	m[len / 2] = m[len / 2] == 'x' ? 'y' : 'x';
	spit(path, m, len);
	free(m);
	JOIN(want, "%s: altered: its SHA-256 differs from the manifest", path);
	expect_refused(t, want);
	free(t);

	t = copy_of(b, parent, "truncated");
	JOIN(path, "%s/manifest.json", t);
	m = slurp(path, &len);
	spit(path, m, len / 2);
	JOIN(want, "%s:", path);
	expect_refused(t, want);
	expect_refused(t, "bad manifest (cut short)");
	/* Every file listed, but one path leads out of the bundle. */
	char *dots = strstr(m, "\"sessions.csv\"");
	assert_non_null(dots);
	memcpy(dots, "\"../sions.csv\"", 14);
	spit(path, m, len);
	expect_refused(t, "\"../sions.csv\" is not a path inside the bundle");
	free(m);
	free(t);

	t = copy_of(b, parent, "foreign-schema");
	JOIN(path, "%s/manifest.json", t);
	spit(path, "{\"schema\": \"something.else\"}\n", 29);
	JOIN(want, "%s:1: not an export bundle", path);
	expect_refused(t, want);
	spit(path, "[1, 2]\n", 7);
	expect_refused(t, "not an export bundle");
	JOIN(path, "%s/manifest.json", t);
	unlink(path);
	JOIN(want, "%s: not an export bundle: it has no manifest.json", t);
	expect_refused(t, want);
	free(t);

	/* The pack's entry must point at a listed pack.json of that hash. */
	t = copy_of(b, parent, "pack-path");
	JOIN(path, "%s/manifest.json", t);
	m = slurp(path, &len);
	char *p = strstr(m, "\"path\": \"pack\"");
	assert_non_null(p);
	memcpy(p, "\"path\": \"pock\"", 14);
	spit(path, m, len);
	free(m);
	expect_refused(t, "\"pock\" is not a listed pack folder");
	free(t);

	expect_refused(TEST_SOURCE_DIR "/questions", "not an export bundle");
	rm_tree(parent);
	free(parent);
	free(b);
}

/* The stamp moves with any change a second open must not miss. */
static void test_fingerprint(void **state)
{
	char *parent = temp_dir(), *b = make_bundle(parent, 4, TEST_SOURCE_DIR);
	char one[SESSION_HASH], two[SESSION_HASH], path[4300];
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000, 0 } };
	diag_list d = { 0 };
	bundle bd;

	(void)state;
	assert_int_equal(bundle_fingerprint(b, one, &d), 0);
	assert_int_equal(bundle_fingerprint(b, two, &d), 0);
	assert_string_equal(one, two);
	assert_int_equal(strncmp(one, "sha256:", 7), 0);
	JOIN(path, "%s/pack/po/ja.po", b);
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_equal(bundle_fingerprint(b, two, &d), 0);
	assert_string_not_equal(one, two);
	memcpy(one, two, sizeof one);
	JOIN(path, "%s/sessions/extra.json", b);
	spit(path, "{}", 2);
	assert_int_equal(bundle_fingerprint(b, two, &d), 0);
	assert_string_not_equal(one, two);
	/* Without verification the extra file goes unseen; with it, not. */
	assert_int_equal(bundle_open(b, false, &bd, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(bundle_open(b, true, &bd, &d), -1);
	diag_free(&d);
	assert_int_equal(bundle_fingerprint(TEST_SOURCE_DIR, two, &d), -1);
	assert_line(&d, "not an export bundle");
	diag_free(&d);
	rm_tree(parent);
	free(parent);
	free(b);
}

static int count_fn(void *ctx, const bundle *b, const session_record *s, const char *json,
                    size_t len, const char *content_hash)
{
	(void)b, (void)s, (void)json, (void)len, (void)content_hash;
	(*(int *)ctx)++;
	return 0;
}

/* A file changed between the check and the walk is not handed on. */
static void test_changed_after_open(void **state)
{
	char *parent = temp_dir(), *b = make_bundle(parent, 3, TEST_SOURCE_DIR);
	char path[4300], want[4400], *m;
	diag_list d = { 0 };
	struct dirent *e;
	bundle bd;
	size_t len;
	int count = 0;
	DIR *dir;

	(void)state;
	assert_int_equal(bundle_open(b, true, &bd, &d), 0);
	JOIN(path, "%s/sessions", b);
	assert_non_null(dir = opendir(path));
	while ((e = readdir(dir)) != NULL && e->d_name[0] == '.')
		;
	JOIN(path, "%s/sessions/%s", b, e->d_name);
	closedir(dir);
	m = slurp(path, &len);
	m[len / 2] = m[len / 2] == 'x' ? 'y' : 'x';
	spit(path, m, len);
	free(m);
	assert_int_equal(bundle_each(&bd, count_fn, &count, &d), 0);
	assert_int_equal(count, 2);
	JOIN(want, "%s: altered", path);
	assert_line(&d, want);
	diag_free(&d);
	/* The manifest itself replaced: nothing is walked. */
	JOIN(path, "%s/manifest.json", b);
	m = slurp(path, &len);
	spit(path, m, len - 1);
	free(m);
	count = 0;
	assert_int_equal(bundle_each(&bd, count_fn, &count, &d), -1);
	assert_int_equal(count, 0);
	assert_line(&d, "changed since the bundle was opened");
	diag_free(&d);
	rm_tree(parent);
	free(parent);
	free(b);
}

/* Sessions of two packs: the first in pack/, the other in pack-<12 hex>/. */
static void test_two_packs(void **state)
{
	char *parent = temp_dir(), share[4200], path[4400], cmd[9000], err[1024] = "";
	char second[SESSION_HASH], hex[HASH_HEX_LEN + 1], out[4300], want[4400];
	diag_list warnings = { 0 }, d = { 0 };
	session_record s;
	export_writer *w;
	bundle bd;

	(void)state;
	JOIN(share, "%s/share", parent);
	JOIN(cmd, "mkdir -p '%s/questions' && cp -r '%s' '%s/questions/a' && cp -r '%s' "
	     "'%s/questions/b' && sed -i -E 's/(\"version\": \")[^\"]*/\\12.0.0/' '%s/questions/b/pack.json'",
	     share, PACK_DIR, share, PACK_DIR, share, share);
	assert_int_equal(system(cmd), 0);
	JOIN(path, "%s/questions/b/pack.json", share);
	assert_int_equal(hash_file_hex(path, hex), 0);
	snprintf(second, sizeof second, "sha256:%s", hex);

	assert_non_null(w = export_begin(parent, NULL, NOW_MS, NULL, err, sizeof err));
	for (int n = 0; n < 4; n++) {
		fill(&s, n, SESSION_COMPLETED, 0);
		if (n % 2)
			snprintf(s.pack_hash, sizeof s.pack_hash, "%s", second);
		if (n == 3)
			snprintf(s.pack_hash, sizeof s.pack_hash, "sha256:%064d", 5);
		assert_int_equal(export_add(w, &s), 0);
		session_clear(&s);
	}
	assert_int_equal(export_add_packs(w, NULL, share, &warnings), 0);
	/* No session may follow its packs. */
	fill(&s, 9, SESSION_COMPLETED, 0);
	assert_int_equal(export_add(w, &s), -1);
	session_clear(&s);
	assert_int_equal(export_finish(w, out, sizeof out), -1);
	assert_int_equal(warnings.count, 1);
	JOIN(want, "pack backend-developer sha256:%064d: not found", 5);
	assert_line(&warnings, want);
	diag_free(&warnings);

	/* Again, in order. */
	err[0] = '\0';
	assert_non_null(w = export_begin(parent, NULL, NOW_MS, NULL, err, sizeof err));
	for (int n = 0; n < 4; n++) {
		fill(&s, n, SESSION_COMPLETED, 0);
		if (n % 2)
			snprintf(s.pack_hash, sizeof s.pack_hash, "%s", second);
		if (n == 3)
			snprintf(s.pack_hash, sizeof s.pack_hash, "sha256:%064d", 5);
		assert_int_equal(export_add(w, &s), 0);
		session_clear(&s);
	}
	assert_int_equal(export_add_packs(w, NULL, share, &warnings), 0);
	assert_int_equal(export_finish(w, out, sizeof out), 0);
	assert_int_equal(warnings.count, 1);
	diag_free(&warnings);
	assert_int_equal(bundle_open(out, true, &bd, &d), 0);
	/* The pack missing is said when the bundle is opened too. */
	assert_line(&d, "is not in the bundle");
	assert_int_equal(d.errors, 0);
	assert_int_equal(bd.npacks, 2);
	JOIN(want, "%s/pack", out);
	assert_string_equal(bundle_pack_dir(&bd, pack_hash), want);
	JOIN(want, "%s/pack-%.12s", out, second + 7);
	assert_string_equal(bundle_pack_dir(&bd, second), want);
	JOIN(path, "%s/pack-%.12s/pack.json", out, second + 7);
	assert_int_equal(hash_file_hex(path, hex), 0);
	assert_string_equal(hex, second + 7);
	diag_free(&d);
	rm_tree(parent);
	free(parent);
}

/* The kiosk's copy of its pack: once per hash, whole or not at all. */
static void test_snapshot(void **state)
{
	char *data = temp_dir(), dir[4300], path[4400], cmd[9000], hex[HASH_HEX_LEN + 1];
	diag_list d = { 0 };
	struct stat sb;
	pack p;

	(void)state;
	assert_int_equal(pack_load(PACK_DIR, &p, &d), 0);
	assert_int_equal(pack_snapshot(&p, data, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(pack_snapshot_dir(data, p.hash, dir, sizeof dir), 0);
	JOIN(path, "%s/pack.json", dir);
	assert_int_equal(hash_file_hex(path, hex), 0);
	assert_string_equal(hex, p.hash + 7);
	JOIN(cmd, "cmp -s '%s/po/ja.po' '%s/po/ja.po' && ! test -e '%s/po/backend-developer.pot'"
	     " && test $(ls '%s/packs' | wc -l) = 1", PACK_DIR, dir, dir, data);
	assert_int_equal(system(cmd), 0);
	/* Present: left as it is. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(pack_snapshot(&p, data, &d), 0);
	struct stat again;
	assert_int_equal(stat(path, &again), 0);
	assert_int_equal(sb.st_ino, again.st_ino);
	pack_free(&p);

	/* A pack changed on disk since it was loaded is not filed under the old hash. */
	char *src = temp_dir();
	JOIN(cmd, "cp -r '%s/.' '%s/'", PACK_DIR, src);
	assert_int_equal(system(cmd), 0);
	JOIN(cmd, "sed -i -E 's/(\"version\": \")[^\"]*/\\19.9.1/' '%s/pack.json'", src);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pack_load(src, &p, &d), 0);
	JOIN(cmd, "sed -i 's/9.9.1/9.9.2/' '%s/pack.json'", src);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pack_snapshot(&p, data, &d), -1);
	assert_line(&d, "changed since it was loaded");
	JOIN(cmd, "test $(ls -A '%s/packs' | wc -l) = 1", data);
	assert_int_equal(system(cmd), 0);
	pack_free(&p);
	diag_free(&d);
	assert_int_equal(pack_snapshot_dir(data, "sha256:xyz", dir, sizeof dir), -1);
	rm_tree(src);
	rm_tree(data);
	free(src);
	free(data);
}

/* A figure, not an assertion: verifying and walking N sessions. */
static void test_verify_speed(void **state)
{
	char *parent = temp_dir(), *b;
	const char *env = getenv("BUNDLE_BENCH_SESSIONS");
	int n = env ? atoi(env) : 1000, count = 0;
	struct timespec t0, t1, t2;
	diag_list d = { 0 };
	bundle bd;

	(void)state;
	b = make_bundle(parent, n, TEST_SOURCE_DIR);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(bundle_open(b, true, &bd, &d), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(bundle_each(&bd, count_fn, &count, &d), 0);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_int_equal(count, n);
	printf("bundle of %d sessions: verified in %.1f ms, walked (read, hashed, parsed) in "
	       "%.1f ms\n", n,
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
	       (double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6);
	diag_free(&d);
	rm_tree(parent);
	free(parent);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_fast_json),
		cmocka_unit_test(test_open_and_walk),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_changed_after_open),
		cmocka_unit_test(test_two_packs),
		cmocka_unit_test(test_snapshot),
		cmocka_unit_test(test_verify_speed),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
