/*
 * bundle_internal.h — private to bundle*.c: a file read whole into a buffer
 * that is wiped, never reallocated in place, and a bundle's manifest read
 * and checked (schema, and "files" mapping inner paths to hashes).
 */
#ifndef PRESCREEN_BUNDLE_INTERNAL_H
#define PRESCREEN_BUNDLE_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "bundle.h"
#include "diag.h"
#include "hash.h"
#include "jsonpos.h"
#include "session.h"

/* A session file holds at most 8 answers; packs a few hundred strings. */
#define BUNDLE_FILE_MAX (64u << 20)

typedef struct {
	char *data;         /* NUL-terminated */
	size_t len, cap;
} bundle_fbuf;

/* The whole file at dir_fd/rel into b; 0, or -1 with errno (b wiped). */
int bundle_fbuf_read(bundle_fbuf *b, int dir_fd, const char *rel, size_t max);
/* Clears the bytes read, keeps the buffer. */
void bundle_fbuf_wipe(bundle_fbuf *b);
void bundle_fbuf_free(bundle_fbuf *b);

typedef struct {
	char dir[PATH_MAX];
	char file[PATH_MAX + 16];       /* DIR/manifest.json, for messages */
	int dir_fd;
	bundle_fbuf text;
	json_t *root, *files;
	jsonpos *pos;
	char hash[SESSION_HASH];        /* of manifest.json's bytes */
} bundle_manifest;

/* The line of a JSON pointer in the manifest, for messages (0: unknown). */
int bundle_manifest_line(bundle_manifest *m, const char *ptr);
/* 0, or -1 with one line in d (a foreign folder, a bad manifest). */
int bundle_manifest_open(bundle_manifest *m, const char *dir, diag_list *d);
void bundle_manifest_close(bundle_manifest *m);
/* The listed paths, sorted; NULL when out of memory. Free the array only. */
const char **bundle_manifest_keys(bundle_manifest *m, size_t *count);
/* "sessions/<id>.json" or "sessions/<id>.json.sealed" */
bool bundle_is_session_path(const char *rel);
/* "sessions/<id>.json.sealed" */
bool bundle_is_sealed_path(const char *rel);
/* The sealed files' manifest entries: "sealed", "public_key", "key_id",
 * "public_keys", each sealed session listed once. 0, or -1 with lines in d. */
int bundle_manifest_seal(bundle_manifest *m, const char **keys, size_t n, bundle *out,
                         diag_list *d);
/* Whether key (NULL: none) reads b's sealed sessions; -1 with one line in d. */
int bundle_key_check(const bundle *b, const bundle_key *key, diag_list *d);
/* SHA-256 of data as 64 lower-case hex digits (OpenSSL: SHA-NI where the
 * CPU has it; libsodium if OpenSSL cannot be had). Thread-safe. */
void bundle_sha256_hex(const char *data, size_t len, char hex[HASH_HEX_LEN + 1]);
/* text as jansson's tree, faster than json_loadb; NULL where json_loadb
 * might read it otherwise (it then says why). */
json_t *bundle_json_fast(const char *text, size_t len);
/* jansson's copies of candidates' words are wiped when it frees them. */
void bundle_json_wipes(void);

#endif
