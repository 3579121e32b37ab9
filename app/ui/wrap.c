#include "wrap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "lang.h"

/*
 * Where a line may end comes from ICU's line breaking for the language. In
 * Chinese and Japanese that is between almost any two characters, so a line
 * prefers the subset a reader expects (ICU's phrases for Japanese, its
 * dictionary words for Chinese) as long as the line stays filled: half full
 * for Japanese, whose phrases are long and must not be cut, three quarters
 * for Chinese, whose words are short.
 */

typedef enum { ITER_LINE, ITER_PHRASE, ITER_WORD } iter_kind;

/* Opening a break iterator costs far more than using one: keep one per kind. */
typedef struct {
	iter_kind kind;
	char locale[16];
	UBreakIterator *it;
} cached_iter;

#define ITERS (2 * LANG_COUNT + 2)
static cached_iter iters[ITERS];
static UBreakIterator *char_iter;

static UBreakIterator *cached(iter_kind kind, const char *lang)
{
	const char *loc = lang ? lang : "en";
	int free_slot = -1;
	for (int i = 0; i < ITERS; i++) {
		if (iters[i].it && iters[i].kind == kind && strcmp(iters[i].locale, loc) == 0)
			return iters[i].it;
		if (!iters[i].it && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		free_slot = 0;
	const lang_info *li = lang_find(loc);
	char icu[48];
	/* ICU 72's phrase breaking for Japanese: the `lw=phrase` locale keyword. */
	snprintf(icu, sizeof icu, "%s%s", li ? li->icu_locale : loc,
	         kind == ITER_PHRASE ? "@lw=phrase" : "");
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *it = ubrk_open(kind == ITER_WORD ? UBRK_WORD : UBRK_LINE, icu, NULL, 0, &err);
	if (U_FAILURE(err))
		return NULL;
	if (iters[free_slot].it)
		ubrk_close(iters[free_slot].it);
	iters[free_slot].kind = kind;
	snprintf(iters[free_slot].locale, sizeof iters[free_slot].locale, "%s", loc);
	iters[free_slot].it = it;
	return it;
}

void wrap_cleanup(void)
{
	for (int i = 0; i < ITERS; i++) {
		if (iters[i].it)
			ubrk_close(iters[i].it);
		iters[i].it = NULL;
	}
	if (char_iter)
		ubrk_close(char_iter);
	char_iter = NULL;
}

static int trimmed_end(const char *s, int start, int end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

typedef struct {
	const ui_measure *m;
	ui_font font;
	const char *lang;
	const char *text;
	int width;
	int fill_num, fill_den;   /* how full a line ending at a preferred break must be */
	wrap_line *lines;
	int max;
	int count;
} wrapper;

static void emit(wrapper *w, int start, int end)
{
	if (w->count < w->max) {
		w->lines[w->count].start = start;
		w->lines[w->count].end = end;
	}
	w->count++;
}

static int measure(wrapper *w, int start, int end)
{
	return w->m->text_width(w->m->ctx, w->font, w->lang, w->text + start, end - start);
}

/* A segment wider than a whole line: cut it between grapheme clusters. */
static int split_long(wrapper *w, int start, int end)
{
	UErrorCode err = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	utext_openUTF8(&ut, w->text + start, end - start, &err);
	if (!char_iter)
		char_iter = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &err);
	ubrk_setUText(char_iter, &ut, &err);
	if (U_FAILURE(err)) {
		utext_close(&ut);
		return end;
	}
	int line_start = 0, last_fit = 0;
	for (int b = ubrk_next(char_iter); b != UBRK_DONE; b = ubrk_next(char_iter)) {
		if (measure(w, start + line_start, start + b) > w->width && last_fit > line_start) {
			emit(w, start + line_start, start + last_fit);
			line_start = last_fit;
		}
		last_fit = b;
	}
	utext_close(&ut);
	return start + line_start;   /* the rest stays open for more text */
}

/* How well a break suits a reader; BREAK_BEFORE: better just before the character. */
enum { BREAK_BAD, BREAK_OK, BREAK_GOOD, BREAK_BEFORE };

/* The breaks of one paragraph, with the width of the text between them. */
typedef struct {
	int n;            /* segments; at[0] is the paragraph's start, at[n] its end */
	int *at;          /* byte offsets into the text */
	int *x;           /* x[i]: summed widths of the segments before i */
	int *fit;         /* fit[i]: width of segment i without its trailing spaces */
	char *rank;       /* BREAK_GOOD always, outside Chinese and Japanese */
} breaks;

static UChar32 cp_before(const char *s, int start, int at)
{
	if (at <= start)
		return 0;
	UChar32 c;
	U8_PREV(s, start, at, c);
	return c;
}

static UChar32 cp_at(const char *s, int at, int end)
{
	if (at >= end)
		return 0;
	UChar32 c;
	U8_NEXT(s, at, end, c);
	return c;
}

static UScriptCode script_of(UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;
	return c > 0 ? uscript_getScript(c, &err) : USCRIPT_INVALID_CODE;
}

/*
 * ICU 72's phrases still part kanji compounds (今後|数|年), verb endings
 * (ありま|すか, くだ|さい) and an honorific from its noun (ご|経験).
 */
static int japanese_break(const char *s, int start, int end, int at)
{
	static const char particles[] = "てでをはがにへともの";
	UChar32 a = cp_before(s, start, at), b = cp_at(s, at, end);
	UScriptCode sa = script_of(a), sb = script_of(b);
	if (sa == USCRIPT_HAN && sb == USCRIPT_HAN)
		return BREAK_BAD;
	if ((a == 0x304A || a == 0x3054) && sb == USCRIPT_HAN)   /* お, ご */
		return BREAK_BEFORE;
	if (sa == USCRIPT_HIRAGANA && sb == USCRIPT_HIRAGANA) {
		char ch[5] = { 0 };
		int n = 0;
		U8_APPEND_UNSAFE(ch, n, a);
		return strstr(particles, ch) ? BREAK_GOOD : BREAK_BAD;
	}
	return BREAK_GOOD;
}

/* A doubled character is one word (谈谈, 看看, 常常), whatever the dictionary knows. */
static int chinese_break(const char *s, int start, int end, int at)
{
	UChar32 a = cp_before(s, start, at), b = cp_at(s, at, end);
	return a == b && script_of(a) == USCRIPT_HAN ? BREAK_BAD : BREAK_GOOD;
}

/*
 * How much a reader expects each break: ICU's phrases (ja) or words (zh)
 * most; in Japanese, a break its phrases would not part is no worse than any
 * other, and one before an honorific takes the place of the one after it.
 */
static void rank_breaks(wrapper *w, UText *ut, int pstart, int pend, breaks *br, bool japanese)
{
	int plen = pend - pstart;
	bool *mark = calloc((size_t)plen + 1, 1);
	UBreakIterator *it = cached(japanese ? ITER_PHRASE : ITER_WORD, w->lang);
	UErrorCode err = U_ZERO_ERROR;
	if (it)
		ubrk_setUText(it, ut, &err);
	if (!mark || !it || U_FAILURE(err)) {
		free(mark);
		return;   /* every break stays preferred */
	}
	for (int b = ubrk_first(it); b != UBRK_DONE; b = ubrk_next(it))
		if (b >= 0 && b <= plen)
			mark[b] = true;
	for (int i = 1; i < br->n; i++) {
		int at = br->at[i];
		int fit = japanese ? japanese_break(w->text, pstart, pend, at)
		                   : chinese_break(w->text, pstart, pend, at);
		br->rank[i] = mark[at - pstart] ? fit : fit == BREAK_GOOD ? BREAK_OK : BREAK_BAD;
		/* ご|経験 → |ご経験 */
		if (japanese && mark[at - pstart] && fit == BREAK_BEFORE && br->at[i - 1] == at - 3)
			br->rank[i - 1] = BREAK_GOOD;
		if (br->rank[i] == BREAK_BEFORE)
			br->rank[i] = BREAK_BAD;
	}
	free(mark);
}

static bool find_breaks(wrapper *w, int pstart, int pend, breaks *br)
{
	int plen = pend - pstart;
	memset(br, 0, sizeof *br);
	br->at = malloc(sizeof *br->at * (size_t)(plen + 2));
	br->x = malloc(sizeof *br->x * (size_t)(plen + 2));
	br->fit = malloc(sizeof *br->fit * (size_t)(plen + 2));
	br->rank = malloc(sizeof *br->rank * (size_t)(plen + 2));
	UBreakIterator *it = cached(ITER_LINE, w->lang);
	UErrorCode err = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	utext_openUTF8(&ut, w->text + pstart, plen, &err);
	if (it)
		ubrk_setUText(it, &ut, &err);
	if (!br->at || !br->x || !br->fit || !br->rank || !it || U_FAILURE(err)) {
		utext_close(&ut);
		return false;
	}
	br->at[0] = pstart;
	br->x[0] = 0;
	br->rank[0] = BREAK_GOOD;
	for (int b = ubrk_next(it); b != UBRK_DONE && b <= plen; b = ubrk_next(it)) {
		int i = br->n, start = br->at[i], end = pstart + b;
		int seg_w = measure(w, start, end);
		br->fit[i] = measure(w, start, trimmed_end(w->text, start, end));
		br->x[i + 1] = br->x[i] + seg_w;
		br->at[i + 1] = end;
		br->rank[i + 1] = BREAK_GOOD;
		br->n++;
	}
	if (br->n == 0 || br->at[br->n] != pend) {
		utext_close(&ut);
		return false;
	}
	const lang_info *li = lang_find(w->lang);
	if (li && strcmp(li->script, "Jpan") == 0)
		rank_breaks(w, &ut, pstart, pend, br, true);
	else if (li && strcmp(li->script, "Hans") == 0)
		rank_breaks(w, &ut, pstart, pend, br, false);
	utext_close(&ut);
	return true;
}

static void free_breaks(breaks *br)
{
	free(br->at);
	free(br->x);
	free(br->fit);
	free(br->rank);
}

/* Width of a line from the point whose x is x0 to break p, trailing spaces left out. */
static int width_to(const breaks *br, int x0, int p)
{
	return br->x[p - 1] + br->fit[p - 1] - x0;
}

/*
 * The line from line_start must end at break i at the latest: there, or at
 * the last good break before it that leaves the line filled enough, or at
 * the last break that is not bad and leaves it half full.
 */
static int choose_break(const wrapper *w, const breaks *br, int line_start, int x0, int i)
{
	if (br->rank[i] == BREAK_GOOD)
		return i;
	for (int p = i - 1; p > 0 && br->at[p] > line_start; p--) {
		if ((long)width_to(br, x0, p) * w->fill_den < (long)w->width * w->fill_num)
			break;
		if (br->rank[p] == BREAK_GOOD)
			return p;
	}
	for (int p = i; p > 0 && br->at[p] > line_start; p--) {
		if (2L * width_to(br, x0, p) < w->width)
			break;
		if (br->rank[p] != BREAK_BAD)
			return p;
	}
	return i;
}

/* Letters and ideographs, not the punctuation and spaces around them. */
static int letters(const char *s, int start, int end)
{
	int n = 0;
	for (int32_t i = start; i < end;) {
		UChar32 c;
		U8_NEXT(s, i, end, c);
		if (c >= 0 && !u_ispunct(c) && !u_isUWhiteSpace(c))
			n++;
	}
	return n;
}

/*
 * A Chinese or Japanese paragraph never ends on a line of one character and
 * its full stop (谈。): the line before gives up a few characters, at a
 * preferred break when there is one close by.
 */
static int pull_down(const wrapper *w, const breaks *br, int prev_start, int last)
{
	if (letters(w->text, br->at[last], br->at[br->n]) > 1)
		return last;
	int fallback = -1;
	for (int q = last - 1; q > 0 && br->at[q] > prev_start; q--) {
		if (width_to(br, br->x[q], br->n) > w->width)
			break;
		int k = letters(w->text, br->at[q], br->at[br->n]);
		if (k < 2)
			continue;
		if (br->rank[q] == BREAK_GOOD)
			return q;
		if (fallback < 0)
			fallback = q;
		if (k > 4)
			break;
	}
	return fallback > 0 ? fallback : last;
}

static void wrap_paragraph(wrapper *w, int pstart, int pend)
{
	breaks br;
	if (pend == pstart || !find_breaks(w, pstart, pend, &br)) {
		if (pend != pstart)
			free_breaks(&br);
		emit(w, pstart, pend);
		return;
	}
	int line_start = pstart, x0 = 0;
	int line_break = 0;        /* the break line_start is at; -1 inside a segment */
	int prev_start = -1;       /* the paragraph's line before, when it ended at a break */
	for (int i = 0; i < br.n; i++) {
		while (width_to(&br, x0, i + 1) > w->width) {
			if (line_start < br.at[i]) {
				int p = choose_break(w, &br, line_start, x0, i);
				emit(w, line_start, br.at[p]);
				prev_start = line_start;
				line_start = br.at[p];
				line_break = p;
				x0 = br.x[p];
				continue;
			}
			line_start = split_long(w, br.at[i], br.at[i + 1]);
			x0 = br.x[i + 1] - measure(w, line_start, br.at[i + 1]);
			line_break = -1;
			prev_start = -1;
			break;
		}
	}
	const lang_info *li = lang_find(w->lang);
	bool cjk = li && (strcmp(li->script, "Hans") == 0 || strcmp(li->script, "Jpan") == 0);
	if (cjk && line_break > 0 && prev_start >= 0 && w->count <= w->max) {
		int q = pull_down(w, &br, prev_start, line_break);
		if (q != line_break) {
			w->lines[w->count - 1].end = br.at[q];
			line_start = br.at[q];
		}
	}
	emit(w, line_start, pend);
	free_breaks(&br);
}

int wrap_text(const ui_measure *m, ui_font font, const char *lang, const char *text,
              int len, int width, wrap_line *lines, int max)
{
	const lang_info *li = lang_find(lang);
	bool japanese = li && strcmp(li->script, "Jpan") == 0;
	wrapper w = { m, font, lang, text, width > 1 ? width : 1, japanese ? 1 : 3,
	              japanese ? 2 : 4, lines, max, 0 };
	int pstart = 0;
	for (int i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			wrap_paragraph(&w, pstart, i);
			pstart = i + 1;
		}
	}
	return w.count;
}
