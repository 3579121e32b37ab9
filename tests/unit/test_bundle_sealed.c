/* Sealed bundles read back for review (SPEC §14): a bundle exported in clear,
 * then sealed here the way the kiosk's export writes one (every session file
 * replaced by sessions/<id>.json.sealed, crypto_box_seal of its bytes; no
 * sessions.csv; "sealed", "public_key", "key_id" in the manifest, which hashes
 * the sealed bytes). Opened with the right key it gives what the clear bundle
 * gives; a missing or wrong key, a box that will not open and a manifest that
 * lies about its key are each one line, and nothing is stored. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "bundle.h"
#include "diag.h"
#include "export.h"
#include "hash.h"
#include "review_load.h"
#include "rstore.h"
#include "seal.h"
#include "session.h"

#define PACK_DIR TEST_SOURCE_DIR "/questions/backend-developer"
#define NOW_MS INT64_C(1795946400000)    /* 2026-11-29T10:00:00Z */
#define COUNT 6

#define JOIN(buf, ...) \
	assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

static const char *const NAMES[COUNT] = {
	"Amira Haddad", "Sofía Ramírez", "Jürgen Weiß", "李明", "佐藤 花子", "प्रिया शर्मा",
};

typedef struct {
	char *parent;
	char *clear;                /* the bundle as exported */
	char *sealed;               /* the same, sealed for key */
	char keydir[4200], otherdir[4200];
	bundle_key key, other;
} fixture;

static char pack_hash[SESSION_HASH];

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
	*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void rm_tree(const char *path)
{
	char cmd[4300];

	JOIN(cmd, "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static char *copy_of(const char *b, const char *parent, const char *name)
{
	char dst[4200], cmd[9000];

	JOIN(dst, "%s/%s", parent, name);
	JOIN(cmd, "rm -rf '%s' && cp -r '%s' '%s'", dst, b, dst);
	assert_int_equal(system(cmd), 0);
	return strdup(dst);
}

static bool has_line(const diag_list *d, const char *want)
{
	for (int i = 0; i < d->count; i++)
		if (strcmp(d->lines[i], want) == 0)
			return true;
	return false;
}

#define assert_line(d, want) do { \
	if (!has_line((d), (want))) { \
		diag_print((d), stdout); \
		fail_msg("no line \"%s\"", (want)); \
	} \
} while (0)

static void fill(session_record *s, int n)
{
	char text[256];

	session_init(s);
	snprintf(s->id, sizeof s->id, "01JDX5R7Q8W2M4N6P8R0T%05d", n);
	s->revision = 3;
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->time_percent = 100;
	s->question_count = 6;
	for (int i = 0; i < s->question_count; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "q%02d", i * 3 + 1);
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.1.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "%s", pack_hash);
	snprintf(s->language, sizeof s->language, "en");
	snprintf(s->consent_version, sizeof s->consent_version, "1-3f9a0c2e");
	s->consent_at = NOW_MS + 11000;
	session_set_string(&s->name, NAMES[n % COUNT]);
	s->contact_count = 1;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	snprintf(text, sizeof text, "candidate%d@example.org", n);
	session_set_string(&s->contacts[0].value, text);
	s->started_at = NOW_MS + 5450;
	s->ended_at = NOW_MS + 1355000;
	s->status = SESSION_COMPLETED;
	s->answer_count = s->question_count;
	for (int i = 0; i < s->answer_count; i++) {
		answer_record *a = &s->answers[i];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, "general");
		snprintf(text, sizeof text, "Question %d", i + 1);
		session_set_string(&a->question_text, text);
		snprintf(text, sizeof text, "Answer %d of %s: PostgreSQL, Redis.", i + 1,
		         NAMES[n % COUNT]);
		session_set_string(&a->answer, text);
		a->shown_at = NOW_MS + 60000 + i * 60000;
		a->first_input_ms = 8200;
		a->submitted_ms = 182000;
		a->total_ms = 190000;
		a->active_ms = 121000;
		a->keystrokes = 912;
		a->characters = 30;
		a->words = 6;
		a->submitted = true;
	}
}

