#include "ulid.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void ulid_make(int64_t wall_ms, const uint8_t random[10], char out[ULID_LEN + 1])
{
	uint64_t t = (uint64_t)wall_ms & 0xFFFFFFFFFFFFull;

	for (int i = 9; i >= 0; i--) {
		out[i] = crockford[t & 31];
		t >>= 5;
	}
	/* 80 random bits as 16 base32 digits, most significant first. */
	int bit = 0;
	for (int i = 10; i < ULID_LEN; i++) {
		int v = 0;
		for (int b = 0; b < 5; b++, bit++)
			v = (v << 1) | ((random[bit / 8] >> (7 - bit % 8)) & 1);
		out[i] = crockford[v];
	}
	out[ULID_LEN] = '\0';
}
