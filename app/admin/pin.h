/*
 * pin.h — the admin PIN (SPEC §7): kept only as an Argon2id hash
 * (libsodium crypto_pwhash_str, interactive limits), checked the same way.
 * 4 to 12 digits.
 */
#ifndef PRESCREEN_PIN_H
#define PRESCREEN_PIN_H

#include <stdbool.h>
#include <stddef.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
#define PIN_HASH_MAX 128   /* crypto_pwhash_STRBYTES */

/* NULL when pin is acceptable, else why not (English, for the CLI). */
const char *pin_problem(const char *pin);
/* Hashes pin into out (PIN_HASH_MAX bytes). 0, or -1 (out of memory). */
int pin_hash(const char *pin, char *out);
/* Takes about 0.1 s and 64 MB: call it off the drawing thread. */
bool pin_verify(const char *hash, const char *pin);

#endif
