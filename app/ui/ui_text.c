/*
 * ui_text.c — the texts a candidate edits: one-line identity fields and the
 * wrapped answer. Draws the caret where it never covers a glyph, the IME's
 * preedit with its active segment marked, and records every visual line so a
 * tap can be turned back into a caret offset (ui_offset_at).
 */
#include <string.h>

#include "lang.h"
#include "ui_layout.h"
#include "wrap.h"

typedef struct {
	ui_font font;
	const char *lang;
	bool rtl;
} text_style;

typedef struct {
	int at, len;              /* the preedit inside the shown text */
	int sel_at, sel_len;      /* its active conversion segment */
} preedit;

static preedit preedit_of(const textbuf *tb)
{
	preedit p = { (int)tb->caret, (int)strlen(tb->compose), 0, 0 };
	if (p.len > 0 && tb->compose_sel_len > 0 && tb->compose_sel < (size_t)p.len) {
		size_t n = tb->compose_sel_len;
		if (tb->compose_sel + n > (size_t)p.len)
			n = (size_t)p.len - tb->compose_sel;
		p.sel_at = p.at + (int)tb->compose_sel;
		p.sel_len = (int)n;
	}
	return p;
}

/* The text with the preedit shown at the caret. */
static const char *shown_text(layout *L, const textbuf *tb, int *len)
{
	if (!tb->compose[0]) {
		*len = (int)tb->len;
		return tb->text;
	}
	const char *s = fmt(L, "%.*s%s%s", (int)tb->caret, tb->text, tb->compose,
	                    tb->text + tb->caret);
	*len = (int)strlen(s);
	return s;
}

/* The screen span of bytes [from, to) of a line drawn at `drawn`; false when empty. */
static bool span(layout *L, text_style st, const char *s, int len, int from, int to,
                 ui_rect drawn, int *x0, int *x1)
{
	if (from < 0)
		from = 0;
	if (to > len)
		to = len;
	if (from >= to)
		return false;
	int a = line_caret_x(L->m, st.font, st.lang, st.rtl, s, len, from, drawn);
	int b = line_caret_x(L->m, st.font, st.lang, st.rtl, s, len, to, drawn);
	*x0 = a < b ? a : b;
	*x1 = a < b ? b : a;
	return true;
}

/* Before the text: a tint behind the segment being converted. */
static void preedit_tint(layout *L, text_style st, const char *s, int ls, int ll, preedit p,
                         ui_rect drawn)
{
	int x0, x1;
	if (p.sel_len && span(L, st, s + ls, ll, p.sel_at - ls, p.sel_at + p.sel_len - ls, drawn,
	                      &x0, &x1))
		push(L, UI_RECT, box(x0, drawn.y, x1 - x0, drawn.h), C_SEGMENT);
}

/* After the text: a thin underline under the preedit, a thick one under its segment. */
static void preedit_lines(layout *L, text_style st, const char *s, int ls, int ll, preedit p,
                          ui_rect drawn)
{
	int x0, x1, thin = 2, thick = L->u / 2 > 4 ? L->u / 2 : 4;
	if (span(L, st, s + ls, ll, p.at - ls, p.at + p.len - ls, drawn, &x0, &x1))
		push(L, UI_RECT, box(x0, drawn.y + drawn.h - thin - 1, x1 - x0, thin), C_INK);
	if (p.sel_len && span(L, st, s + ls, ll, p.sel_at - ls, p.sel_at + p.sel_len - ls, drawn,
	                      &x0, &x1))
		push(L, UI_RECT, box(x0, drawn.y + drawn.h - thick - 1, x1 - x0, thick), C_PRIMARY);
}

/*
 * The caret stands beside the character before it, on the side away from
 * it (its right in left-to-right text, its left in right-to-left text), so it
 * never covers a glyph: not even the full stop that ends an Arabic line.
 */
static void caret_bar(layout *L, int x, int y, int h, bool rtl, bool at_start)
{
	int w = L->u / 3 > 2 ? L->u / 3 : 2;
	bool left_of_x = rtl != at_start;
	ui_rect r = box(left_of_x ? x - w : x, y, w, h);
	push(L, UI_RECT, r, C_INK);
	L->f->text_input = true;
	L->f->caret = r;
}

static void tapline(layout *L, int ctl, text_style st, const char *s, int ls, int le,
                    ui_rect drawn, ui_rect row, preedit p)
{
	if (ctl < 0 || L->f->ntaplines >= UI_MAX_TAPLINES)
		return;
	ui_tapline *t = &L->f->taplines[L->f->ntaplines++];
	t->control = ctl;
	t->text = s;
	t->start = ls;
	t->end = le;
	t->drawn = drawn;
	t->row = place(L, row);
	t->font = st.font;
	t->lang = st.lang;
	t->rtl = st.rtl;
	t->compose_at = p.at;
	t->compose_len = p.len;
}

static int next_char(const char *s, int len, int i)
{
	for (i++; i < len && (s[i] & 0xC0) == 0x80; i++)
		;
	return i;
}

