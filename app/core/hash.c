#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

static void hash_ready(void)
{
	static atomic_int ready;

	/* SHA-256 needs no CPU feature probing today, but libsodium documents
	 * sodium_init() as a precondition of every call; it is idempotent and
	 * thread-safe, so a lost race only costs a second call. */
	if (!ready && sodium_init() >= 0)
		ready = 1;
}

static void hash_hex(const unsigned char digest[crypto_hash_sha256_BYTES],
                     char out[HASH_HEX_LEN + 1])
{
	sodium_bin2hex(out, HASH_HEX_LEN + 1, digest, crypto_hash_sha256_BYTES);
}

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	hash_ready();
	crypto_hash_sha256(digest, data, len);
	hash_hex(digest, out);
}

void hash_sha256_tagged(const void *data, size_t len, char out[HASH_TAGGED_LEN + 1])
{
	memcpy(out, "sha256:", 7);
	hash_sha256_hex(data, len, out + 7);
}

int hash_file_hex(const char *path, char out[HASH_HEX_LEN + 1])
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char buf[65536];
	ssize_t n;
	int fd, saved;

	hash_ready();
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	crypto_hash_sha256_init(&state);
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		crypto_hash_sha256_update(&state, buf, (unsigned long long)n);
	}
	if (n < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	crypto_hash_sha256_final(&state, digest);
	hash_hex(digest, out);
	return 0;
}
