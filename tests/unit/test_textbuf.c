/*
 * test_textbuf.c — editing by grapheme cluster: insert, Backspace, Delete
 * and moves over many scripts, the cluster limit, the cached count under
 * random edits, and the cost of a keystroke. Input cleaning, the free
 * functions and the Unicode conformance data are in test_text.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "textbuf.h"

/* Whether pos is a cluster boundary by ICU, judged afresh. */
static bool
is_boundary(const char *s, size_t len, size_t pos)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UText		 ut = UTEXT_INITIALIZER;
	UBreakIterator	*bi;
	bool		 yes;

	bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &st);
	utext_openUTF8(&ut, s, (int64_t)len, &st);
	ubrk_setUText(bi, &ut, &st);
	assert_true(U_SUCCESS(st));
	yes = ubrk_isBoundary(bi, (int32_t)pos);
	ubrk_close(bi);
	utext_close(&ut);
	return yes;
}

/* What every edit must leave true: the cached count, the caret, the bytes. */
static void
check(const textbuf *tb)
{
	assert_non_null(tb->text);
	assert_int_equal(strlen(tb->text), tb->len);
	assert_true(tb->len < tb->cap);
	assert_true(text_valid_utf8(tb->text, tb->len));
	assert_int_equal(tb->clusters, text_count_clusters(tb->text));
	assert_true(tb->caret <= tb->len);
	assert_true(is_boundary(tb->text, tb->len, tb->caret));
}

static void
start(textbuf *tb, int limit, const char *s)
{
	textbuf_init(tb, limit);
	assert_int_equal(textbuf_set(tb, s), 0);
	check(tb);
}

static void
backspace_sizes(const char *s, const size_t *sizes, size_t n)
{
	textbuf	tb;
	size_t	i, before;

	start(&tb, 0, s);
	assert_int_equal(tb.clusters, (int)n);
	for (i = 0; i < n; i++) {
		before = tb.len;
		assert_int_equal(textbuf_backspace(&tb), 1);
		check(&tb);
		assert_int_equal(before - tb.len, sizes[i]);
	}
	assert_int_equal(tb.len, 0);
	assert_int_equal(textbuf_backspace(&tb), 0);
	textbuf_free(&tb);
}

static void
test_ascii(void **state)
{
	textbuf	tb;
	bool	hit = true;

	(void)state;
	textbuf_init(&tb, 0);
	assert_string_equal(tb.text, "");
	assert_string_equal(tb.compose, "");
	assert_int_equal(textbuf_insert(&tb, "hello", &hit), 5);
	assert_false(hit);
	check(&tb);
	assert_int_equal(tb.caret, 5);
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	assert_int_equal(tb.caret, 3);
	assert_int_equal(textbuf_insert(&tb, "XY", NULL), 2);
	assert_string_equal(tb.text, "helXYlo");
	assert_int_equal(tb.caret, 5);
	assert_int_equal(textbuf_backspace(&tb), 1);
	assert_string_equal(tb.text, "helXlo");
	assert_int_equal(textbuf_delete(&tb), 1);
	assert_string_equal(tb.text, "helXo");
	assert_int_equal(tb.caret, 4);
	check(&tb);
	textbuf_move_caret(&tb, TB_MOVE_END);
	assert_int_equal(textbuf_delete(&tb), 0);
	textbuf_move_caret(&tb, TB_MOVE_RIGHT);
	assert_int_equal(tb.caret, 5);
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(tb.caret, 0);
	assert_int_equal(textbuf_backspace(&tb), 0);
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	assert_int_equal(tb.caret, 0);
	assert_int_equal(tb.clusters, 5);
	textbuf_free(&tb);
	assert_null(tb.text);

	/* A freed buffer is a valid empty one: the flow reuses them. */
	assert_int_equal(textbuf_insert(&tb, "ok", NULL), 2);
	check(&tb);
	textbuf_free(&tb);
}

