/*
 * test_seal.c — the reviewing team's keys and sealed boxes: a box opens only
 * with its own secret key, damage is refused, key files round-trip and are
 * never replaced, a public key given for a secret one is named; receipt
 * codes are stable, in the unambiguous alphabet, and read back as typed.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "receipt.h"
#include "seal.h"

static void test_box_round_trip(void **state)
{
	seal_keypair a, b;
	const char msg[] = "{\"name\":\"Zoë\"}";
	size_t blen = 0, olen = 0;
	unsigned char *box;
	char *open;

	(void)state;
	assert_int_equal(seal_keygen(&a), 0);
	assert_int_equal(seal_keygen(&b), 0);
	box = seal_box(a.pk, msg, strlen(msg), &blen);
	assert_non_null(box);
	assert_int_equal(blen, strlen(msg) + SEAL_OVERHEAD);
	assert_null(memmem(box, blen, "Zo", 2));
	open = seal_open(&a, box, blen, &olen);
	assert_non_null(open);
	assert_int_equal(olen, strlen(msg));
	assert_string_equal(open, msg);
	seal_free(open, olen);
	assert_null(seal_open(&b, box, blen, &olen));
	box[blen / 2] ^= 1;
	assert_null(seal_open(&a, box, blen, &olen));
	assert_null(seal_open(&a, box, SEAL_OVERHEAD - 1, &olen));
	free(box);
	seal_keypair_wipe(&a);
	seal_keypair_wipe(&b);
}

static void test_key_files(void **state)
{
	char dir[] = "/tmp/test_seal.XXXXXX", sub[64], path[96], err[256], b64[SEAL_B64_LEN];
	unsigned char pk[SEAL_KEY_BYTES];
	seal_keypair kp, back;
	struct stat sb;
	FILE *f;
	char line[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/keys", dir);
	assert_int_equal(seal_keygen(&kp), 0);
	assert_int_equal(seal_keys_write(sub, &kp, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/%s", sub, SEAL_KEY_FILE);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(seal_key_load(sub, &back, err, sizeof err), 0);
	assert_memory_equal(back.pk, kp.pk, SEAL_KEY_BYTES);
	assert_memory_equal(back.sk, kp.sk, SEAL_KEY_BYTES);
	assert_int_not_equal(seal_keys_write(sub, &kp, err, sizeof err), 0);
	assert_non_null(strstr(err, "already there"));

	snprintf(path, sizeof path, "%s/%s", sub, SEAL_PUB_FILE);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	seal_public_format(kp.pk, b64);
	assert_string_equal(line, b64);
	assert_int_equal(seal_public_parse(line, pk), 0);
	assert_memory_equal(pk, kp.pk, SEAL_KEY_BYTES);
	assert_int_equal(seal_public_parse("abc", pk), -1);
	assert_int_not_equal(seal_key_load(path, &back, err, sizeof err), 0);
	assert_non_null(strstr(err, "this is a public key"));
	assert_non_null(strstr(err, ":1: "));

	snprintf(path, sizeof path, "%s/%s", sub, SEAL_KEY_FILE);
	unlink(path);
	snprintf(path, sizeof path, "%s/%s", sub, SEAL_PUB_FILE);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	seal_keypair_wipe(&kp);
	seal_keypair_wipe(&back);
}

static void test_key_id(void **state)
{
	seal_keypair a, b;
	char ia[SEAL_KEY_ID_LEN], ia2[SEAL_KEY_ID_LEN], ib[SEAL_KEY_ID_LEN];

	(void)state;
	seal_keygen(&a);
	seal_keygen(&b);
	seal_key_id(a.pk, ia);
	seal_key_id(a.pk, ia2);
	seal_key_id(b.pk, ib);
	assert_int_equal(strlen(ia), 16);
	assert_string_equal(ia, ia2);
	assert_string_not_equal(ia, ib);
}

static void test_receipt(void **state)
{
	char code[RECEIPT_LEN + 1], again[RECEIPT_LEN + 1], other[RECEIPT_LEN + 1], norm[RECEIPT_LEN + 1];
	char typed[32];

	(void)state;
	receipt_code("01JD5Q3W4V7X8Y9Z0ABCDEFGHJ", code);
	receipt_code("01JD5Q3W4V7X8Y9Z0ABCDEFGHJ", again);
	receipt_code("01JD5Q3W4V7X8Y9Z0ABCDEFGHK", other);
	assert_int_equal(strlen(code), RECEIPT_LEN);
	assert_int_equal(code[4], '-');
	assert_string_equal(code, again);
	assert_string_not_equal(code, other);
	for (int i = 0; code[i] != '\0'; i++)
		assert_null(strchr("0O1IL5S8B2Z", code[i]));
	snprintf(typed, sizeof typed, " %c%c%c%c %c%c%c%c ", code[0] | 0x20, code[1], code[2], code[3],
	         code[5], code[6], code[7], code[8] | 0x20);
	assert_true(receipt_normalise(typed, norm));
	assert_string_equal(norm, code);
	assert_false(receipt_normalise("ACDE-FGH", norm));
	assert_false(receipt_normalise("ACDE-FGHJK", norm));
	assert_false(receipt_normalise("ACDE-FGH0", norm));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_box_round_trip),
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_key_id),
		cmocka_unit_test(test_receipt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
