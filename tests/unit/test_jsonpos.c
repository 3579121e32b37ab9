/*
 * test_jsonpos.c — line lookup by JSON Pointer, and robustness against the
 * untrusted text the pack and event loaders feed it: every buffer here is
 * allocated to its exact length so that ASan catches any read past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonpos.h"

/* Indexes a copy without a terminating NUL. */
static jsonpos *index_exact(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	jsonpos *p;

	assert_non_null(copy);
	memcpy(copy, text, len);
	p = jsonpos_index(copy, len);
	free(copy);
	return p;
}

static const char sample[] =
	"{\n"                                   /* 1 */
	"  \"schema\": \"x\",\n"                /* 2 */
	"  \"questions\": [\n"                  /* 3 */
	"    { \"id\": \"q01\",\n"              /* 4 */
	"      \"anchors\": { \"1\": \"a\",\n"  /* 5 */
	"        \"5\": \"b\" } },\n"           /* 6 */
	"    {\n"                               /* 7 */
	"      \"id\":\n"                       /* 8 */
	"        \"q02\"\n"                     /* 9 */
	"    }\n"                               /* 10 */
	"  ],\n"                                /* 11 */
	"  \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null\n"  /* 12 */
	"}\n";

static void test_jsonpos_lines(void **state)
{
	jsonpos *p = index_exact(sample, strlen(sample));

	(void)state;
	assert_int_equal(jsonpos_line(p, ""), 1);
	assert_int_equal(jsonpos_line(p, "/schema"), 2);
	assert_int_equal(jsonpos_line(p, "/questions"), 3);
	assert_int_equal(jsonpos_line(p, "/questions/0"), 4);
	assert_int_equal(jsonpos_line(p, "/questions/0/id"), 4);
	assert_int_equal(jsonpos_line(p, "/questions/0/anchors"), 5);
	assert_int_equal(jsonpos_line(p, "/questions/0/anchors/1"), 5);
	assert_int_equal(jsonpos_line(p, "/questions/0/anchors/5"), 6);
	assert_int_equal(jsonpos_line(p, "/questions/1"), 7);
	/* A value's line is where the value starts, not its key. */
	assert_int_equal(jsonpos_line(p, "/questions/1/id"), 9);
	assert_int_equal(jsonpos_line(p, "/n"), 12);
	assert_int_equal(jsonpos_line(p, "/z"), 12);
	jsonpos_free(p);
}

static void test_jsonpos_missing_falls_back(void **state)
{
	jsonpos *p = index_exact(sample, strlen(sample));

	(void)state;
	assert_int_equal(jsonpos_line(p, "/questions/0/anchors/3"), 5);
	assert_int_equal(jsonpos_line(p, "/questions/1/anchors/3"), 7);
	assert_int_equal(jsonpos_line(p, "/questions/9/id"), 3);
	assert_int_equal(jsonpos_line(p, "/nothing/here"), 1);
	assert_int_equal(jsonpos_line(NULL, "/x"), 1);
	jsonpos_free(p);

	p = index_exact("", 0);
	assert_int_equal(jsonpos_line(p, ""), 1);
	assert_int_equal(jsonpos_line(p, "/a"), 1);
	jsonpos_free(p);
	jsonpos_free(NULL);
}

static void test_jsonpos_escaped_keys(void **state)
{
	static const char text[] =
		"{\n"
		"\"a/b\": 1,\n"
		"\"m~n\": 2,\n"
		"\"\\u00e9t\\u00e9\": 3,\n"
		"\"x\\/y\": 4,\n"
		"\"q\\\"\": 5,\n"
		"\"\\ud83d\\ude00\": 6\n"
		"}";
	jsonpos *p = index_exact(text, strlen(text));

	(void)state;
	assert_int_equal(jsonpos_line(p, "/a~1b"), 2);
	assert_int_equal(jsonpos_line(p, "/m~0n"), 3);
	assert_int_equal(jsonpos_line(p, "/\xc3\xa9t\xc3\xa9"), 4);
	assert_int_equal(jsonpos_line(p, "/x~1y"), 5);
	assert_int_equal(jsonpos_line(p, "/q\""), 6);
	assert_int_equal(jsonpos_line(p, "/\xf0\x9f\x98\x80"), 7);
	/* Unescaped slashes name a path that is not there. */
	assert_int_equal(jsonpos_line(p, "/a/b"), 1);
	jsonpos_free(p);
}