static void
test_arabic(void **state)
{
	/* Letters with harakat: each mark stays with its letter. */
	static const size_t	 sizes[] = { 2, 4, 4, 4, 4 };
	textbuf			 tb;

	(void)state;
	backspace_sizes("مَرْحَبًا", sizes, 5);

	/* Logical order: Left goes towards the start whatever the display. */
	start(&tb, 0, "مَرْحَبًا API");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	textbuf_move_caret(&tb, TB_MOVE_RIGHT);
	assert_int_equal(tb.caret, 4);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, strlen("مَرْحَبًا"));
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, tb.len);
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, strlen("مَرْحَبًا "));
	assert_int_equal(textbuf_backspace(&tb), 1);
	assert_string_equal(tb.text, "مَرْحَبًاAPI");
	check(&tb);
	textbuf_free(&tb);
}

/*
 * CLDR 42 (ICU 72) already keeps consonant + virama + consonant together,
 * the rule Unicode 15.1 later made GB9c: क्ष and त्रि are one cluster each.
 */
static void
test_devanagari(void **state)
{
	static const size_t	 ksh[] = { 3, 12, 9 };
	static const size_t	 namaste[] = { 12, 3, 3 };
	static const size_t	 hindi[] = { 12, 6 };
	static const size_t	 main_[] = { 9 };

	(void)state;
	backspace_sizes("क्षत्रिय", ksh, 3);
	backspace_sizes("नमस्ते", namaste, 3);
	backspace_sizes("हिन्दी", hindi, 2);
	backspace_sizes("मैं", main_, 1);
}

static void
test_emoji(void **state)
{
	static const char	*seqs[] = {
		"👨‍👩‍👧‍👦", "👍🏽", "1️⃣", "🏳️‍🌈", "🧑🏿‍💻", "❤️‍🔥",
	};
	textbuf			 tb;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof seqs / sizeof *seqs; i++) {
		start(&tb, 0, "a");
		assert_int_equal(textbuf_insert(&tb, seqs[i], NULL), 1);
		check(&tb);
		assert_int_equal(tb.clusters, 2);
		assert_int_equal(textbuf_backspace(&tb), 1);
		assert_string_equal(tb.text, "a");
		textbuf_free(&tb);
	}

	/* Typing each code point, as emoji-test.txt does in test_text.c. */
	start(&tb, 0, "");
	textbuf_insert(&tb, "👨", NULL);
	textbuf_insert(&tb, "\u200d", NULL);
	textbuf_insert(&tb, "👩", NULL);
	check(&tb);
	assert_int_equal(tb.clusters, 1);

	/* A ZWJ typed between two emoji merges them: one cluster fewer. */
	textbuf_set(&tb, "👨👩");
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	assert_int_equal(textbuf_insert(&tb, "\u200d", NULL), 0);
	check(&tb);
	assert_int_equal(tb.clusters, 1);
	assert_int_equal(tb.caret, tb.len);
	textbuf_free(&tb);
}

static void
test_flags(void **state)
{
	static const size_t	 sizes[] = { 8, 8, 8 };
	textbuf			 tb;
	int			 i;

	(void)state;
	backspace_sizes("🇩🇪🇯🇵🇧🇷", sizes, 3);

	start(&tb, 0, "🇩🇪🇯🇵🇧🇷");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	for (i = 1; i <= 3; i++) {
		textbuf_move_caret(&tb, TB_MOVE_RIGHT);
		assert_int_equal(tb.caret, 8 * i);
	}
	/* One more indicator at the start re-pairs the whole run: FD EJ PB R. */
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(textbuf_insert(&tb, "🇫", NULL), 1);
	check(&tb);
	assert_int_equal(tb.clusters, 4);
	assert_int_equal(tb.caret, 8);
	assert_int_equal(textbuf_delete(&tb), 1);
	check(&tb);
	assert_int_equal(textbuf_backspace(&tb), 1);
	check(&tb);
	assert_string_equal(tb.text, "🇵🇧🇷");
	assert_int_equal(tb.clusters, 2);
	textbuf_free(&tb);

	/* A long run: the parity comes from its start, however far back. */
	textbuf_init(&tb, 0);
	for (i = 0; i < 500; i++)
		textbuf_insert(&tb, "🇺🇦", NULL);
	assert_int_equal(tb.clusters, 500);
	for (i = 0; i < 500; i++) {
		assert_int_equal(textbuf_backspace(&tb), 1);
		assert_int_equal(tb.len, (size_t)(499 - i) * 8);
		assert_int_equal(tb.clusters, 499 - i);
	}
	textbuf_free(&tb);
}

