/*
 * export_hash.h — private to the exporter: the SHA-256 of every bundle file,
 * computed on a second thread while the first goes on writing (hashing is a
 * third of an export's work). Data is copied in, and wiped once hashed.
 */
#ifndef PRESCREEN_EXPORT_HASH_H
#define PRESCREEN_EXPORT_HASH_H

#include <stddef.h>
#include "hash.h"

#define EXPORT_HASH_CSV (-1)    /* sessions.csv, hashed in the order given */

typedef struct export_hasher export_hasher;

/* NULL when out of memory; without a thread it hashes at once. */
export_hasher *export_hasher_start(void);
/* Hashes data as file number index (0, 1, 2... in order) or, in pieces and
 * in order, as EXPORT_HASH_CSV. 0, or -1 when out of memory. */
int export_hasher_add(export_hasher *h, int index, const char *data, size_t len);
/* Waits for every digest; then export_hasher_hex gives them. 0 or -1. */
int export_hasher_wait(export_hasher *h);
const char *export_hasher_hex(const export_hasher *h, int index);
/* Stops the thread (dropping work not yet done) and frees h; NULL is fine. */
void export_hasher_free(export_hasher *h);

#endif
