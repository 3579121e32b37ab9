/*
 * receipt.c — receipt codes from session ids (receipt.h).
 */
#include "receipt.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

/* 25 characters: letters and digits less those read as one another. */
static const char alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

void receipt_code(const char *session_id, char out[RECEIPT_LEN + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	int i, o = 0;

	crypto_hash_sha256(digest, (const unsigned char *)session_id, strlen(session_id));
	for (i = 0; i < RECEIPT_CHARS; i++) {
		if (i == RECEIPT_CHARS / 2)
			out[o++] = '-';
		/* Two bytes per character keep the modulo's bias under 0.04 %. */
		out[o++] = alphabet[((digest[2 * i] << 8) | digest[2 * i + 1]) % (sizeof alphabet - 1)];
	}
	out[o] = '\0';
}

bool receipt_normalise(const char *typed, char out[RECEIPT_LEN + 1])
{
	int n = 0, o = 0;

	for (; *typed != '\0'; typed++) {
		int c = toupper((unsigned char)*typed);
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c == '\0' || strchr(alphabet, c) == NULL || n == RECEIPT_CHARS)
			return false;
		if (n == RECEIPT_CHARS / 2)
			out[o++] = '-';
		out[o++] = (char)c;
		n++;
	}
	out[o] = '\0';
	return n == RECEIPT_CHARS;
}