static char *make_clear(const char *parent)
{
	char err[1024] = "", path[4096], sub[4200];
	diag_list warnings = { 0 };
	export_writer *w;
	session_record s;

	JOIN(sub, "%s/clear", parent);
	assert_int_equal(mkdir(sub, 0700), 0);
	w = export_begin(sub, NULL, NOW_MS, NULL, err, sizeof err);
	if (w == NULL)
		fail_msg("%s", err);
	for (int n = 0; n < COUNT; n++) {
		fill(&s, n);
		assert_int_equal(export_add(w, &s), 0);
		session_clear(&s);
	}
	assert_int_equal(export_add_packs(w, NULL, TEST_SOURCE_DIR, &warnings), 0);
	assert_int_equal(warnings.count, 0);
	if (export_finish(w, path, sizeof path) != 0)
		fail_msg("%s", err);
	return strdup(path);
}

/* The manifest's "files" again from the files now in the bundle. */
static void rehash(const char *dir)
{
	char path[4300], hash[SESSION_HASH];
	json_error_t jerr;
	json_t *root, *files, *fresh = json_object();
	const char *rel;
	json_t *v;
	size_t len;
	char *text;

	JOIN(path, "%s/manifest.json", dir);
	assert_non_null(root = json_load_file(path, JSON_PRESERVE_ORDER, &jerr));
	files = json_object_get(root, "files");
	json_object_foreach(files, rel, v) {
		char file[4300];
		char *data;
		JOIN(file, "%s/%s", dir, rel);
		if (access(file, F_OK) != 0)
			continue;
		data = slurp(file, &len);
		hash_sha256_tagged(data, len, hash);
		free(data);
		json_object_set_new(fresh, rel, json_string(hash));
	}
	json_object_set_new(root, "files", fresh);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	spit(path, text, strlen(text));
	free(text);
	json_decref(root);
}

/* Seals dir in place for pk, as the kiosk's export would have written it;
 * with pk2, every other session for pk2 (the event's key changed). */
static void seal_bundle2(const char *dir, const unsigned char pk[SEAL_KEY_BYTES],
                         const unsigned char *pk2)
{
	int n = 0;
	char path[4300], b64[SEAL_B64_LEN], id[SEAL_KEY_ID_LEN];
	json_error_t jerr;
	json_t *root, *files, *fresh = json_object();
	const char *rel;
	json_t *v;
	char *text;

	JOIN(path, "%s/manifest.json", dir);
	assert_non_null(root = json_load_file(path, JSON_PRESERVE_ORDER, &jerr));
	files = json_object_get(root, "files");
	json_object_foreach(files, rel, v) {
		char file[4300], sealed_rel[512];
		size_t len, box_len;
		char *data;
		unsigned char *box;
		JOIN(file, "%s/%s", dir, rel);
		if (strcmp(rel, "sessions.csv") == 0) {
			assert_int_equal(unlink(file), 0);
			continue;
		}
		if (strncmp(rel, "sessions/", 9) != 0) {
			json_object_set(fresh, rel, v);
			continue;
		}
		data = slurp(file, &len);
		assert_non_null(box = seal_box(pk2 && n++ % 2 ? pk2 : pk, data, len, &box_len));
		free(data);
		assert_int_equal(unlink(file), 0);
		JOIN(sealed_rel, "%s.sealed", rel);
		JOIN(file, "%s/%s", dir, sealed_rel);
		spit(file, box, box_len);
		free(box);
		json_object_set_new(fresh, sealed_rel, json_string("sha256:"));
	}
	seal_public_format(pk, b64);
	seal_key_id(pk, id);
	json_object_set_new(root, "sealed", json_true());
	json_object_set_new(root, "public_key", json_string(b64));
	json_object_set_new(root, "key_id", json_string(id));
	if (pk2 != NULL) {
		json_t *all = json_array();
		json_array_append_new(all, json_string(b64));
		seal_public_format(pk2, b64);
		json_array_append_new(all, json_string(b64));
		json_object_set_new(root, "public_keys", all);
	}
	json_object_set_new(root, "files", fresh);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	spit(path, text, strlen(text));
	free(text);
	json_decref(root);
	rehash(dir);
}

static void seal_bundle(const char *dir, const unsigned char pk[SEAL_KEY_BYTES])
{
	seal_bundle2(dir, pk, NULL);
}

