/*
 * pin.c — the admin PIN as an Argon2id string. Hashing costs 64 MB and about
 * 0.1 s (libsodium's interactive limits), which is what makes a stolen event
 * file slow to brute-force despite a PIN's few digits.
 */
#include "pin.h"

#include <sodium.h>
#include <string.h>

_Static_assert(PIN_HASH_MAX >= crypto_pwhash_STRBYTES, "PIN_HASH_MAX too small");

const char *pin_problem(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;

	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return "the PIN must hold only digits 0-9";
	if (n < PIN_MIN_DIGITS)
		return "the PIN must have at least 4 digits";
	if (n > PIN_MAX_DIGITS)
		return "the PIN must have at most 12 digits";
	return NULL;
}

int pin_hash(const char *pin, char *out)
{
	if (sodium_init() < 0)
		return -1;
	/* argon2id explicitly: the default algorithm may change between
	 * libsodium versions, the event file's "$argon2id$" check may not. */
	return crypto_pwhash_str_alg(out, pin, strlen(pin),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

bool pin_verify(const char *hash, const char *pin)
{
	if (hash == NULL || pin == NULL || strncmp(hash, "$argon2id$", 10) != 0
	    || sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}
