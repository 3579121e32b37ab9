/*
 * test_pin.c — the admin PIN: what pin_problem accepts, that the hash is an
 * Argon2id string with libsodium's interactive limits, salted, and that only
 * the right PIN verifies it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pin.h"

static void test_pin_problem(void **state)
{
	(void)state;
	assert_null(pin_problem("1234"));
	assert_null(pin_problem("0000"));
	assert_null(pin_problem("123456789012"));
	assert_string_equal(pin_problem("123"), "the PIN must have at least 4 digits");
	assert_string_equal(pin_problem(""), "the PIN must have at least 4 digits");
	assert_string_equal(pin_problem(NULL), "the PIN must have at least 4 digits");
	assert_string_equal(pin_problem("1234567890123"),
	    "the PIN must have at most 12 digits");
	assert_string_equal(pin_problem("12a4"), "the PIN must hold only digits 0-9");
	assert_string_equal(pin_problem("12 34"), "the PIN must hold only digits 0-9");
	assert_string_equal(pin_problem("١٢٣٤"), "the PIN must hold only digits 0-9");
	assert_string_equal(pin_problem("-1234"), "the PIN must hold only digits 0-9");
}

static void test_pin_hash_verify(void **state)
{
	char a[PIN_HASH_MAX], b[PIN_HASH_MAX];

	(void)state;
	assert_int_equal(pin_hash("4711", a), 0);
	/* Argon2id, 64 MiB, 2 passes: libsodium's interactive limits. */
	assert_memory_equal(a, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
	assert_null(strstr(a, "4711"));
	assert_true(pin_verify(a, "4711"));
	assert_false(pin_verify(a, "4712"));
	assert_false(pin_verify(a, "47110"));
	assert_false(pin_verify(a, "471"));
	assert_false(pin_verify(a, ""));

	/* Salted: the same PIN twice gives two hashes, each verifying. */
	assert_int_equal(pin_hash("4711", b), 0);
	assert_string_not_equal(a, b);
	assert_true(pin_verify(b, "4711"));
}

static void test_pin_verify_bad_hash(void **state)
{
	char h[PIN_HASH_MAX];

	(void)state;
	assert_false(pin_verify(NULL, "1234"));
	assert_false(pin_verify("", "1234"));
	assert_false(pin_verify("1234", "1234"));
	assert_false(pin_verify("$argon2id$v=19$m=65536,t=2,p=1$garbage", "1234"));
	assert_int_equal(pin_hash("1234", h), 0);
	assert_false(pin_verify(h, NULL));
	/* One character of the digest changed. */
	h[strlen(h) - 2] = h[strlen(h) - 2] == 'A' ? 'B' : 'A';
	assert_false(pin_verify(h, "1234"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_problem),
		cmocka_unit_test(test_pin_hash_verify),
		cmocka_unit_test(test_pin_verify_bad_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