static void new_key(const char *dir, bundle_key *k)
{
	seal_keypair kp;
	char err[4400];
	diag_list d = { 0 };

	assert_int_equal(seal_keygen(&kp), 0);
	if (seal_keys_write(dir, &kp, err, sizeof err) != 0)
		fail_msg("%s", err);
	seal_keypair_wipe(&kp);
	assert_int_equal(bundle_key_load(k, dir, &d), 0);
	assert_int_equal(d.count, 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char tmpl[] = TEST_BUILD_DIR "/bundle-sealed-XXXXXX", sealed[4200], hex[HASH_HEX_LEN + 1];

	assert_int_equal(hash_file_hex(PACK_DIR "/pack.json", hex), 0);
	snprintf(pack_hash, sizeof pack_hash, "sha256:%s", hex);
	assert_non_null(mkdtemp(tmpl));
	f->parent = strdup(tmpl);
	JOIN(f->keydir, "%s/keys", f->parent);
	JOIN(f->otherdir, "%s/other-keys", f->parent);
	new_key(f->keydir, &f->key);
	new_key(f->otherdir, &f->other);
	f->clear = make_clear(f->parent);
	JOIN(sealed, "%s/sealed", f->parent);
	f->sealed = copy_of(f->clear, f->parent, "sealed");
	seal_bundle(f->sealed, f->key.kp.pk);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	rm_tree(f->parent);
	bundle_key_wipe(&f->key);
	bundle_key_wipe(&f->other);
	free(f->parent);
	free(f->clear);
	free(f->sealed);
	free(f);
	return 0;
}

typedef struct {
	const char *clear_dir;
	int count;
	char last[SESSION_ID_LEN + 1];
} walked;

/* What fn sees of a sealed session is what it sees of the clear one. */
static int same_as_clear(void *ctx, const bundle *b, const session_record *s, const char *json,
                         size_t len, const char *content_hash)
{
	walked *w = ctx;
	char path[4300], hash[SESSION_HASH], want[256], file[4300];
	size_t flen;
	char *clear;

	JOIN(path, "%s/sessions/%s.json", w->clear_dir, s->id);
	clear = slurp(path, &flen);
	assert_int_equal(len, flen);
	assert_memory_equal(json, clear, len);
	hash_sha256_tagged(clear, flen, hash);
	assert_string_equal(content_hash, hash);
	free(clear);
	assert_true(strcmp(s->id, w->last) > 0);
	snprintf(w->last, sizeof w->last, "%s", s->id);
	assert_string_equal(s->name, NAMES[w->count % COUNT]);
	snprintf(want, sizeof want, "Answer 6 of %s: PostgreSQL, Redis.", NAMES[w->count % COUNT]);
	assert_string_equal(s->answers[5].answer, want);
	bundle_session_file(b, s->id, file, sizeof file);
	JOIN(path, "%s/sessions/%s.json%s", b->dir, s->id, b->sealed ? ".sealed" : "");
	assert_string_equal(file, path);
	w->count++;
	return 0;
}

static int never(void *ctx, const bundle *b, const session_record *s, const char *json,
                 size_t len, const char *content_hash)
{
	(void)ctx, (void)b, (void)s, (void)json, (void)len, (void)content_hash;
	fail_msg("a session was handed over");
	return 1;
}

static void test_open_with_key(void **state)
{
	fixture *f = *state;
	diag_list d = { 0 };
	walked w = { .clear_dir = f->clear };
	char path[4300];
	bundle b;

	/* No sessions.csv, no clear session file: nothing readable without the key. */
	JOIN(path, "%s/sessions.csv", f->sealed);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(bundle_open(f->sealed, true, &b, &d), 0);
	diag_print(&d, stdout);
	assert_int_equal(d.count, 0);
	assert_true(b.sealed);
	assert_string_equal(b.key_id, f->key.id);
	assert_int_equal(b.session_files, COUNT);
	assert_int_equal(b.sealed_files, COUNT);
	assert_int_equal(b.npacks, 1);
	assert_int_equal(bundle_use_key(&b, &f->key, &d), 0);
	assert_int_equal(bundle_each(&b, same_as_clear, &w, &d), 0);
	diag_print(&d, stdout);
	assert_int_equal(d.count, 0);
	assert_int_equal(w.count, COUNT);

	/* A clear bundle reads the same with a key given, or none. */
	w = (walked){ .clear_dir = f->clear };
	assert_int_equal(bundle_open(f->clear, true, &b, &d), 0);
	assert_false(b.sealed);
	assert_int_equal(b.sealed_files, 0);
	assert_int_equal(bundle_use_key(&b, &f->other, &d), 0);
	assert_int_equal(bundle_each(&b, same_as_clear, &w, &d), 0);
	assert_int_equal(w.count, COUNT);
	assert_int_equal(bundle_use_key(&b, NULL, &d), 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
}

static void test_no_key(void **state)
{
	fixture *f = *state;
	diag_list d = { 0 };
	char want[4600];
	bundle b;

	/* Verifying needs no key: the kiosk checks what it wrote with bundle_open. */
	assert_int_equal(bundle_open(f->sealed, true, &b, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(bundle_use_key(&b, NULL, &d), -1);
	JOIN(want, "%s: its sessions are sealed for key %s; open it with --key FILE (the secret "
	     "key from prescreen keygen)", f->sealed, f->key.id);
	assert_line(&d, want);
	assert_int_equal(d.count, 1);
	/* A walk without the key says the same, once, and hands nothing over. */
	assert_int_equal(bundle_each(&b, never, NULL, &d), -1);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.lines[1], want);
	diag_free(&d);
}

static void test_wrong_key(void **state)
{
	fixture *f = *state;
	diag_list d = { 0 };
	char want[9000];
	bundle b;

	assert_int_equal(bundle_open(f->sealed, true, &b, &d), 0);
	assert_int_equal(bundle_use_key(&b, &f->other, &d), -1);
	assert_null(b.key);
	JOIN(want, "%s/manifest.json: sealed for key %s, but %s is key %s", f->sealed, f->key.id,
	     f->otherdir, f->other.id);
	assert_line(&d, want);
	assert_int_equal(d.count, 1);
	assert_string_not_equal(f->key.id, f->other.id);
	/* Forced past the check, the walk still says it once and reads nothing. */
	b.key = &f->other;
	assert_int_equal(bundle_each(&b, never, NULL, &d), -1);
	assert_int_equal(d.count, 2);
	diag_free(&d);
}

/* The first session's box replaced by one sealed for another key (or with a
 * byte flipped), and the manifest hashed again to match: only opening it
 * can tell. The other sessions still load. */
static void test_box_does_not_open(void **state)
{
	fixture *f = *state;
	const char *id0 = "01JDX5R7Q8W2M4N6P8R0T00000";
	char path[4300], want[4600];
	walked w = { .clear_dir = f->clear };
	diag_list d = { 0 };
	size_t len, box_len;
	unsigned char *box;
	char *data, *t;
	bundle b;

	for (int damaged = 0; damaged < 2; damaged++) {
		t = copy_of(f->sealed, f->parent, damaged ? "damaged" : "other-box");
		JOIN(path, "%s/sessions/%s.json", f->clear, id0);
		data = slurp(path, &len);
		assert_non_null(box = seal_box(damaged ? f->key.kp.pk : f->other.kp.pk, data, len,
		                               &box_len));
		free(data);
		if (damaged)
			box[box_len / 2] ^= 0x20;
		JOIN(path, "%s/sessions/%s.json.sealed", t, id0);
		spit(path, box, box_len);
		free(box);
		/* Before the manifest agrees, it is an altered file like any other. */
		assert_int_equal(bundle_open(t, true, &b, &d), -1);
		JOIN(want, "%s: altered: its SHA-256 differs from the manifest", path);
		assert_line(&d, want);
		diag_free(&d);
		d = (diag_list){ 0 };
		rehash(t);
		assert_int_equal(bundle_open(t, true, &b, &d), 0);
		assert_int_equal(bundle_use_key(&b, &f->key, &d), 0);
		w = (walked){ .clear_dir = f->clear, .count = 1, .last = "0" };
		assert_int_equal(bundle_each(&b, same_as_clear, &w, &d), 0);
		assert_int_equal(w.count, COUNT);
		JOIN(want, "%s: cannot be opened with this key (damaged, or sealed for another key)",
		     path);
		assert_line(&d, want);
		assert_int_equal(d.count, 1);
		diag_free(&d);
		d = (diag_list){ 0 };
		rm_tree(t);
		free(t);
	}
}

typedef struct {
	int count, first;           /* sessions seen; the first one's number */
	int step;
} every_other;

static int counted(void *ctx, const bundle *b, const session_record *s, const char *json,
                   size_t len, const char *content_hash)
{
	every_other *e = ctx;
	int n = atoi(s->id + 21);

	(void)b, (void)json, (void)len, (void)content_hash;
	assert_int_equal(n, e->first + e->count * e->step);
	assert_string_equal(s->name, NAMES[n % COUNT]);
	e->count++;
	return 0;
}

/* Sessions sealed for two keys (the event's key changed between them):
 * either key opens its own sessions and names the others; a third key is
 * neither. */
static void test_two_keys(void **state)
{
	fixture *f = *state;
	char *t = copy_of(f->clear, f->parent, "two-keys"), want[9000], third_dir[4300];
	diag_list d = { 0 };
	every_other e;
	bundle_key third;
	bundle b;

	seal_bundle2(t, f->key.kp.pk, f->other.kp.pk);
	assert_int_equal(bundle_open(t, true, &b, &d), 0);
	diag_print(&d, stdout);
	assert_int_equal(b.nkeys, 2);
	assert_string_equal(b.key_id, f->key.id);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(bundle_use_key(&b, k ? &f->other : &f->key, &d), 0);
		e = (every_other){ .first = k, .step = 2 };
		assert_int_equal(bundle_each(&b, counted, &e, &d), 0);
		assert_int_equal(e.count, COUNT / 2);
		assert_int_equal(d.count, COUNT / 2);
		for (int n = 1 - k; n < COUNT; n += 2) {
			JOIN(want, "%s/sessions/01JDX5R7Q8W2M4N6P8R0T%05d.json.sealed: cannot be opened "
			     "with this key (damaged, or sealed for another key)", t, n);
			assert_line(&d, want);
		}
		diag_free(&d);
		d = (diag_list){ 0 };
	}
	JOIN(third_dir, "%s/third-keys", f->parent);
	new_key(third_dir, &third);
	assert_int_equal(bundle_use_key(&b, &third, &d), -1);
	JOIN(want, "%s/manifest.json: sealed for keys %s, %s, but %s is key %s", t, f->key.id,
	     f->other.id, third_dir, third.id);
	assert_line(&d, want);
	bundle_key_wipe(&third);
	diag_free(&d);
	rm_tree(t);
	free(t);
}

static void test_key_files(void **state)
{
	fixture *f = *state;
	diag_list d = { 0 };
	char path[4300], want[9000];
	bundle_key k;

	/* The public key where the secret one belongs: seal_key_load's line. */
	JOIN(path, "%s/%s", f->keydir, SEAL_PUB_FILE);
	assert_int_equal(bundle_key_load(&k, path, &d), -1);
	JOIN(want, "%s:1: this is a public key (%s); review and report need the secret key, %s",
	     path, SEAL_PUB_FILE, SEAL_KEY_FILE);
	assert_line(&d, want);
	JOIN(path, "%s/none.key", f->parent);
	assert_int_equal(bundle_key_load(&k, path, &d), -1);
	JOIN(want, "%s: cannot read the secret key: No such file or directory", path);
	assert_line(&d, want);
	JOIN(path, "%s/manifest.json", f->sealed);
	assert_int_equal(bundle_key_load(&k, path, &d), -1);
	assert_int_equal(d.count, 3);
	/* A file or its folder: the same key, and its id is the manifest's. */
	JOIN(path, "%s/%s", f->keydir, SEAL_KEY_FILE);
	assert_int_equal(bundle_key_load(&k, path, &d), 0);
	assert_string_equal(k.id, f->key.id);
	assert_string_equal(k.file, path);
	assert_memory_equal(k.kp.sk, f->key.kp.sk, SEAL_KEY_BYTES);
	bundle_key_wipe(&k);
	assert_int_equal(d.count, 3);
	diag_free(&d);
}

/* Edits the sealed bundle's manifest with fn: bundle_open refuses it with a
 * line "DIR/manifest.json:LINE: bad manifest: ..." holding want. */
static void expect_bad_manifest(fixture *f, void (*fn)(json_t *root, const fixture *f),
                                const char *want)
{
	char *t = copy_of(f->sealed, f->parent, "bad-manifest");
	char path[4300];
	json_error_t jerr;
	diag_list d = { 0 };
	json_t *root;
	char *text;
	bundle b;

	JOIN(path, "%s/manifest.json", t);
	assert_non_null(root = json_load_file(path, JSON_PRESERVE_ORDER, &jerr));
	fn(root, f);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	spit(path, text, strlen(text));
	free(text);
	json_decref(root);
	assert_int_equal(bundle_open(t, true, &b, &d), -1);
	for (int i = 0; i < d.count; i++)
		if (strncmp(d.lines[i], path, strlen(path)) == 0 && d.lines[i][strlen(path)] == ':' &&
		    strstr(d.lines[i], ": bad manifest: ") != NULL && strstr(d.lines[i], want) != NULL)
			goto found;
	diag_print(&d, stdout);
	fail_msg("no line \"%s:...: bad manifest: ...%s...\"", path, want);
found:
	assert_false(b.sealed);
	diag_free(&d);
	rm_tree(t);
	free(t);
}

static void unseal_flag(json_t *root, const fixture *f)
{
	(void)f;
	json_object_del(root, "sealed");
}

static void flag_false(json_t *root, const fixture *f)
{
	(void)f;
	json_object_set_new(root, "sealed", json_false());
}

static void flag_not_bool(json_t *root, const fixture *f)
{
	(void)f;
	json_object_set_new(root, "sealed", json_string("yes"));
}

static void no_public_key(json_t *root, const fixture *f)
{
	(void)f;
	json_object_del(root, "public_key");
}

static void bad_public_key(json_t *root, const fixture *f)
{
	(void)f;
	json_object_set_new(root, "public_key", json_string("bm90IGEga2V5"));
}

/* The key id of another key: the manifest contradicts itself. */
static void other_public_key(json_t *root, const fixture *f)
{
	char b64[SEAL_B64_LEN];

	seal_public_format(f->other.kp.pk, b64);
	json_object_set_new(root, "public_key", json_string(b64));
}

static void no_key_id(json_t *root, const fixture *f)
{
	(void)f;
	json_object_del(root, "key_id");
}

/* A session in clear beside its sealed box: which one is the session? */
static void listed_twice(json_t *root, const fixture *f)
{
	(void)f;
	json_object_set_new(json_object_get(root, "files"),
	                    "sessions/01JDX5R7Q8W2M4N6P8R0T00002.json",
	                    json_string("sha256:8d983cb280a5072d08933fd8910fc76e5d21017fdaebb58d"
	                                "6142cd5ce2b2372b"));
}

static void keys_not_first(json_t *root, const fixture *f)
{
	char b64[SEAL_B64_LEN];
	json_t *all = json_array();

	seal_public_format(f->other.kp.pk, b64);
	json_array_append_new(all, json_string(b64));
	seal_public_format(f->key.kp.pk, b64);
	json_array_append_new(all, json_string(b64));
	json_object_set_new(root, "public_keys", all);
}

static void keys_one(json_t *root, const fixture *f)
{
	char b64[SEAL_B64_LEN];
	json_t *all = json_array();

	seal_public_format(f->key.kp.pk, b64);
	json_array_append_new(all, json_string(b64));
	json_object_set_new(root, "public_keys", all);
}

static void test_bad_manifests(void **state)
{
	fixture *f = *state;
	char want[128];

	expect_bad_manifest(f, unseal_flag, "it lists sealed sessions (sessions/<id>.json.sealed) "
	                    "but does not say \"sealed\": true");
	expect_bad_manifest(f, flag_false, "does not say \"sealed\": true");
	expect_bad_manifest(f, flag_not_bool, "\"sealed\" must be true or false");
	expect_bad_manifest(f, no_public_key, "a sealed bundle needs \"public_key\"");
	expect_bad_manifest(f, bad_public_key, "a sealed bundle needs \"public_key\"");
	snprintf(want, sizeof want, "\"key_id\" must be %s, the id of its \"public_key\"",
	         f->key.id);
	expect_bad_manifest(f, no_key_id, want);
	snprintf(want, sizeof want, "\"key_id\" must be %s, the id of its \"public_key\"",
	         f->other.id);
	expect_bad_manifest(f, other_public_key, want);
	expect_bad_manifest(f, keys_not_first, "\"public_keys\" 1 is not \"public_key\"");
	expect_bad_manifest(f, keys_one, "\"public_keys\" must list 2 to 8 keys");
	expect_bad_manifest(f, listed_twice, "the session of "
	                    "sessions/01JDX5R7Q8W2M4N6P8R0T00002.json.sealed is listed in clear "
	                    "as well");
}

static int store_sessions(const char *path)
{
	char err[1024];
	rstore *rs = rstore_open(path, err, sizeof err);
	rstore_row *rows = NULL;
	int n = -1;

	assert_non_null(rs);
	assert_int_equal(rstore_rows(rs, &rows, &n), 0);
	free(rows);
	rstore_close(rs);
	return n;
}

/* The review store gets nothing of a bundle refused for its key; with the
 * key it gets every session, and the same sessions in clear are the same
 * content (the plaintext's hash), not conflicts. */
static void test_review_store(void **state)
{
	fixture *f = *state;
	char store[4300], want[9000];
	char *dirs[2] = { f->sealed, f->clear };
	diag_list d = { 0 };
	review_data rd;

	JOIN(store, "%s/review.db", f->parent);
	assert_int_equal(review_load(&rd, store, "maria", NULL, dirs, 1, &d), 0);
	assert_int_equal(rd.refused_bundles, 1);
	assert_int_equal(rd.nbundles, 0);
	assert_int_equal(rd.sessions, 0);
	review_data_free(&rd);
	JOIN(want, "%s: its sessions are sealed for key %s; open it with --key FILE (the secret "
	     "key from prescreen keygen)", f->sealed, f->key.id);
	assert_line(&d, want);
	assert_int_equal(d.count, 1);
	assert_int_equal(store_sessions(store), 0);

	assert_int_equal(review_load(&rd, store, "maria", &f->other, dirs, 1, &d), 0);
	assert_int_equal(rd.refused_bundles, 1);
	review_data_free(&rd);
	JOIN(want, "%s/manifest.json: sealed for key %s, but %s is key %s", f->sealed, f->key.id,
	     f->otherdir, f->other.id);
	assert_line(&d, want);
	assert_int_equal(d.count, 2);
	assert_int_equal(store_sessions(store), 0);

	/* Sealed and clear bundles together, one key. */
	assert_int_equal(review_load(&rd, store, "maria", &f->key, dirs, 2, &d), 0);
	diag_print(&d, stdout);
	assert_int_equal(d.count, 2);
	assert_int_equal(rd.nbundles, 2);
	assert_int_equal(rd.sessions, COUNT);
	assert_int_equal(rd.added, COUNT);
	assert_int_equal(rd.duplicates, COUNT);
	assert_int_equal(rd.conflicts, 0);
	session_record s;
	assert_int_equal(rstore_load(rd.store, "01JDX5R7Q8W2M4N6P8R0T00003", &s), 0);
	assert_string_equal(s.name, NAMES[3]);
	assert_string_equal(s.answers[0].answer, "Answer 1 of 李明: PostgreSQL, Redis.");
	session_clear(&s);
	review_data_free(&rd);

	/* Imported whole before: its sessions are in the store, no key needed. */
	assert_int_equal(review_load(&rd, store, "maria", NULL, dirs, 1, &d), 0);
	assert_int_equal(d.count, 2);
	assert_int_equal(rd.nbundles, 1);
	assert_int_equal(rd.refused_bundles, 0);
	assert_int_equal(rd.sessions, COUNT);
	review_data_free(&rd);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_with_key),
		cmocka_unit_test(test_no_key),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_box_does_not_open),
		cmocka_unit_test(test_two_keys),
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_bad_manifests),
		cmocka_unit_test(test_review_store),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
