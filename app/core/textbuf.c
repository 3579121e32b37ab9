/*
 * textbuf.c — the answer being typed. Every edit is a splice of bytes at the
 * caret followed by a local recount of grapheme clusters: this runs on each
 * keystroke of a long answer, so nothing here walks the whole text except
 * textbuf_set.
 */
#include "textbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/* ICU indexes text with int32_t; stay far from that. */
#define TEXTBUF_MAX_BYTES	((size_t)1 << 28)

/* Out of memory on a kiosk leaves nothing sensible to do but stop. */
static void *
xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size)) == NULL)
		abort();
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t	n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

/*
 * What may be stored: ICU's conversion replaces each maximal ill-formed
 * subpart with U+FFFD (and stops at NUL). A lone CR is a line break from
 * some other system; a tab is a space (the answer box has no tab stops).
 * Any other control is shown as U+FFFD rather than dropped: a candidate
 * who pasted one sees that something was there. A single line takes line
 * breaks, the Unicode separators included, as spaces.
 */
static void wipe_free(char *s);

static char *
sanitise(const char *in, size_t *outlen, bool single_line)
{
	UErrorCode	 status = U_ZERO_ERROR;
	UChar		*u;
	char		*out;
	size_t		 len = strlen(in);
	int32_t		 n16, i, j, n8;

	if (len > TEXTBUF_MAX_BYTES)
		return NULL;
	u = xrealloc(NULL, (len + 1) * sizeof *u);
	u_strFromUTF8WithSub(u, (int32_t)len + 1, &n16, in, (int32_t)len,
	    0xfffd, NULL, &status);
	if (U_FAILURE(status)) {
		explicit_bzero(u, (len + 1) * sizeof *u);
		free(u);
		return NULL;
	}
	for (i = j = 0; i < n16; i++) {
		UChar	c = u[i];

		if (c == '\r') {
			if (i + 1 < n16 && u[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c == '\t')
			c = ' ';
		else if (c == '\n' || c == 0x2028 || c == 0x2029) {
			if (single_line)
				c = ' ';
		} else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
			c = 0xfffd;
		u[j++] = c;
	}
	out = xrealloc(NULL, (size_t)j * 3 + 1);
	u_strToUTF8(out, j * 3 + 1, &n8, u, j, &status);
	/* The candidate's text, in UTF-16: wiped like every other copy. */
	explicit_bzero(u, (len + 1) * sizeof *u);
	free(u);
	if (U_FAILURE(status)) {
		explicit_bzero(out, (size_t)j * 3 + 1);
		free(out);
		return NULL;
	}
	*outlen = (size_t)n8;
	return out;
}

/*
 * A character iterator straight over the UTF-8 bytes, no UTF-16 copy.
 * Opening one costs about two microseconds, so one per edit is cheaper than
 * any cache we would have to keep valid across reallocations (and needs no
 * lock). It fails only without ICU's data or memory: nothing to edit with.
 */
static UBreakIterator *
open_over(UBreakIteratorType type, const char *s, size_t len)
{
	UErrorCode	 status = U_ZERO_ERROR;
	UText		 ut = UTEXT_INITIALIZER;
	UBreakIterator	*bi;

	bi = ubrk_open(type, "", NULL, 0, &status);
	if (U_FAILURE(status))
		abort();
	utext_openUTF8(&ut, s != NULL ? s : "", (int64_t)len, &status);
	ubrk_setUText(bi, &ut, &status);
	utext_close(&ut);
	if (U_FAILURE(status))
		abort();
	return bi;
}

static UBreakIterator *
chars(const textbuf *tb)
{
	return open_over(UBRK_CHARACTER, tb->text, tb->len);
}

static void
ensure(textbuf *tb, size_t need)
{
	size_t	cap = tb->cap != 0 ? tb->cap : 64;

	if (tb->text != NULL && need < tb->cap)
		return;
	while (cap <= need)
		cap *= 2;
	/* Not realloc: the old block is wiped before it is given back. */
	char *grown = xrealloc(NULL, cap);
	if (tb->text != NULL) {
		memcpy(grown, tb->text, tb->len + 1);
		explicit_bzero(tb->text, tb->cap);
		free(tb->text);
	} else {
		grown[0] = '\0';
	}
	tb->text = grown;
	tb->cap = cap;
}

/* Replaces old_n bytes at at with the n bytes of s. */
static void
splice(textbuf *tb, size_t at, size_t old_n, const char *s, size_t n)
{
	ensure(tb, tb->len - old_n + n);
	memmove(tb->text + at + n, tb->text + at + old_n,
	    tb->len - at - old_n + 1);
	if (n != 0)
		memcpy(tb->text + at, s, n);
	tb->len = tb->len - old_n + n;
}

/*
 * How the cluster count changed after a splice put n new bytes at at in
 * place of old_mid whole clusters (at and the end of what was removed were
 * boundaries). Boundaries before at cannot move: each depends only on the
 * text before it and the character after. Those after can, as far as
 * context reaches (a run of regional indicators re-pairs to its end), so
 * walk the new text from the cluster before at, beside the untouched old
 * tail walked on its own, until both have a boundary at the same byte:
 * from a shared boundary on, ICU finds the same boundaries in both.
 */
static int
recount(const textbuf *tb, size_t at, size_t n, int old_mid)
{
	UBreakIterator	*bn, *bo;
	size_t		 tail = at + n;
	int32_t		 q, target, s = 0;
	int		 newc = 0, oldc = (at > 0) + old_mid;

	bn = chars(tb);
	bo = open_over(UBRK_CHARACTER, tb->text + tail, tb->len - tail);
	if (at == 0 || ubrk_preceding(bn, (int32_t)at) == UBRK_DONE)
		ubrk_first(bn);
	ubrk_first(bo);
	while ((q = ubrk_next(bn)) != UBRK_DONE) {
		newc++;
		if ((size_t)q < tail)
			continue;
		target = q - (int32_t)tail;
		while (s < target && (s = ubrk_next(bo)) != UBRK_DONE)
			oldc++;
		if (s == target)
			break;
	}
	ubrk_close(bo);
	ubrk_close(bn);
	return newc - oldc;
}

/*
 * Keeps the caret on a boundary after an edit merged what was on either
 * side of it (a combining mark now after a letter, a ZWJ now between two
 * emoji): it goes to the end of the merged cluster, or its start.
 */
static size_t
snap(const textbuf *tb, size_t pos, bool forward)
{
	UBreakIterator	*bi;
	int32_t		 b;

	if (pos == 0 || pos >= tb->len)
		return pos;
	bi = chars(tb);
	if (!ubrk_isBoundary(bi, (int32_t)pos)) {
		b = forward ? ubrk_current(bi) : ubrk_preceding(bi, (int32_t)pos);
		pos = b == UBRK_DONE ? (forward ? tb->len : 0) : (size_t)b;
	}
	ubrk_close(bi);
	return pos;
}

void
textbuf_init(textbuf *tb, int limit)
{
	memset(tb, 0, sizeof *tb);
	ensure(tb, 0);
	tb->compose = xstrdup("");
	tb->limit = limit > 0 ? limit : 0;
}

/* What a candidate typed is wiped, not just freed, when the buffer goes. */
void
textbuf_free(textbuf *tb)
{
	if (tb->text != NULL)
		explicit_bzero(tb->text, tb->cap);
	free(tb->text);
	if (tb->compose != NULL)
		explicit_bzero(tb->compose, strlen(tb->compose));
	free(tb->compose);
	memset(tb, 0, sizeof *tb);
}

int
textbuf_set(textbuf *tb, const char *utf8)
{
	char	*s;
	size_t	 n;

	if ((s = sanitise(utf8 != NULL ? utf8 : "", &n, tb->single_line)) == NULL)
		return -1;
	ensure(tb, n);
	memcpy(tb->text, s, n + 1);
	wipe_free(s);
	tb->len = tb->caret = n;
	tb->clusters = text_count_clusters(tb->text);
	return 0;
}

/* Whether a change of d clusters stays within the limit. */
static bool
fits(const textbuf *tb, int d)
{
	return tb->limit <= 0 || d <= 0 || tb->clusters + d <= tb->limit;
}

/* Puts the first cut bytes of s at the caret instead of the first *cur. */
static bool
try_cut(textbuf *tb, const char *s, size_t *cur, size_t cut, int *d)
{
	splice(tb, tb->caret, *cur, s, cut);
	*cur = cut;
	*d = recount(tb, tb->caret, cut, 0);
	return fits(tb, *d);
}

/*
 * The whole insert (now in the buffer) passes the limit: keep the longest
 * prefix, cut where the inserted text has a cluster boundary, that does
 * not. Cutting later adds one cluster per cut, give or take what the cut
 * merges with or re-pairs after it (a mark, regional indicators, a conjunct
 * the ICU rules join), so the count is monotonic only within a couple of
 * clusters: walk down from the estimate to a fit, then look a few cuts past
 * each failure.
 */
#define FIT_LOOKAHEAD	4
static size_t
fit(textbuf *tb, const char *s, size_t n, int *d)
{
	UBreakIterator	*bi;
	size_t		*cuts, at = tb->caret, cur = n;
	int32_t		 b;
	int		 m = 0, i, j, best;

	cuts = xrealloc(NULL, (n + 1) * sizeof *cuts);
	cuts[m++] = 0;
	bi = chars(tb);
	for (b = ubrk_following(bi, (int32_t)at);
	    b != UBRK_DONE && (size_t)b < at + n; b = ubrk_next(bi))
		cuts[m++] = (size_t)b - at;
	ubrk_close(bi);

	i = m - (tb->clusters + *d - tb->limit);
	if (i > m - 1)
		i = m - 1;
	while (i > 0 && !try_cut(tb, s, &cur, cuts[i], d))
		i--;
	best = i > 0 ? i : 0;
	for (j = best + 1; j < m && j <= best + FIT_LOOKAHEAD; j++) {
		if (try_cut(tb, s, &cur, cuts[j], d))
			best = j;
	}
	/* Cut 0 always fits: it changes nothing. */
	if (cur != cuts[best])
		try_cut(tb, s, &cur, cuts[best], d);
	n = cuts[best];
	if (n == 0)
		*d = 0;
	free(cuts);
	return n;
}

int
textbuf_insert(textbuf *tb, const char *utf8, bool *hit_limit)
{
	char	*s;
	size_t	 n, at = tb->caret;
	bool	 hit = false;
	int	 d;

	if (hit_limit != NULL)
		*hit_limit = false;
	if (utf8 == NULL || (s = sanitise(utf8, &n, tb->single_line)) == NULL)
		return 0;
	if (n == 0) {
		wipe_free(s);
		return 0;
	}
	if (tb->len + n > TEXTBUF_MAX_BYTES) {
		wipe_free(s);
		if (hit_limit != NULL)
			*hit_limit = true;
		return 0;
	}

	splice(tb, at, 0, s, n);
	d = recount(tb, at, n, 0);
	if (!fits(tb, d)) {
		n = fit(tb, s, n, &d);
		hit = true;
	}
	wipe_free(s);

	tb->clusters += d;
	tb->caret = snap(tb, at + n, true);
	if (hit_limit != NULL)
		*hit_limit = hit;
	return d > 0 ? d : 0;
}

/* Removes the cluster [from, to) and keeps the count right. */
static void
remove_cluster(textbuf *tb, size_t from, size_t to)
{
	splice(tb, from, to - from, NULL, 0);
	tb->clusters += recount(tb, from, 0, 1);
	tb->caret = snap(tb, from, true);
}

/*
 * ICU finds the previous boundary locally: its safe-reverse rules back up
 * only as far as the context needs (a line start for most text, the start
 * of a run of regional indicators for flags), then it steps forward.
 */
int
textbuf_backspace(textbuf *tb)
{
	UBreakIterator	*bi;
	int32_t		 b;

	if (tb->caret == 0 || tb->len == 0)
		return 0;
	bi = chars(tb);
	b = ubrk_preceding(bi, (int32_t)tb->caret);
	ubrk_close(bi);
	remove_cluster(tb, b == UBRK_DONE ? 0 : (size_t)b, tb->caret);
	return 1;
}

int
textbuf_delete(textbuf *tb)
{
	UBreakIterator	*bi;
	int32_t		 b;

	if (tb->caret >= tb->len)
		return 0;
	bi = chars(tb);
	b = ubrk_following(bi, (int32_t)tb->caret);
	ubrk_close(bi);
	remove_cluster(tb, tb->caret, b == UBRK_DONE ? tb->len : (size_t)b);
	return 1;
}

/*
 * Ctrl+Right goes to the end of the next word, Ctrl+Left to the start of
 * the previous one, skipping spaces and punctuation (what GTK and macOS
 * do). Word boundaries can fall inside a cluster (after a prepended mark),
 * so the result is snapped in the direction of travel.
 */
static size_t
word_move(const textbuf *tb, bool right)
{
	UBreakIterator	*bi;
	size_t		 pos = tb->caret;
	int32_t		 b;

	bi = open_over(UBRK_WORD, tb->text, tb->len);
	if (right) {
		for (b = ubrk_following(bi, (int32_t)pos); b != UBRK_DONE;
		    b = ubrk_next(bi)) {
			pos = (size_t)b;
			if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NONE_LIMIT)
				break;
		}
	} else {
		while (pos > 0) {
			b = ubrk_preceding(bi, (int32_t)pos);
			pos = b == UBRK_DONE ? 0 : (size_t)b;
			/* The status belongs to the segment that starts here. */
			ubrk_following(bi, (int32_t)pos);
			if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NONE_LIMIT)
				break;
		}
	}
	ubrk_close(bi);
	return snap(tb, pos, right);
}