static void test_jsonpos_stops_at_error(void **state)
{
	static const char text[] =
		"{\n"
		"\"good\": [1,\n"
		"  2],\n"
		"\"bad\": tru,\n"
		"\"after\": 1\n"
		"}";
	jsonpos *p = index_exact(text, strlen(text));

	(void)state;
	assert_int_equal(jsonpos_line(p, "/good/1"), 3);
	assert_int_equal(jsonpos_line(p, "/bad"), 4);
	/* Past the error nothing is indexed: the root answers. */
	assert_int_equal(jsonpos_line(p, "/after"), 1);
	jsonpos_free(p);
}

static void test_jsonpos_crlf_and_whitespace(void **state)
{
	static const char text[] = "\r\n\t{\r\n \"a\" :\r\n\r\n [ ] }";
	jsonpos *p = index_exact(text, strlen(text));

	(void)state;
	assert_int_equal(jsonpos_line(p, ""), 2);
	assert_int_equal(jsonpos_line(p, "/a"), 5);
	jsonpos_free(p);
}

static void test_jsonpos_last_duplicate_wins(void **state)
{
	static const char text[] = "{\"a\": 1,\n\"a\": 2}";
	jsonpos *p = index_exact(text, strlen(text));

	(void)state;
	assert_int_equal(jsonpos_line(p, "/a"), 2);
	jsonpos_free(p);
}

/* Every prefix of a document is a truncated file; none may read past it. */
static void test_jsonpos_every_prefix(void **state)
{
	size_t len = strlen(sample);

	(void)state;
	for (size_t n = 0; n <= len; n++) {
		jsonpos *p = index_exact(sample, n);
		int line = jsonpos_line(p, "/questions/1/id");
		assert_true(line >= 1 && line <= 9);
		jsonpos_free(p);
	}
}

static void test_jsonpos_deep_nesting(void **state)
{
	size_t n = 100000;
	char *text = malloc(2 * n);

	(void)state;
	assert_non_null(text);
	memset(text, '[', n);
	memset(text + n, ']', n);
	jsonpos *p = jsonpos_index(text, 2 * n);
	assert_int_equal(jsonpos_line(p, "/0/0/0"), 1);
	jsonpos_free(p);

	/* Unclosed, and objects too. */
	for (size_t i = 0; i + 5 <= n; i += 5)
		memcpy(text + i, "{\"a\":", 5);
	p = jsonpos_index(text, n);
	assert_int_equal(jsonpos_line(p, "/a/a"), 1);
	jsonpos_free(p);
	free(text);
}

static void test_jsonpos_bad_escapes(void **state)
{
	static const char *const cases[] = {
		"{\"\\u12", "{\"\\ud800\": 1}", "{\"\\ud800\\u0041\": 1}",
		"{\"\\udc00\": 1}", "{\"\\u0000\": 1}", "{\"\\x\": 1}", "\"\\",
		"{\"a\n\": 1}", "[\"\\ud83d\\u", "{\"a\" 1}", "[1 2]", "{,}", "-",
		"nul", "[", "{\"a\":", "\"abc",
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		jsonpos *p = index_exact(cases[i], strlen(cases[i]));
		assert_int_equal(jsonpos_line(p, "/a"), 1);
		jsonpos_free(p);
	}
}

/* Deterministic mutations of a real document: a small built-in fuzzer. */
static void test_jsonpos_mutations(void **state)
{
	static const char alphabet[] = "{}[]\":,\\/u0aZ \n\t~-e.\xff\xc3";
	size_t len = strlen(sample);
	uint32_t seed = 12345;
	char *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	for (int round = 0; round < 20000; round++) {
		size_t n;
		memcpy(buf, sample, len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			buf[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 8) % (len + 1);
		jsonpos *p = index_exact(buf, n);
		assert_true(jsonpos_line(p, "/questions/0/anchors/5") >= 1);
		jsonpos_free(p);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonpos_lines),
		cmocka_unit_test(test_jsonpos_missing_falls_back),
		cmocka_unit_test(test_jsonpos_escaped_keys),
		cmocka_unit_test(test_jsonpos_stops_at_error),
		cmocka_unit_test(test_jsonpos_crlf_and_whitespace),
		cmocka_unit_test(test_jsonpos_last_duplicate_wins),
		cmocka_unit_test(test_jsonpos_every_prefix),
		cmocka_unit_test(test_jsonpos_deep_nesting),
		cmocka_unit_test(test_jsonpos_bad_escapes),
		cmocka_unit_test(test_jsonpos_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
