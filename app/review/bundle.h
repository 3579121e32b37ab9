/*
 * bundle.h — an export bundle (SPEC §8) read back for review: the manifest
 * checked against every file (missing, extra, altered), each session parsed
 * back into a session_record, and the pack the bundle carries found by hash.
 * Knows nothing of scores or of the review store.
 */
#ifndef PRESCREEN_BUNDLE_H
#define PRESCREEN_BUNDLE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "session.h"

#define BUNDLE_MAX_PACKS 8

typedef struct {
	char id[SESSION_SHORT];
	char version[SESSION_SHORT];
	char hash[SESSION_HASH];      /* "sha256:…" of pack.json's bytes */
	char dir[PATH_MAX];           /* the pack's folder inside the bundle */
} bundle_pack;

typedef struct {
	char dir[PATH_MAX];
	char kiosk_id[SESSION_SHORT];
	char manifest_hash[SESSION_HASH];   /* of manifest.json's bytes */
	int session_files;                  /* sessions/<id>.json listed */
	int npacks;
	bundle_pack packs[BUNDLE_MAX_PACKS];
} bundle;

/*
 * A cheap stamp of the bundle as it is on disk: the manifest's bytes and,
 * for every file it lists, size, mtime, ctime and inode (stat only, nothing
 * hashed). The same stamp means nothing changed since it was verified, so a
 * second open may skip the hashing. 0, or -1 with one line in d.
 */
int bundle_fingerprint(const char *dir, char out[SESSION_HASH], diag_list *d);

/*
 * Reads DIR/manifest.json. With verify, every listed file is hashed and
 * compared, and every file of the bundle must be listed: each missing, extra
 * or altered file is one line in d ("DIR/sessions/X.json: altered: its
 * SHA-256 differs from the manifest"). A foreign folder or a bad manifest is
 * one line too. Returns 0 when the bundle can be used, else -1.
 */
int bundle_open(const char *dir, bool verify, bundle *out, diag_list *d);

/*
 * Called for each session of the bundle, in id order: the parsed record, the
 * file's bytes and their "sha256:…". Non-zero from fn stops the walk.
 */
typedef int (*bundle_session_fn)(void *ctx, const bundle *b, const session_record *s,
                                 const char *json, size_t len, const char *content_hash);
/*
 * Walks the sessions; memory stays that of one session. A file that does not
 * parse is one line in d and is skipped. Returns 0, 1 when fn stopped it, or
 * -1 when the bundle could not be read at all.
 */
int bundle_each(const bundle *b, bundle_session_fn fn, void *ctx, diag_list *d);

/*
 * Parses one prescreen.session.v1 document (the inverse of
 * export_session_json: parsing its output and exporting again gives the same
 * bytes). file names it in messages. 0, or -1 with lines in d.
 */
int bundle_parse_session(const char *json, size_t len, const char *file, session_record *out,
                         diag_list *d);

/* The folder of the pack with this hash inside b, or NULL. */
const char *bundle_pack_dir(const bundle *b, const char *pack_hash);

#endif