static void
test_combining(void **state)
{
	textbuf	tb;

	(void)state;
	start(&tb, 0, "");
	assert_int_equal(textbuf_insert(&tb, "e", NULL), 1);
	assert_int_equal(textbuf_insert(&tb, "\u0301", NULL), 0);
	check(&tb);
	assert_int_equal(tb.clusters, 1);
	assert_int_equal(textbuf_backspace(&tb), 1);
	assert_string_equal(tb.text, "");

	/* A mark alone at the start is a cluster; a letter before it joins. */
	textbuf_set(&tb, "abc");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(textbuf_insert(&tb, "\u0301", NULL), 1);
	assert_int_equal(tb.clusters, 4);
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(textbuf_insert(&tb, "x", NULL), 0);
	check(&tb);
	assert_int_equal(tb.clusters, 4);
	assert_int_equal(tb.caret, 3);

	/* Removing a line feed can merge what it separated. */
	textbuf_set(&tb, "a\n\u0301b");
	assert_int_equal(tb.clusters, 4);
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(tb.caret, 2);
	assert_int_equal(textbuf_backspace(&tb), 1);
	check(&tb);
	assert_string_equal(tb.text, "a\u0301b");
	assert_int_equal(tb.clusters, 2);
	assert_int_equal(tb.caret, 3);
	textbuf_free(&tb);
}

static void
test_limit(void **state)
{
	textbuf	tb;
	bool	hit;

	(void)state;
	start(&tb, 5, "");
	assert_int_equal(textbuf_insert(&tb, "abcdefg", &hit), 5);
	assert_true(hit);
	assert_string_equal(tb.text, "abcde");
	assert_int_equal(textbuf_insert(&tb, "x", &hit), 0);
	assert_true(hit);
	/* At the limit a combining mark still fits: it adds no cluster. */
	assert_int_equal(textbuf_insert(&tb, "\u0301", &hit), 0);
	assert_false(hit);
	assert_string_equal(tb.text, "abcde\u0301");
	check(&tb);
	/* Nor does it fit in the middle, and nothing moves. */
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	textbuf_move_caret(&tb, TB_MOVE_RIGHT);
	assert_int_equal(textbuf_insert(&tb, "xyz", &hit), 0);
	assert_true(hit);
	assert_int_equal(tb.caret, 1);
	assert_string_equal(tb.text, "abcde\u0301");
	textbuf_free(&tb);

	/* Cut between clusters, never inside one. */
	start(&tb, 2, "");
	assert_int_equal(textbuf_insert(&tb, "e\u0301e\u0301e\u0301", &hit), 2);
	assert_true(hit);
	assert_string_equal(tb.text, "e\u0301e\u0301");
	textbuf_free(&tb);
	start(&tb, 1, "");
	assert_int_equal(textbuf_insert(&tb, "🇩🇪🇯🇵", &hit), 1);
	assert_string_equal(tb.text, "🇩🇪");
	textbuf_free(&tb);
	start(&tb, 1, "");
	assert_int_equal(textbuf_insert(&tb, "👨‍👩‍👧‍👦x", &hit), 1);
	assert_true(hit);
	assert_string_equal(tb.text, "👨‍👩‍👧‍👦");
	textbuf_free(&tb);
	start(&tb, 3, "");
	assert_int_equal(textbuf_insert(&tb, "a\r\nb\rc", &hit), 3);
	assert_string_equal(tb.text, "a\nb");
	textbuf_free(&tb);

	/* The cut may merge with what follows: x takes the lone mark. */
	start(&tb, 1, "\u0301");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(textbuf_insert(&tb, "xy", &hit), 0);
	assert_true(hit);
	check(&tb);
	assert_string_equal(tb.text, "x\u0301");
	assert_int_equal(tb.clusters, 1);
	assert_int_equal(tb.caret, tb.len);
	textbuf_free(&tb);

	/* A ZWJ at the limit joins two clusters into one: allowed. */
	start(&tb, 2, "👨👩");
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	assert_int_equal(textbuf_insert(&tb, "\u200d", &hit), 0);
	assert_false(hit);
	assert_int_equal(tb.clusters, 1);
	textbuf_free(&tb);

	/* Text set over the limit is kept whole; it only stops growing. */
	start(&tb, 2, "abcd");
	assert_int_equal(tb.clusters, 4);
	assert_int_equal(textbuf_insert(&tb, "e", &hit), 0);
	assert_true(hit);
	assert_int_equal(textbuf_backspace(&tb), 1);
	assert_string_equal(tb.text, "abc");
	textbuf_free(&tb);
}

