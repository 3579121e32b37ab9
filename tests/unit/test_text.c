/*
 * test_text.c — what is stored from any input bytes, the free functions
 * of textbuf.h (cluster and word counts, NFC, UTF-8 validity), and the
 * Unicode conformance data run through the buffer: GraphemeBreakTest.txt and emoji-test.txt from Debian's
 * unicode-data, which must be installed (the test fails without them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textbuf.h"

#define GRAPHEME_TEST	"/usr/share/unicode/auxiliary/GraphemeBreakTest.txt"
#define EMOJI_TEST	"/usr/share/unicode/emoji/emoji-test.txt"
#define MAX_CPS		64

static size_t
put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Sets up a buffer holding s, caret at the end, and checks it. */static void
test_invalid_input(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		/* The example of Unicode §3.9, "U+FFFD Substitution". */
		{ "a\xf1\x80\x80\xe1\x80\xc2" "b\x80" "c\x80\xbf" "d",
		  "a\ufffd\ufffd\ufffdb\ufffdc\ufffd\ufffdd" },
		{ "\xc0\xaf", "\ufffd\ufffd" },			/* overlong */
		{ "\xe0\x80\xaf", "\ufffd\ufffd\ufffd" },
		{ "\xed\xa0\x80", "\ufffd\ufffd\ufffd" },	/* surrogate */
		{ "\xf4\x90\x80\x80", "\ufffd\ufffd\ufffd\ufffd" },
		{ "\xf0\x9f\x98x", "\ufffdx" },			/* truncated */
		{ "\xe2\x82", "\ufffd" },
		{ "\xff\xfe", "\ufffd\ufffd" },
		{ "ok\xf0\x9f\x98\x80", "ok😀" },
		{ "a\r\nb\rc\n\rd", "a\nb\nc\n\nd" },
		{ "\r\r\n", "\n\n" },
		/* Controls show as U+FFFD, never vanish; a tab is a space. */
		{ "a\x01\x1b[31mb\x7f\tc", "a\ufffd\ufffd[31mb\ufffd c" },
		{ "x\xc2\x85y\xc2\x9fz\u200bw", "x\ufffdy\ufffdz\u200bw" },	/* C1 too, Cf stay */
		{ "ab\0cd", "ab" },
	};
	textbuf	tb;
	size_t	i;
	bool	hit;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		textbuf_init(&tb, 0);
		textbuf_insert(&tb, "[]", NULL);
		textbuf_move_caret(&tb, TB_MOVE_LEFT);
		textbuf_insert(&tb, cases[i].in, NULL);
		assert_true(text_valid_utf8(tb.text, tb.len));
		assert_int_equal(tb.clusters, text_count_clusters(tb.text));
		assert_int_equal(tb.caret, tb.len - 1);
		tb.text[tb.len - 1] = '\0';
		assert_string_equal(tb.text + 1, cases[i].out);
		textbuf_free(&tb);

		textbuf_init(&tb, 0);
		assert_int_equal(textbuf_set(&tb, cases[i].in), 0);
		assert_string_equal(tb.text, cases[i].out);
		textbuf_set_compose(&tb, cases[i].in);
		assert_string_equal(tb.compose, cases[i].out);
		textbuf_free(&tb);
	}
	/* Nothing left to insert is no insert, and no limit was hit. */
	textbuf_init(&tb, 1);
	textbuf_set(&tb, "a");
	hit = true;
	assert_int_equal(textbuf_insert(&tb, "\0\x01\x02", &hit), 0);
	assert_false(hit);
	assert_string_equal(tb.text, "a");
	textbuf_free(&tb);
}

static void
test_nfc(void **state)
{
	textbuf	tb;
	char	*s;

	(void)state;
	textbuf_init(&tb, 0);
	textbuf_insert(&tb, "Caf", NULL);
	textbuf_insert(&tb, "e", NULL);
	textbuf_insert(&tb, "\u0301", NULL);
	s = textbuf_nfc(&tb);
	assert_string_equal(s, "Café");
	free(s);
	textbuf_free(&tb);

	s = text_nfc("A\u030a \u1100\u1161 \u1e0b\u0323 日本語");
	assert_string_equal(s, "Å 가 \u1e0d\u0307 日本語");
	free(s);
	s = text_nfc("ok\xc0!");
	assert_string_equal(s, "ok\ufffd!");
	free(s);
	s = text_nfc("");
	assert_string_equal(s, "");
	free(s);
}