static int prev_char(const char *s, int i)
{
	for (i--; i > 0 && (s[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

/* Addresses and numbers read left to right whatever the UI language. */
static bool left_to_right_field(const char *key)
{
	return strcmp(key, "email") == 0 || strcmp(key, "phone") == 0 ||
	       strcmp(key, "linkedin") == 0;
}

void field(layout *L, const char *key, const textbuf *tb, bool focused, bool error, ui_rect r)
{
	fill(L, r, C_BOX);
	outline(L, r, error ? C_ALERT : focused ? C_FOCUS : C_BORDER);
	if (error)   /* twice as thick: the alert must not pass for a focus ring */
		outline(L, box(r.x + 2, r.y + 2, r.w - 4, r.h - 4), C_ALERT);
	int ctl = control(L, fmt(L, "field:%s", key), r);
	text_style st = { FONT_BODY, L->lang, L->rtl };
	/* An isolate: shaped and measured as a left-to-right paragraph of its own. */
	if (left_to_right_field(key) && L->rtl) {
		st.lang = "en";
		st.rtl = false;
	}
	int lh = line_h(L, FONT_BODY), pad = 2 * L->u, len;
	const char *s = shown_text(L, tb, &len);
	preedit p = preedit_of(tb);
	ui_rect inner = box(r.x + pad, r.y + (r.h - lh) / 2, r.w - 2 * pad, lh);
	int caret = p.at + p.len, ws = 0, we = len;
	/* Longer than the box: the stretch around the caret that fits. */
	if (width_of(L, FONT_BODY, st.lang, s, len) > inner.w) {
		while (ws < caret && width_of(L, FONT_BODY, st.lang, s + ws, caret - ws) > inner.w)
			ws = next_char(s, len, ws);
		while (we > caret && width_of(L, FONT_BODY, st.lang, s + ws, we - ws) > inner.w)
			we = prev_char(s, we);
	}
	ui_rect drawn = text_pos(L, FONT_BODY, inner, ALIGN_START, st.lang, st.rtl, s + ws, we - ws);
	if (focused)
		preedit_tint(L, st, s, ws, we - ws, p, drawn);
	text_at(L, FONT_BODY, C_INK, drawn, st.lang, st.rtl, s + ws, we - ws);
	tapline(L, ctl, st, s, ws, we, drawn, r, p);
	if (!focused)
		return;
	preedit_lines(L, st, s, ws, we - ws, p, drawn);
	caret_bar(L, line_caret_x(L->m, FONT_BODY, st.lang, st.rtl, s + ws, we - ws, caret - ws, drawn),
	          drawn.y, lh, st.rtl, caret == ws);
}

/* The multi-line answer, scrolled so the caret's line is always in view. */
void answer_box(layout *L, const textbuf *tb, ui_rect r)
{
	fill(L, r, C_BOX);
	outline(L, r, C_FOCUS);
	int ctl = control(L, "answer", r);
	text_style st = { FONT_BODY, L->lang, L->rtl };
	int pad = 2 * L->u, lh = line_h(L, FONT_BODY), len;
	ui_rect inner = box(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad);
	const char *s = shown_text(L, tb, &len);
	preedit p = preedit_of(tb);
	static wrap_line lines[2048];
	int n = wrap_text(L->m, FONT_BODY, L->lang, s, len, inner.w, lines, 2048);
	if (n > 2048)
		n = 2048;
	int caret_end = p.at + p.len, caret_line = n - 1;
	/* At a soft wrap the caret starts the next line, as in every editor. */
	for (int i = 0; i < n; i++) {
		bool wrapped = i + 1 < n && lines[i + 1].start == lines[i].end;
		if (caret_end < lines[i].end || (caret_end == lines[i].end && !wrapped)) {
			caret_line = i;
			break;
		}
	}
	int visible = inner.h / lh > 0 ? inner.h / lh : 1;
	int first = caret_line - visible + 1;
	if (first < 0)
		first = 0;
	for (int i = first; i < n && i < first + visible; i++) {
		int y = inner.y + (i - first) * lh;
		int ls = lines[i].start, ll = lines[i].end - ls;
		ui_rect row = box(inner.x, y, inner.w, lh);
		ui_rect drawn = text_pos(L, FONT_BODY, row, ALIGN_START, L->lang, L->rtl, s + ls, ll);
		preedit_tint(L, st, s, ls, ll, p, drawn);
		text_at(L, FONT_BODY, C_INK, drawn, L->lang, L->rtl, s + ls, ll);
		preedit_lines(L, st, s, ls, ll, p, drawn);
		tapline(L, ctl, st, s, ls, lines[i].end, drawn, row, p);
		if (i != caret_line)
			continue;
		int x = line_caret_x(L->m, FONT_BODY, L->lang, L->rtl, s + ls, ll, caret_end - ls,
		                     drawn);
		caret_bar(L, x, y, lh, L->rtl, caret_end == ls);
		bool wrapped = i + 1 < n && lines[i + 1].start == lines[i].end;
		int end = lines[i].end;
		while (wrapped && end > ls && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		L->f->caret_line_start = ls;
		L->f->caret_line_end = end;
		L->f->caret_screen_x = x;
		L->f->answer_text = s;
		ui_rect area = place(L, inner);   /* on screen, mirrored or not */
		L->f->answer_left = area.x;
		L->f->answer_width = area.w;
		if (i > 0) {
			L->f->line_above[0] = lines[i - 1].start;
			L->f->line_above[1] = lines[i - 1].end;
		}
		if (i + 1 < n) {
			L->f->line_below[0] = lines[i + 1].start;
			L->f->line_below[1] = lines[i + 1].end;
		}
	}
}
