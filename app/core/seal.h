/*
 * seal.h — the reviewing team's key pair and sealed boxes (SPEC §8, §14).
 * X25519 via libsodium: the kiosk holds only the public key and seals every
 * candidate payload with crypto_box_seal before it reaches the disk; only
 * the holder of the secret key (review, report) opens them. Key files are
 * one base64 line each: DIR/prescreen.pub (the public key, what an event's
 * "public_key" names) and DIR/prescreen.key (the secret key, mode 0600).
 * Opened plaintext and secret keys are the caller's to wipe (seal_free).
 */
#ifndef PRESCREEN_SEAL_H
#define PRESCREEN_SEAL_H

#include <stddef.h>

#define SEAL_KEY_BYTES 32
#define SEAL_OVERHEAD 48       /* crypto_box_SEALBYTES */
#define SEAL_B64_LEN 45        /* base64 of 32 bytes, with padding, + NUL */
#define SEAL_KEY_ID_LEN 17     /* 16 hex characters + NUL */
#define SEAL_PUB_FILE "prescreen.pub"
#define SEAL_KEY_FILE "prescreen.key"

typedef struct {
	unsigned char pk[SEAL_KEY_BYTES];
	unsigned char sk[SEAL_KEY_BYTES];
} seal_keypair;

/* A new key pair. 0, or -1 when libsodium cannot start. */
int seal_keygen(seal_keypair *kp);
/*
 * Writes DIR/prescreen.pub (0644) and DIR/prescreen.key (0600), creating DIR
 * (0700) when missing and refusing to replace an existing key file: a lost
 * secret key is every sealed session lost. One line into err on failure.
 */
int seal_keys_write(const char *dir, const seal_keypair *kp, char *err, size_t errlen);
/*
 * Reads a secret key file (or, given DIR, DIR/prescreen.key) and derives its
 * public key. "FILE: ..." into err when missing, unreadable or not a key
 * (a public key file given for a secret one is named as such).
 */
int seal_key_load(const char *path, seal_keypair *kp, char *err, size_t errlen);
/* Base64 (standard, padded) of a public key, and back: 0, or -1 when text is not 32 bytes of base64. */
void seal_public_format(const unsigned char pk[SEAL_KEY_BYTES], char out[SEAL_B64_LEN]);
int seal_public_parse(const char *text, unsigned char pk[SEAL_KEY_BYTES]);
/* A short fingerprint to name a key in messages and on screen: the first 8 bytes of SHA-256(pk), hex. */
void seal_key_id(const unsigned char pk[SEAL_KEY_BYTES], char out[SEAL_KEY_ID_LEN]);

/* crypto_box_seal of len bytes: a new buffer of len + SEAL_OVERHEAD bytes, or NULL (out of memory). */
unsigned char *seal_box(const unsigned char pk[SEAL_KEY_BYTES], const void *msg, size_t len, size_t *out_len);
/*
 * Opens a sealed box: a new NUL-terminated buffer of *out_len bytes, or NULL
 * when it was sealed for another key, is damaged, or memory ran out.
 */
char *seal_open(const seal_keypair *kp, const void *box, size_t len, size_t *out_len);
/* Wipes len bytes of p and frees it (opened plaintext, key copies). */
void seal_free(void *p, size_t len);
/* Wipes a key pair. */
void seal_keypair_wipe(seal_keypair *kp);

#endif
