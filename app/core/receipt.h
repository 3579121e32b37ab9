/*
 * receipt.h — the candidate's receipt code (SPEC §14): a short code shown on
 * the done screen, with which that one session can be erased on request
 * (GDPR art. 17). Derived from the session id, so nothing more is stored;
 * written in characters no one misreads: no 0/O, 1/I/L, 5/S, 8/B, 2/Z.
 */
#ifndef PRESCREEN_RECEIPT_H
#define PRESCREEN_RECEIPT_H

#include <stdbool.h>

#define RECEIPT_CHARS 8
#define RECEIPT_LEN (RECEIPT_CHARS + 1)    /* "XXXX-XXXX" */

/* The code of a session id, "XXXX-XXXX" + NUL. */
void receipt_code(const char *session_id, char out[RECEIPT_LEN + 1]);
/*
 * Normalises what someone typed (any case, spaces and dashes anywhere) into
 * "XXXX-XXXX": true, or false when it cannot be a code.
 */
bool receipt_normalise(const char *typed, char out[RECEIPT_LEN + 1]);

#endif
