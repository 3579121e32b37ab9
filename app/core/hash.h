/*
 * hash.h — SHA-256 digests as the "sha256:<hex>" strings that packs, events,
 * sessions and manifests carry (libsodium underneath).
 */
#ifndef PRESCREEN_HASH_H
#define PRESCREEN_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64
#define HASH_TAGGED_LEN (7 + HASH_HEX_LEN)   /* "sha256:" + hex */

/* out receives 64 lowercase hex digits and a NUL. */
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);
/* out receives "sha256:" + 64 hex digits and a NUL. */
void hash_sha256_tagged(const void *data, size_t len, char out[HASH_TAGGED_LEN + 1]);
/* Hashes a whole file; returns 0, or -1 with errno set. */
int hash_file_hex(const char *path, char out[HASH_HEX_LEN + 1]);

#endif