static void
test_moves(void **state)
{
	textbuf	tb;
	size_t	k;

	(void)state;
	start(&tb, 0, "Hello, wörld  foo-bar\nline two\n\nend");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\nline two\n\n"));
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\nline two\n"));
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\n"));
	textbuf_move_caret(&tb, TB_MOVE_END);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\nline two"));
	textbuf_move_caret(&tb, TB_MOVE_END);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\nline two"));

	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-bar\nline "));
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, strlen("Hello, wörld  foo-"));
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, strlen("Hello, "));
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, 0);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, strlen("Hello"));
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, strlen("Hello, wörld"));
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, strlen("Hello, wörld"));
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_int_equal(tb.caret, strlen("Hello, "));

	/* Chinese has no spaces: the words come from ICU's dictionary. */
	textbuf_set(&tb, "我是一名后端开发工程师");
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_true(tb.caret > 0 && tb.caret < tb.len && tb.caret % 3 == 0);
	k = tb.caret;
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	assert_true(tb.caret < k && tb.caret % 3 == 0);
	textbuf_move_caret(&tb, TB_MOVE_END);
	assert_int_equal(tb.caret, tb.len);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	assert_int_equal(tb.caret, tb.len);
	textbuf_free(&tb);

	/* A word break inside a cluster (after a prepended mark) is not a stop. */
	start(&tb, 0, "x \u0600" "1 y");
	textbuf_move_caret(&tb, TB_MOVE_HOME);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	textbuf_move_caret(&tb, TB_MOVE_WORD_RIGHT);
	check(&tb);
	textbuf_move_caret(&tb, TB_MOVE_WORD_LEFT);
	check(&tb);
	textbuf_free(&tb);
}

static void
test_compose(void **state)
{
	textbuf	tb;

	(void)state;
	start(&tb, 0, "日本");
	textbuf_set_compose(&tb, "にほ");
	assert_string_equal(tb.compose, "にほ");
	assert_string_equal(tb.text, "日本");
	textbuf_set_compose(&tb, "");
	textbuf_insert(&tb, "語", NULL);
	assert_string_equal(tb.compose, "");
	assert_string_equal(tb.text, "日本語");
	textbuf_set_compose(&tb, NULL);
	assert_string_equal(tb.compose, "");
	textbuf_free(&tb);
}