static void
test_counts(void **state)
{
	(void)state;
	assert_int_equal(text_count_words("REST API — 12 years", "en"), 4);
	assert_int_equal(text_count_words(
	    "Ich habe zwölf Jahre Erfahrung mit Datenbanken.", "de"), 7);
	assert_int_equal(text_count_words(
	    "لدي خبرة ١٢ سنة في تطوير الواجهات الخلفية", "ar"), 8);
	assert_int_equal(text_count_words("मैं एक बैकएंड डेवलपर हूँ।", "hi"), 5);
	/* Dictionary segmentation: exact splits vary with ICU's data. */
	assert_in_range(text_count_words("我是一名后端开发工程师", "zh_CN"), 4, 11);
	assert_in_range(text_count_words("私はバックエンドエンジニアです。", "ja"),
	    4, 15);
	/* A hyphen joins a word; a spaced dash or a minus sign does not. */
	assert_int_equal(text_count_words("seven years of back-end work", "en"), 5);
	assert_int_equal(text_count_words("in der Backend\u2010Entwicklung", "de"), 3);
	assert_int_equal(text_count_words("Java - Python", "en"), 2);
	assert_int_equal(text_count_words("  ... !", "en"), 0);
	assert_int_equal(text_count_words("", "en"), 0);
	assert_int_equal(text_count_words("one two", NULL), 2);

	assert_int_equal(text_count_clusters(""), 0);
	assert_int_equal(text_count_clusters(NULL), 0);
	assert_int_equal(text_count_clusters("e\u0301🇩🇪👨‍👩‍👧‍👦\r\n"), 4);
	assert_int_equal(text_count_clusters("क्षत्रिय"), 3);
}

static void
test_valid_utf8(void **state)
{
	static const struct {
		const char	*s;
		bool		 ok;
	} cases[] = {
		{ "", true }, { "abc", true }, { "é日😀", true },
		{ "\xef\xbf\xbf", true }, { "\xf4\x8f\xbf\xbf", true },
		{ "\xc0\x80", false }, { "\xc1\xbf", false },
		{ "\xe0\x9f\xbf", false }, { "\xf0\x8f\xbf\xbf", false },
		{ "\xed\xa0\x80", false }, { "\xed\xbf\xbf", false },
		{ "\xf4\x90\x80\x80", false }, { "\xf5\x80\x80\x80", false },
		{ "\x80", false }, { "\xe2\x82", false }, { "\xe2\x28\xa1", false },
		{ "\xff", false },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_int_equal(text_valid_utf8(cases[i].s, strlen(cases[i].s)),
		    cases[i].ok);
	assert_true(text_valid_utf8("a\0b", 3));
	assert_false(text_valid_utf8("\xe2\x82\xac", 2));
}

static FILE *
open_data(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		fail_msg("%s: cannot open; install the Debian package "
		    "unicode-data (apt-get install unicode-data)", path);
	return f;
}

static size_t
encode(char *out, const uint32_t *cps, int n, size_t *offsets)
{
	size_t	len = 0;
	int	i;

	for (i = 0; i < n; i++) {
		if (offsets != NULL)
			offsets[i] = len;
		len += put_utf8(out + len, cps[i]);
	}
	if (offsets != NULL)
		offsets[n] = len;
	out[len] = '\0';
	return len;
}

/* Types cps one code point per insert, as a keyboard would. */
static void
type_each(textbuf *tb, const uint32_t *cps, int n)
{
	char	one[8];
	int	i;

	for (i = 0; i < n; i++) {
		one[put_utf8(one, cps[i])] = '\0';
		textbuf_insert(tb, one, NULL);
	}
}

#define EXPECT(c, what) do {						\
	if (!(c))							\
		fail_msg("%s:%d: %s", GRAPHEME_TEST, lineno, what);	\
} while (0)

/*
 * Every line of GraphemeBreakTest.txt through the buffer. The buffer
 * replaces controls and turns CR into LF, so the line is first mapped to
 * what it stores without moving a boundary: CR LF becomes LF (one cluster
 * either way), and a lone CR or any other control LF, which breaks on both
 * sides just as they do.
 */
