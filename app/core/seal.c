/*
 * seal.c — key pair files and sealed boxes over libsodium (seal.h).
 */
#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEAL_SK_PREFIX "prescreen-secret-key "

int seal_keygen(seal_keypair *kp)
{
	if (sodium_init() < 0)
		return -1;
	crypto_box_keypair(kp->pk, kp->sk);
	return 0;
}

void seal_public_format(const unsigned char pk[SEAL_KEY_BYTES], char out[SEAL_B64_LEN])
{
	sodium_bin2base64(out, SEAL_B64_LEN, pk, SEAL_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
}

static int b64_key(const char *text, size_t len, unsigned char key[SEAL_KEY_BYTES])
{
	size_t got = 0;
	const char *end = NULL;

	if (sodium_init() < 0)
		return -1;
	if (sodium_base642bin(key, SEAL_KEY_BYTES, text, len, " \t\r\n", &got, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || got != SEAL_KEY_BYTES)
		return -1;
	return end != NULL && (size_t)(end - text) == len ? 0 : -1;
}

int seal_public_parse(const char *text, unsigned char pk[SEAL_KEY_BYTES])
{
	return text == NULL ? -1 : b64_key(text, strlen(text), pk);
}

void seal_key_id(const unsigned char pk[SEAL_KEY_BYTES], char out[SEAL_KEY_ID_LEN])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, pk, SEAL_KEY_BYTES);
	sodium_bin2hex(out, SEAL_KEY_ID_LEN, digest, 8);
}

/* Writes text to path, created new with mode: an existing file is EEXIST. */
static int write_new(const char *path, const char *text, mode_t mode)
{
	size_t len = strlen(text), done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			unlink(path);
			errno = e;
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int e = errno;
		unlink(path);
		errno = e;
		return -1;
	}
	return 0;
}

int seal_keys_write(const char *dir, const seal_keypair *kp, char *err, size_t errlen)
{
	char pub_path[4096], key_path[4096], b64[SEAL_B64_LEN];
	char line[sizeof SEAL_SK_PREFIX + SEAL_B64_LEN + 2];
	int rc = -1;

	if (snprintf(pub_path, sizeof pub_path, "%s/%s", dir, SEAL_PUB_FILE) >= (int)sizeof pub_path
	    || snprintf(key_path, sizeof key_path, "%s/%s", dir, SEAL_KEY_FILE) >= (int)sizeof key_path) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create: %s", dir, strerror(errno));
		return -1;
	}
	if (access(key_path, F_OK) == 0 || access(pub_path, F_OK) == 0) {
		snprintf(err, errlen, "%s: a key pair is already there; a replaced secret key "
		         "would leave every session sealed for it unreadable", dir);
		return -1;
	}
	sodium_bin2base64(b64, sizeof b64, kp->sk, SEAL_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, sizeof line, "%s%s\n", SEAL_SK_PREFIX, b64);
	if (write_new(key_path, line, 0600) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", key_path, strerror(errno));
		goto out;
	}
	seal_public_format(kp->pk, b64);
	snprintf(line, sizeof line, "%s\n", b64);
	if (write_new(pub_path, line, 0644) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", pub_path, strerror(errno));
		unlink(key_path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(line, sizeof line);
	sodium_memzero(b64, sizeof b64);
	return rc;
}

int seal_key_load(const char *path, seal_keypair *kp, char *err, size_t errlen)
{
	char file[4096], text[256];
	struct stat sb;
	size_t len;
	FILE *f;
	int rc = -1;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(file, sizeof file, "%s/%s", path, SEAL_KEY_FILE);
	else
		snprintf(file, sizeof file, "%s", path);
	f = fopen(file, "re");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot read the secret key: %s", file, strerror(errno));
		return -1;
	}
	len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		text[--len] = '\0';
	if (strncmp(text, SEAL_SK_PREFIX, strlen(SEAL_SK_PREFIX)) != 0) {
		unsigned char pk[SEAL_KEY_BYTES];
		if (seal_public_parse(text, pk) == 0)
			snprintf(err, errlen, "%s:1: this is a public key (%s); review and report "
			         "need the secret key, %s", file, SEAL_PUB_FILE, SEAL_KEY_FILE);
		else
			snprintf(err, errlen, "%s:1: not a prescreen secret key "
			         "(expected \"%s\" and 44 characters of base64)", file, SEAL_SK_PREFIX);
		goto out;
	}
	if (b64_key(text + strlen(SEAL_SK_PREFIX), len - strlen(SEAL_SK_PREFIX), kp->sk) != 0) {
		snprintf(err, errlen, "%s:1: the secret key is not 32 bytes of base64", file);
		goto out;
	}
	crypto_scalarmult_base(kp->pk, kp->sk);
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	return rc;
}

unsigned char *seal_box(const unsigned char pk[SEAL_KEY_BYTES], const void *msg, size_t len, size_t *out_len)
{
	unsigned char *box;

	if (sodium_init() < 0 || len > SIZE_MAX - SEAL_OVERHEAD)
		return NULL;
	box = malloc(len + SEAL_OVERHEAD);
	if (box == NULL)
		return NULL;
	if (crypto_box_seal(box, msg, len, pk) != 0) {
		free(box);
		return NULL;
	}
	*out_len = len + SEAL_OVERHEAD;
	return box;
}

char *seal_open(const seal_keypair *kp, const void *box, size_t len, size_t *out_len)
{
	char *msg;

	if (sodium_init() < 0 || len < SEAL_OVERHEAD)
		return NULL;
	msg = malloc(len - SEAL_OVERHEAD + 1);
	if (msg == NULL)
		return NULL;
	if (crypto_box_seal_open((unsigned char *)msg, box, len, kp->pk, kp->sk) != 0) {
		free(msg);
		return NULL;
	}
	msg[len - SEAL_OVERHEAD] = '\0';
	*out_len = len - SEAL_OVERHEAD;
	return msg;
}

void seal_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	sodium_memzero(p, len);
	free(p);
}

void seal_keypair_wipe(seal_keypair *kp)
{
	sodium_memzero(kp, sizeof *kp);
}