/* The preedit goes in as typed, its segment is marked on whole characters. */
static void
test_compose_commit_and_segment(void **state)
{
	textbuf	tb;

	(void)state;
	start(&tb, 0, "日本");
	textbuf_move_caret(&tb, TB_MOVE_LEFT);
	textbuf_set_compose(&tb, "にほ");
	textbuf_set_compose_segment(&tb, 1, 1);	/* inside に: widened to it */
	assert_int_equal(tb.compose_sel, 0);
	assert_int_equal(tb.compose_sel_len, 3);
	textbuf_set_compose_segment(&tb, 4, 100);	/* clamped to the preedit */
	assert_int_equal(tb.compose_sel, 3);
	assert_int_equal(tb.compose_sel_len, 3);
	textbuf_set_compose_segment(&tb, 50, 2);
	assert_int_equal(tb.compose_sel, 6);
	assert_int_equal(tb.compose_sel_len, 0);
	textbuf_set_compose_segment_cp(&tb, 1, 1);
	assert_int_equal(tb.compose_sel, 3);
	assert_int_equal(tb.compose_sel_len, 3);
	assert_int_equal(textbuf_commit_compose(&tb), 2);
	check(&tb);
	assert_string_equal(tb.text, "日にほ本");
	assert_int_equal(tb.caret, strlen("日にほ"));
	assert_string_equal(tb.compose, "");
	assert_int_equal(tb.compose_sel_len, 0);
	assert_int_equal(textbuf_commit_compose(&tb), 0);	/* nothing composed */
	textbuf_free(&tb);

	/* The limit holds for a commit as for any insert. */
	start(&tb, 3, "ab");
	textbuf_set_compose(&tb, "cde");
	assert_int_equal(textbuf_commit_compose(&tb), 1);
	assert_string_equal(tb.text, "abc");
	textbuf_free(&tb);

	assert_int_equal(text_cp_offset("aé日😀", 0), 0);
	assert_int_equal(text_cp_offset("aé日😀", 2), 3);
	assert_int_equal(text_cp_offset("aé日😀", 4), 10);
	assert_int_equal(text_cp_offset("aé日😀", 9), 10);
}

/* Nothing typed or pasted vanishes: controls show as U+FFFD. */
static void
test_controls(void **state)
{
	textbuf	tb;

	(void)state;
	start(&tb, 0, "");
	textbuf_insert(&tb, "a\tb\x01" "c\x7f" "d\xc2\x85" "e\n\r\nf\rg", NULL);
	check(&tb);
	assert_string_equal(tb.text, "a b\ufffdc\ufffdd\ufffde\n\nf\ng");
	textbuf_free(&tb);

	/* One line: every break is a space. */
	textbuf_init(&tb, 0);
	tb.single_line = true;
	textbuf_insert(&tb, "Ana\nMaria\r\nda\u2028Silva\tLima\x02", NULL);
	check(&tb);
	assert_string_equal(tb.text, "Ana Maria da Silva Lima\ufffd");
	textbuf_set_compose(&tb, "x\ny");
	assert_string_equal(tb.compose, "x y");
	textbuf_free(&tb);
}

static void
test_trim(void **state)
{
	char	*s;

	(void)state;
	s = text_trim_nfc(" \t\u3000Jose\xcc\x81 Pe\xcc\x81rez\u00a0\u2003\n");
	assert_string_equal(s, "Jos\xc3\xa9 P\xc3\xa9rez");
	free(s);
	s = text_trim_nfc("\u3000 \u00a0");
	assert_string_equal(s, "");
	free(s);
	s = text_trim_nfc("");
	assert_string_equal(s, "");
	free(s);
	s = text_trim_nfc("a b");
	assert_string_equal(s, "a b");
	free(s);
}

static uint32_t	rng = 12345;