void
textbuf_move_caret(textbuf *tb, textbuf_move how)
{
	UBreakIterator	*bi;
	const char	*nl;
	size_t		 pos = tb->caret;
	int32_t		 b;

	switch (how) {
	case TB_MOVE_LEFT:
	case TB_MOVE_RIGHT:
		if (how == TB_MOVE_LEFT ? pos == 0 : pos >= tb->len)
			return;
		bi = chars(tb);
		if (how == TB_MOVE_LEFT)
			b = ubrk_preceding(bi, (int32_t)pos);
		else
			b = ubrk_following(bi, (int32_t)pos);
		ubrk_close(bi);
		if (b != UBRK_DONE)
			pos = (size_t)b;
		break;
	case TB_MOVE_WORD_LEFT:
	case TB_MOVE_WORD_RIGHT:
		pos = word_move(tb, how == TB_MOVE_WORD_RIGHT);
		break;
	/* Nothing joins with a line feed, so both sides are boundaries. */
	case TB_MOVE_HOME:
		while (pos > 0 && tb->text[pos - 1] != '\n')
			pos--;
		break;
	case TB_MOVE_END:
		nl = memchr(tb->text + pos, '\n', tb->len - pos);
		pos = nl != NULL ? (size_t)(nl - tb->text) : tb->len;
		break;
	}
	tb->caret = pos;
}

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
textbuf_set_compose(textbuf *tb, const char *utf8)
{
	char	*s;
	size_t	 n;

	if (utf8 == NULL || (s = sanitise(utf8, &n, tb->single_line)) == NULL)
		s = xstrdup("");
	wipe_free(tb->compose);
	tb->compose = s;
	/* A new preedit: its segment, if any, comes with it. */
	tb->compose_sel = tb->compose_sel_len = 0;
}

