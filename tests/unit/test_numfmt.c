/* Numbers as each language writes them: digits, grouping, clock times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "numfmt.h"

static void expect_int(const char *lang, long value, const char *want)
{
	char out[64];
	numfmt_int(lang, value, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("%s %ld: got \"%s\", want \"%s\"", lang, value, out, want);
}

/* Spanish groups only from five digits (CLDR minimumGroupingDigits 2): 4000, 10 000. */
static void test_grouping_by_language(void **state)
{
	(void)state;
	expect_int("en", 4000, "4,000");
	expect_int("de", 4000, "4.000");
	expect_int("pt_BR", 4000, "4.000");
	expect_int("es", 4000, "4000");
	expect_int("es", 10000, "10.000");
	expect_int("fr", 4000, "4\u202f000");
	expect_int("ar", 4000, "\u0664\u066c\u0660\u0660\u0660");
	expect_int("hi", 4000, "4,000");
	expect_int("ja", 4000, "4,000");
	numfmt_cleanup();
}

static void test_clock(void **state)
{
	(void)state;
	char out[64];
	numfmt_clock("en", 235, out, sizeof out);
	assert_string_equal(out, "3:55");
	numfmt_clock("ar", 235, out, sizeof out);
	assert_string_equal(out, "\u0663:\u0665\u0665");
	numfmt_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grouping_by_language),
		cmocka_unit_test(test_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