static uint32_t
next_random(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

/*
 * Random edits built from the pieces that make boundaries move: marks,
 * joiners, indicators, conjuncts, jamo, CR, broken bytes. After each edit
 * the cached count must equal a fresh count and the limit must hold.
 */
static void
test_random_edits(void **state)
{
	static const char	*pieces[] = {
		"a", "é", "e", "\u0301", "\u200d", "👨", "👩", "🇩", "🇪", "🇯",
		"\n", "\r", "\r\n", " ", "क", "्", "ष", "ि", "\u1100", "\u1161",
		"\u11a8", "가", "\xff", "\xe2\x82", "👍", "🏽", "\u0600", "1",
		"日", "x\x01y", "\t", "ب", "ً", ".",
	};
	static const int	 limits[] = { 0, 3, 7, 30 };
	const size_t		 npieces = sizeof pieces / sizeof *pieces;
	textbuf			 tb;
	char			 in[64];
	size_t			 t, op, k;
	int			 before;
	bool			 hit;

	(void)state;
	for (t = 0; t < sizeof limits / sizeof *limits; t++) {
		textbuf_init(&tb, limits[t]);
		for (op = 0; op < 2500; op++) {
			before = tb.clusters;
			switch (next_random(6)) {
			case 0:
			case 1:
			case 2:
				in[0] = '\0';
				for (k = 1 + next_random(4); k > 0; k--)
					strcat(in, pieces[next_random(npieces)]);
				textbuf_insert(&tb, in, &hit);
				if (limits[t] > 0)
					assert_true(tb.clusters <= limits[t] ||
					    tb.clusters <= before);
				break;
			case 3:
				textbuf_backspace(&tb);
				break;
			case 4:
				textbuf_delete(&tb);
				break;
			default:
				textbuf_move_caret(&tb,
				    (textbuf_move)next_random(TB_MOVE_END + 1));
				break;
			}
			check(&tb);
		}
		textbuf_free(&tb);
	}
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A keystroke costs the same in a 4,000-character answer as in an empty
 * one. The 400,000-character case makes any per-keystroke walk over the
 * whole text show (it would take milliseconds); the bound is loose enough
 * for a sanitizer build on a slow machine.
 */
static void
test_keystroke_cost(void **state)
{
	static const char	*keys[] = { "a", "é", "日", "ب", "क्ष", " ", "😀" };
	textbuf			 tb;
	char			*big;
	double			 t0, typing, editing;
	int			 i;
	size_t			 k;

	(void)state;
	textbuf_init(&tb, 4000);
	t0 = now();
	for (i = 0; i < 4000; i++)
		textbuf_insert(&tb, keys[i % 7], NULL);
	for (i = 0; i < 4000; i++)
		textbuf_backspace(&tb);
	typing = (now() - t0) / 8000;
	assert_int_equal(tb.len, 0);
	textbuf_free(&tb);

	big = malloc(400000 * 3 + 1);
	assert_non_null(big);
	for (i = 0, k = 0; i < 400000; i++) {
		memcpy(big + k, i % 50 == 49 ? "\n" : "日", i % 50 == 49 ? 1 : 3);
		k += i % 50 == 49 ? 1 : 3;
	}
	big[k] = '\0';
	start(&tb, 0, big);
	tb.caret = k / 2 - (k / 2) % 3;
	t0 = now();
	for (i = 0; i < 200; i++) {
		textbuf_insert(&tb, keys[i % 7], NULL);
		textbuf_move_caret(&tb, TB_MOVE_LEFT);
		textbuf_move_caret(&tb, TB_MOVE_RIGHT);
		textbuf_backspace(&tb);
	}
	editing = (now() - t0) / 800;
	assert_int_equal(tb.clusters, 400000);
	assert_string_equal(tb.text, big);
	print_message("per edit: %.1f us in a 4,000-character answer, "
	    "%.1f us mid-way through 400,000\n", typing * 1e6, editing * 1e6);
	/* A figure, not a bound: these machines are shared and noisy. */
	textbuf_free(&tb);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_devanagari),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_compose_commit_and_segment),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_random_edits),
		cmocka_unit_test(test_keystroke_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
