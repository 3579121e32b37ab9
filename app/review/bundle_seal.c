/*
 * bundle_seal.c — sealed bundles (SPEC §14): the manifest's "sealed",
 * "public_key", "key_id" and "public_keys", the reviewer's secret key, and the check that
 * the two belong together before any session is read. A wrong or missing
 * key is said once for the bundle, naming both key ids, rather than once
 * per session that would not open.
 */
#include "bundle.h"
#include "bundle_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

int bundle_key_load(bundle_key *k, const char *path, diag_list *d)
{
	char err[PATH_MAX + 256];

	memset(k, 0, sizeof *k);
	if (seal_key_load(path, &k->kp, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, "%s", err);
		bundle_key_wipe(k);
		return -1;
	}
	snprintf(k->file, sizeof k->file, "%s", path);
	seal_key_id(k->kp.pk, k->id);
	return 0;
}

void bundle_key_wipe(bundle_key *k)
{
	seal_keypair_wipe(&k->kp);
	sodium_memzero(k, sizeof *k);
}

static bool is_key_id(const char *s)
{
	return s != NULL && strlen(s) == SEAL_KEY_ID_LEN - 1 &&
	       strspn(s, "0123456789abcdef") == SEAL_KEY_ID_LEN - 1;
}

/* A sealed file's clear twin: "sessions/<id>.json". */
static bool twin_listed(bundle_manifest *m, const char *sealed_rel)
{
	char rel[PATH_MAX];
	size_t n = strlen(sealed_rel) - 7;

	if (n >= sizeof rel)
		return false;
	memcpy(rel, sealed_rel, n);
	rel[n] = '\0';
	return json_object_get(m->files, rel) != NULL;
}

/* "public_keys": every key, "public_key" first; absent with one key. */
static int other_keys(bundle_manifest *m, bundle *out, diag_list *d)
{
	json_t *all = json_object_get(m->root, "public_keys"), *v;
	unsigned char pk[SEAL_KEY_BYTES];
	size_t i;

	if (all == NULL)
		return 0;
	if (!json_is_array(all) || json_array_size(all) < 2 ||
	    json_array_size(all) > BUNDLE_MAX_KEYS) {
		diag_error(d, m->file, bundle_manifest_line(m, "/public_keys"), "bad manifest: "
		           "\"public_keys\" must list 2 to %d keys, \"public_key\" first",
		           BUNDLE_MAX_KEYS);
		return -1;
	}
	json_array_foreach(all, i, v) {
		char ptr[48];
		snprintf(ptr, sizeof ptr, "/public_keys/%zu", i);
		if (seal_public_parse(json_string_value(v), pk) != 0 ||
		    (i == 0 && memcmp(pk, out->public_keys[0], SEAL_KEY_BYTES) != 0)) {
			diag_error(d, m->file, bundle_manifest_line(m, ptr), "bad manifest: "
			           "\"public_keys\" %zu is not %s", i + 1, i == 0 ?
			           "\"public_key\"" : "a public key (44 characters of base64)");
			return -1;
		}
		if (i > 0)
			memcpy(out->public_keys[out->nkeys++], pk, SEAL_KEY_BYTES);
	}
	return 0;
}

int bundle_manifest_seal(bundle_manifest *m, const char **keys, size_t n, bundle *out,
                         diag_list *d)
{
	json_t *sealed = json_object_get(m->root, "sealed");
	const char *pk = json_string_value(json_object_get(m->root, "public_key"));
	const char *id = json_string_value(json_object_get(m->root, "key_id"));
	char want[SEAL_KEY_ID_LEN];
	int errors = 0;

	if (sealed != NULL && !json_is_boolean(sealed)) {
		diag_error(d, m->file, bundle_manifest_line(m, "/sealed"),
		           "bad manifest: \"sealed\" must be true or false");
		return -1;
	}
	out->sealed = json_is_true(sealed);
	if (!out->sealed) {
		if (out->sealed_files == 0)
			return 0;
		diag_error(d, m->file, bundle_manifest_line(m, "/files"), "bad manifest: it lists "
		           "sealed sessions (sessions/<id>.json.sealed) but does not say "
		           "\"sealed\": true");
		return -1;
	}
	if (seal_public_parse(pk, out->public_keys[0]) != 0) {
		diag_error(d, m->file, bundle_manifest_line(m, pk ? "/public_key" : ""),
		           "bad manifest: a sealed bundle needs \"public_key\", the key it is "
		           "sealed for (44 characters of base64)");
		return -1;
	}
	out->nkeys = 1;
	seal_key_id(out->public_keys[0], want);
	if (!is_key_id(id) || strcmp(id, want) != 0) {
		diag_error(d, m->file, bundle_manifest_line(m, id ? "/key_id" : ""),
		           "bad manifest: \"key_id\" must be %s, the id of its \"public_key\"", want);
		return -1;
	}
	memcpy(out->key_id, want, sizeof out->key_id);
	if (other_keys(m, out, d) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!bundle_is_sealed_path(keys[i]) || !twin_listed(m, keys[i]))
			continue;
		if (errors++ < 20) {
			char ptr[PATH_MAX + 8];
			snprintf(ptr, sizeof ptr, "/files/%s", keys[i]);
			diag_error(d, m->file, bundle_manifest_line(m, ptr), "bad manifest: the "
			           "session of %s is listed in clear as well", keys[i]);
		}
	}
	return errors ? -1 : 0;
}

int bundle_key_check(const bundle *b, const bundle_key *key, diag_list *d)
{
	char file[PATH_MAX + 16], ids[BUNDLE_MAX_KEYS * (SEAL_KEY_ID_LEN + 2)] = "";
	size_t used = 0;

	if (!b->sealed)
		return 0;
	if (key == NULL) {
		diag_error(d, b->dir, 0, "its sessions are sealed for key %s; open it with --key FILE "
		           "(the secret key from prescreen keygen)", b->key_id);
		return -1;
	}
	for (int i = 0; i < b->nkeys; i++)
		if (sodium_memcmp(key->kp.pk, b->public_keys[i], SEAL_KEY_BYTES) == 0)
			return 0;
	for (int i = 1; i < b->nkeys && used < sizeof ids; i++) {
		char id[SEAL_KEY_ID_LEN];
		seal_key_id(b->public_keys[i], id);
		used += (size_t)snprintf(ids + used, sizeof ids - used, ", %s", id);
	}
	snprintf(file, sizeof file, "%s/manifest.json", b->dir);
	diag_error(d, file, 0, "sealed for key%s %s%s, but %s is key %s", b->nkeys > 1 ? "s" : "",
	           b->key_id, ids, key->file, key->id);
	return -1;
}

int bundle_use_key(bundle *b, const bundle_key *key, diag_list *d)
{
	int rc = bundle_key_check(b, key, d);

	b->key = rc == 0 ? key : NULL;
	return rc;
}

void bundle_session_file(const bundle *b, const char *id, char *out, size_t len)
{
	struct stat sb;

	snprintf(out, len, "%s/sessions/%s.json.sealed", b->dir, id);
	if (b->sealed_files == 0 ||
	    (b->sealed_files < b->session_files && stat(out, &sb) != 0))
		snprintf(out, len, "%s/sessions/%s.json", b->dir, id);
}
