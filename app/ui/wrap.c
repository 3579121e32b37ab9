#include "wrap.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "lang.h"

/* Opening a break iterator costs far more than using one: keep one per kind. */
typedef struct {
	char locale[16];
	UBreakIterator *it;
} cached_iter;

static cached_iter line_iters[LANG_COUNT + 1];
static UBreakIterator *char_iter;

static UBreakIterator *line_iter(const char *lang)
{
	const char *loc = lang ? lang : "en";
	int free_slot = -1;
	for (int i = 0; i < LANG_COUNT + 1; i++) {
		if (line_iters[i].it && strcmp(line_iters[i].locale, loc) == 0)
			return line_iters[i].it;
		if (!line_iters[i].it && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		free_slot = 0;
	UErrorCode err = U_ZERO_ERROR;
	const lang_info *li = lang_find(loc);
	UBreakIterator *it = ubrk_open(UBRK_LINE, li ? li->icu_locale : loc, NULL, 0, &err);
	if (U_FAILURE(err))
		return NULL;
	if (line_iters[free_slot].it)
		ubrk_close(line_iters[free_slot].it);
	snprintf(line_iters[free_slot].locale, sizeof line_iters[free_slot].locale, "%s", loc);
	line_iters[free_slot].it = it;
	return it;
}

void wrap_cleanup(void)
{
	for (int i = 0; i < LANG_COUNT + 1; i++) {
		if (line_iters[i].it)
			ubrk_close(line_iters[i].it);
		line_iters[i].it = NULL;
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

static void wrap_paragraph(wrapper *w, int pstart, int pend)
{
	if (pend == pstart) {
		emit(w, pstart, pend);
		return;
	}
	UBreakIterator *it = line_iter(w->lang);
	UErrorCode err = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	utext_openUTF8(&ut, w->text + pstart, pend - pstart, &err);
	if (it)
		ubrk_setUText(it, &ut, &err);
	if (!it || U_FAILURE(err)) {
		emit(w, pstart, pend);
		utext_close(&ut);
		return;
	}
	int line_start = pstart, line_width = 0;
	int prev = 0;
	for (int b = ubrk_next(it); b != UBRK_DONE; prev = b, b = ubrk_next(it)) {
		int seg_start = pstart + prev, seg_end = pstart + b;
		int seg_w = measure(w, seg_start, seg_end);
		int seg_fit = measure(w, seg_start, trimmed_end(w->text, seg_start, seg_end));
		if (line_width + seg_fit <= w->width) {
			line_width += seg_w;
			continue;
		}
		if (line_start < seg_start) {
			emit(w, line_start, seg_start);
			line_start = seg_start;
			line_width = 0;
		}
		if (seg_fit > w->width) {
			line_start = split_long(w, seg_start, seg_end);
			line_width = measure(w, line_start, seg_end);
		} else {
			line_width = seg_w;
		}
	}
	emit(w, line_start, pend);
	utext_close(&ut);
}

int wrap_text(const ui_measure *m, ui_font font, const char *lang, const char *text,
              int len, int width, wrap_line *lines, int max)
{
	wrapper w = { m, font, lang, text, width > 1 ? width : 1, lines, max, 0 };
	int pstart = 0;
	for (int i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			wrap_paragraph(&w, pstart, i);
			pstart = i + 1;
		}
	}
	return w.count;
}