static void
test_grapheme_break_conformance(void **state)
{
	FILE		*f = open_data(GRAPHEME_TEST);
	char		 line[4096], raw[MAX_CPS * 4 + 1], str[MAX_CPS * 4 + 1];
	char		*tok, *save, *hash;
	uint32_t	 cps[MAX_CPS], mcps[MAX_CPS];
	bool		 brk[MAX_CPS + 1], mbrk[MAX_CPS + 1], mark, carry;
	size_t		 off[MAX_CPS + 1], bounds[MAX_CPS + 1], len;
	int		 lineno = 0, checked = 0, mapped = 0, n, m, nb, i, j;
	textbuf		 tb;

	(void)state;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		n = 0;
		mark = true;
		for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (strcmp(tok, "÷") == 0 || strcmp(tok, "×") == 0) {
				mark = strcmp(tok, "÷") == 0;
				continue;
			}
			EXPECT(n < MAX_CPS, "too many code points");
			brk[n] = mark;
			cps[n++] = (uint32_t)strtoul(tok, NULL, 16);
		}
		if (n == 0)
			continue;
		brk[n] = mark;

		nb = 0;
		for (i = 1; i <= n; i++)
			nb += brk[i];
		encode(raw, cps, n, NULL);
		EXPECT(text_count_clusters(raw) == nb, "clusters of raw line");

		for (i = m = 0, carry = false; i < n; i++) {
			uint32_t	cp = cps[i];

			if (cp == 0x0d && i + 1 < n && cps[i + 1] == 0x0a) {
				carry = true;
				continue;
			}
			if (cp == 0x0d)
				cp = 0x0a;
			else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
				cp = 0x0a;
			mbrk[m] = carry ? brk[i - 1] : brk[i];
			carry = false;
			mcps[m++] = cp;
		}
		mbrk[m] = brk[n];
		if (m != n || memcmp(mcps, cps, sizeof *cps * (size_t)n) != 0)
			mapped++;
		len = encode(str, mcps, m, off);
		for (i = nb = 0; i <= m; i++) {
			if (i == 0 || mbrk[i])
				bounds[nb++] = off[i];
		}

		textbuf_init(&tb, 0);
		textbuf_insert(&tb, str, NULL);
		EXPECT(strcmp(tb.text, str) == 0, "text as inserted");
		EXPECT(tb.clusters == nb - 1, "clusters after insert");
		EXPECT(tb.caret == len, "caret after insert");
		for (j = nb - 2; j >= 0; j--) {
			textbuf_move_caret(&tb, TB_MOVE_LEFT);
			EXPECT(tb.caret == bounds[j], "Left stops at each ÷");
		}
		textbuf_move_caret(&tb, TB_MOVE_LEFT);
		EXPECT(tb.caret == 0, "Left at the start");
		for (j = 1; j < nb; j++) {
			textbuf_move_caret(&tb, TB_MOVE_RIGHT);
			EXPECT(tb.caret == bounds[j], "Right stops at each ÷");
		}
		for (j = nb - 2; j >= 0; j--) {
			EXPECT(textbuf_backspace(&tb) == 1, "backspace");
			EXPECT(tb.len == bounds[j], "Backspace removes a cluster");
			EXPECT(tb.clusters == j, "clusters after Backspace");
		}
		EXPECT(textbuf_backspace(&tb) == 0, "Backspace at the start");

		textbuf_set(&tb, str);
		tb.caret = 0;
		for (j = 1; j < nb; j++) {
			EXPECT(textbuf_delete(&tb) == 1, "delete");
			EXPECT(tb.len == len - bounds[j], "Delete removes a cluster");
			EXPECT(tb.clusters == nb - 1 - j, "clusters after Delete");
		}
		textbuf_free(&tb);

		textbuf_init(&tb, 0);
		type_each(&tb, mcps, m);
		EXPECT(strcmp(tb.text, str) == 0, "text as typed");
		EXPECT(tb.clusters == nb - 1, "clusters counted while typing");
		textbuf_free(&tb);
		checked++;
	}
	fclose(f);
	print_message("GraphemeBreakTest.txt: %d lines checked "
	    "(%d with controls mapped)\n", checked, mapped);
	assert_true(checked > 500);
}

#undef EXPECT

/* Every fully-qualified emoji is one cluster, typed or pasted after "a". */
static void
test_emoji_conformance(void **state)
{
	FILE		*f = open_data(EMOJI_TEST);
	char		 line[1024], str[MAX_CPS * 4 + 2], *semi, *p, *end;
	uint32_t	 cps[MAX_CPS];
	int		 lineno = 0, checked = 0, n;
	textbuf		 tb;

	(void)state;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (line[0] == '#' || (semi = strchr(line, ';')) == NULL)
			continue;
		for (p = semi + 1; *p == ' '; p++)
			;
		if (strncmp(p, "fully-qualified ", 16) != 0)
			continue;
		*semi = '\0';
		for (n = 0, p = line;; p = end) {
			unsigned long	cp = strtoul(p, &end, 16);

			if (end == p)
				break;
			if (n == MAX_CPS)
				fail_msg("%s:%d: too long", EMOJI_TEST, lineno);
			cps[n++] = (uint32_t)cp;
		}
		str[0] = 'a';
		encode(str + 1, cps, n, NULL);

		if (text_count_clusters(str + 1) != 1)
			fail_msg("%s:%d: not one cluster", EMOJI_TEST, lineno);
		textbuf_init(&tb, 0);
		textbuf_insert(&tb, "a", NULL);
		textbuf_insert(&tb, str + 1, NULL);
		if (strcmp(tb.text, str) != 0 || tb.clusters != 2)
			fail_msg("%s:%d: inserted after \"a\"", EMOJI_TEST, lineno);
		if (textbuf_backspace(&tb) != 1 || strcmp(tb.text, "a") != 0 ||
		    tb.clusters != 1)
			fail_msg("%s:%d: one Backspace", EMOJI_TEST, lineno);
		type_each(&tb, cps, n);
		if (strcmp(tb.text, str) != 0 || tb.clusters != 2)
			fail_msg("%s:%d: typed after \"a\"", EMOJI_TEST, lineno);
		textbuf_free(&tb);
		checked++;
	}
	fclose(f);
	print_message("emoji-test.txt: %d fully-qualified sequences checked\n",
	    checked);
	assert_true(checked > 3000);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_invalid_input),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_grapheme_break_conformance),
		cmocka_unit_test(test_emoji_conformance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