void
textbuf_set_compose_segment(textbuf *tb, size_t start, size_t len)
{
	const char	*c = tb->compose;
	size_t		 n = strlen(c), end;

	if (start > n)
		start = n;
	while (start > 0 && ((unsigned char)c[start] & 0xc0) == 0x80)
		start--;
	end = len > n - start ? n : start + len;
	while (end < n && ((unsigned char)c[end] & 0xc0) == 0x80)
		end++;
	tb->compose_sel = start;
	tb->compose_sel_len = end - start;
}

void
textbuf_set_compose_segment_cp(textbuf *tb, size_t start, size_t len)
{
	size_t	from = text_cp_offset(tb->compose, start);

	textbuf_set_compose_segment(tb, from,
	    text_cp_offset(tb->compose + from, len));
}

/*
 * The preedit is already sanitised, and the limit applies as to any
 * insert: what the candidate saw is what is kept, as far as it fits.
 */
int
textbuf_commit_compose(textbuf *tb)
{
	char	*s = tb->compose;
	int	 d;

	if (s == NULL || s[0] == '\0')
		return 0;
	tb->compose = xstrdup("");
	tb->compose_sel = tb->compose_sel_len = 0;
	d = textbuf_insert(tb, s, NULL);
	wipe_free(s);
	return d;
}

