/*
 * bundle.h — an export bundle (SPEC §8) read back for review: the manifest
 * checked against every file (missing, extra, altered), each session parsed
 * back into a session_record, and the pack the bundle carries found by hash.
 * A sealed bundle's sessions (sessions/<id>.json.sealed, SPEC §14) are
 * verified as sealed bytes and opened only with the key they were sealed for.
 * Knows nothing of scores or of the review store.
 */
#ifndef PRESCREEN_BUNDLE_H
#define PRESCREEN_BUNDLE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "seal.h"
#include "session.h"

#define BUNDLE_MAX_PACKS 8
#define BUNDLE_MAX_KEYS 8

typedef struct {
	char id[SESSION_SHORT];
	char version[SESSION_SHORT];
	char hash[SESSION_HASH];      /* "sha256:…" of pack.json's bytes */
	char dir[PATH_MAX];           /* the pack's folder inside the bundle */
} bundle_pack;

/* The reviewing team's secret key, as --key named it. */
typedef struct {
	seal_keypair kp;
	char file[PATH_MAX];                /* as given, for messages */
	char id[SEAL_KEY_ID_LEN];           /* seal_key_id of its public key */
} bundle_key;

typedef struct {
	char dir[PATH_MAX];
	char kiosk_id[SESSION_SHORT];
	char manifest_hash[SESSION_HASH];   /* of manifest.json's bytes */
	int session_files;                  /* sessions/<id>.json(.sealed) listed */
	int sealed_files;                   /* of them, sessions/<id>.json.sealed */
	int npacks;
	bundle_pack packs[BUNDLE_MAX_PACKS];
	bool sealed;                        /* the manifest says "sealed": true */
	/* The keys its sessions are sealed for: "public_key", then the others of
	 * "public_keys" (the event's key was changed between sessions). */
	int nkeys;
	unsigned char public_keys[BUNDLE_MAX_KEYS][SEAL_KEY_BYTES];
	char key_id[SEAL_KEY_ID_LEN];       /* of public_keys[0] */
	const bundle_key *key;              /* bundle_use_key's, for bundle_each */
} bundle;

/* Reads a secret key file (or DIR/prescreen.key): seal_key_load's checks,
 * its one line into d. 0, or -1 with k wiped. */
int bundle_key_load(bundle_key *k, const char *path, diag_list *d);
void bundle_key_wipe(bundle_key *k);

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
 * Gives b the key its sessions are read with (NULL: none was given). A
 * clear bundle needs none; a sealed one needs a key it was sealed for,
 * else one line in d ("DIR: its sessions are sealed for key ID; ..." or
 * "DIR/manifest.json: sealed for key ID, but FILE is key ID2") and -1,
 * before any session is read. Sessions sealed for another of its keys then
 * do not open (bundle_each). key must outlive b's walks.
 */
int bundle_use_key(bundle *b, const bundle_key *key, diag_list *d);

/*
 * Called for each session of the bundle, in id order: the parsed record, the
 * JSON parsed and its "sha256:…". For a sealed file that is the opened
 * plaintext (the document an unsealed export writes, so the same session
 * sealed and in clear has the same hash), wiped once fn returns; the sealed
 * bytes were checked against the manifest. Non-zero from fn stops the walk.
 */
typedef int (*bundle_session_fn)(void *ctx, const bundle *b, const session_record *s,
                                 const char *json, size_t len, const char *content_hash);
/*
 * Walks the sessions; memory stays that of one session. A file that does not
 * parse, or a sealed one that does not open with b's key ("cannot be opened
 * with this key"), is one line in d and is skipped. Returns 0, 1 when fn
 * stopped it, or -1 when the bundle could not be read at all (a sealed one
 * without bundle_use_key's key among them).
 */
int bundle_each(const bundle *b, bundle_session_fn fn, void *ctx, diag_list *d);

/*
 * Parses one prescreen.session.v1 document (the inverse of
 * export_session_json: parsing its output and exporting again gives the same
 * bytes). file names it in messages. 0, or -1 with lines in d.
 */
int bundle_parse_session(const char *json, size_t len, const char *file, session_record *out,
                         diag_list *d);

/* "DIR/sessions/<id>.json", or ".json.sealed" when b lists it sealed. */
void bundle_session_file(const bundle *b, const char *id, char *out, size_t len);

/* The folder of the pack with this hash inside b, or NULL. */
const char *bundle_pack_dir(const bundle *b, const char *pack_hash);

#endif
