/*
 * ulid.h — sortable unique session ids: 48 bits of UTC ms, 80 random bits,
 * Crockford base32, so ids sort by start time across kiosks.
 */
#ifndef PRESCREEN_ULID_H
#define PRESCREEN_ULID_H

#include <stdint.h>

#define ULID_LEN 26

void ulid_make(int64_t wall_ms, const uint8_t random[10], char out[ULID_LEN + 1]);

#endif