size_t
text_cp_offset(const char *utf8, size_t cp)
{
	size_t	i = 0;

	/* Counting lead bytes: a broken sequence still moves one per byte. */
	while (utf8[i] != '\0') {
		if (((unsigned char)utf8[i] & 0xc0) != 0x80) {
			if (cp == 0)
				return i;
			cp--;
		}
		i++;
	}
	return i;
}

char *
text_trim_nfc(const char *utf8)
{
	char	*s = text_nfc(utf8);
	int32_t	 len, start = 0, end, i;
	UChar32	 c;

	if (s == NULL)
		return NULL;
	len = (int32_t)strlen(s);
	end = len;
	while (start < len) {
		i = start;
		U8_NEXT(s, i, len, c);
		if (!u_isUWhiteSpace(c))
			break;
		start = i;
	}
	while (end > start) {
		i = end;
		U8_PREV(s, 0, i, c);
		if (!u_isUWhiteSpace(c))
			break;
		end = i;
	}
	memmove(s, s + start, (size_t)(end - start));
	explicit_bzero(s + (end - start), (size_t)(len - (end - start)));
	s[end - start] = '\0';
	return s;
}

char *
textbuf_nfc(const textbuf *tb)
{
	return text_nfc(tb->text != NULL ? tb->text : "");
}

void
textbuf_set_caret(textbuf *tb, size_t offset)
{
	UBreakIterator	*bi;
	int32_t		 b;

	if (offset >= tb->len) {
		tb->caret = tb->len;
		return;
	}
	bi = chars(tb);
	b = ubrk_isBoundary(bi, (int32_t)offset) ? (int32_t)offset :
	    ubrk_preceding(bi, (int32_t)offset);
	ubrk_close(bi);
	tb->caret = b == UBRK_DONE ? 0 : (size_t)b;
}
