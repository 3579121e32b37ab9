/*
 * ui.c — the layout primitives every screen is built from, ui_build's
 * dispatch to the screens, and the questions the shell asks of a built frame:
 * which control is under a tap, where a tap or Up/Down puts the caret.
 */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "ui_layout.h"
#include "wrap.h"

int ui_font_px(ui_font font, int window_height)
{
	static const int at1080[FONT_COUNT_] = { 26, 32, 42, 60 };
	int px = at1080[font] * window_height / 1080;
	return px < 8 ? 8 : px;
}

ui_rect box(int x, int y, int w, int h)
{
	ui_rect r = { x, y, w, h };
	return r;
}

ui_rect place(const layout *L, ui_rect r)
{
	if (L->rtl)
		r.x = L->W - r.x - r.w;
	return r;
}

ui_cmd *push(layout *L, ui_cmd_kind kind, ui_rect r, ui_color c)
{
	if (L->f->ncmds >= UI_MAX_CMDS)
		return NULL;
	ui_cmd *cmd = &L->f->cmds[L->f->ncmds++];
	memset(cmd, 0, sizeof *cmd);
	cmd->kind = kind;
	cmd->rect = r;
	cmd->color = c;
	return cmd;
}

void fill(layout *L, ui_rect r, ui_color c)
{
	push(L, UI_RECT, place(L, r), c);
}

void outline(layout *L, ui_rect r, ui_color c)
{
	push(L, UI_FRAME, place(L, r), c);
}

int control(layout *L, const char *id, ui_rect r)
{
	if (L->f->ncontrols >= UI_MAX_CONTROLS)
		return -1;
	ui_control *c = &L->f->controls[L->f->ncontrols];
	snprintf(c->id, sizeof c->id, "%s", id);
	c->rect = place(L, r);
	return L->f->ncontrols++;
}

const char *fmt(layout *L, const char *format, ...)
{
	static const char empty[] = "";
	int room = UI_ARENA - L->f->arena_used;
	if (room <= 1)
		return empty;
	char *out = L->f->arena + L->f->arena_used;
	va_list ap;
	va_start(ap, format);
	int n = vsnprintf(out, (size_t)room, format, ap);
	va_end(ap);
	if (n < 0)
		return empty;
	if (n >= room)
		n = room - 1;
	L->f->arena_used += n + 1;
	return out;
}

int width_of(const layout *L, ui_font font, const char *lang, const char *s, int len)
{
	return L->m->text_width(L->m->ctx, font, lang, s, len);
}

int line_h(const layout *L, ui_font font)
{
	return L->m->line_height(L->m->ctx, font);
}

static int trimmed_len(const char *s, int len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len;
}

ui_rect text_pos(layout *L, ui_font font, ui_rect r, align a, const char *lang, bool rtl,
                 const char *s, int len)
{
	int w = width_of(L, font, lang, s, trimmed_len(s, len));
	ui_rect pr = place(L, r);
	int x = pr.x;
	/* "start" is the right edge for right-to-left text. */
	if (a == ALIGN_CENTER)
		x = pr.x + (pr.w - w) / 2;
	else if ((a == ALIGN_END) != rtl)
		x = pr.x + pr.w - w;
	return box(x, pr.y, w, line_h(L, font));
}

void text_at(layout *L, ui_font font, ui_color c, ui_rect at, const char *lang, bool rtl,
             const char *s, int len)
{
	ui_cmd *cmd = push(L, UI_TEXT, at, c);
	if (cmd) {
		cmd->font = font;
		cmd->text = s;
		cmd->len = trimmed_len(s, len);
		cmd->lang = lang;
		cmd->rtl = rtl;
	}
}

ui_rect text_in(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *lang,
                const char *s, int len)
{
	const lang_info *li = lang_find(lang);
	bool rtl = li && li->rtl;
	ui_rect at = text_pos(L, font, r, a, lang, rtl, s, len);
	text_at(L, font, c, at, lang, rtl, s, len);
	return at;
}

/*
 * Trailing spaces are not drawn: they sit at the line's end, which is the
 * left for a right-to-left paragraph, so there the right edge is the anchor.
 */
int line_caret_x(const ui_measure *m, ui_font font, const char *lang, bool rtl, const char *s,
                 int len, int index, ui_rect drawn)
{
	int cx = m->caret_x(m->ctx, font, lang, rtl, s, len, index);
	if (!rtl)
		return drawn.x + cx;
	return drawn.x + drawn.w - (m->text_width(m->ctx, font, lang, s, len) - cx);
}

int paragraph(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s)
{
	wrap_line lines[64];
	int n = wrap_text(L->m, font, L->lang, s, (int)strlen(s), r.w, lines, 64);
	int lh = line_h(L, font);
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++)
		text_in(L, font, c, box(r.x, r.y + i * lh, r.w, lh), a, L->lang,
		        s + lines[i].start, lines[i].end - lines[i].start);
	return n * lh;
}

ui_font label_font(const layout *L, const char *label, int width)
{
	int len = (int)strlen(label);
	for (ui_font f = FONT_LARGE; f > FONT_SMALL; f--)
		if (width_of(L, f, L->lang, label, len) <= width)
			return f;
	return FONT_SMALL;
}

int button_width(const layout *L, const char *label, int min_w, int max_w)
{
	int w = width_of(L, FONT_LARGE, L->lang, label, (int)strlen(label)) + 6 * L->u;
	if (w < min_w)
		w = min_w;
	return w > max_w ? max_w : w;
}

static void button_drawn(layout *L, const char *id, const char *label, ui_rect r,
                         ui_color bg, ui_color ink, bool framed)
{
	fill(L, r, bg);
	if (framed)
		outline(L, r, ink);
	ui_font font = label_font(L, label, r.w - 2 * L->u);
	int lh = line_h(L, font);
	text_in(L, font, ink, box(r.x + L->u, r.y + (r.h - lh) / 2, r.w - 2 * L->u, lh),
	        ALIGN_CENTER, L->lang, label, (int)strlen(label));
	control(L, id, r);
}

void button(layout *L, const char *id, const char *label, ui_rect r, bool primary)
{
	button_drawn(L, id, label, r, primary ? C_PRIMARY : C_BOX,
	             primary ? C_ON_PRIMARY : C_PRIMARY, !primary);
}

/* Still a control (the flow holds the tap), drawn pale so nobody taps again. */
void button_disabled(layout *L, const char *id, const char *label, ui_rect r)
{
	button_drawn(L, id, label, r, C_DISABLED, C_BOX, false);
}

void ui_build(const flow_view *v, const ui_measure *m, int width, int height,
              bool catalog_missing, ui_frame *out)
{
	layout L = { out, m, v, width, height, height / 100 > 0 ? height / 100 : 1, NULL, false, 0 };
	L.lang = v->ui_language ? v->ui_language
	       : v->language ? v->language : (v->language_count ? v->languages[0] : "en");
	const lang_info *li = lang_find(L.lang);
	L.rtl = li && li->rtl;

	out->width = width;
	out->height = height;
	out->background = C_BG;
	out->ncmds = 0;
	out->ncontrols = 0;
	out->arena_used = 0;
	out->ntaplines = 0;
	out->text_input = false;
	out->caret_line_start = out->caret_line_end = -1;
	out->line_above[0] = out->line_below[0] = -1;
	out->answer_text = NULL;
	L.top = banner_height(&L, catalog_missing);
	fill(&L, box(0, 0, width, height), C_BG);
	switch (v->screen) {
	case SCREEN_ATTRACT: screen_attract(&L); break;
	case SCREEN_LANGUAGE: screen_language(&L); break;
	case SCREEN_CONSENT: screen_consent(&L); break;
	case SCREEN_IDENTITY: screen_identity(&L); break;
	case SCREEN_PRACTICE: screen_practice(&L); break;
	case SCREEN_QUESTION: screen_question(&L); break;
	case SCREEN_DONE: screen_done(&L); break;
	}
	if ((v->screen == SCREEN_QUESTION || v->screen == SCREEN_PRACTICE)
	    && v->dialog != DIALOG_NONE && !v->idle_prompt)
		overlay_dialog(&L);
	if (v->idle_prompt)
		overlay_idle(&L);
	overlay_banner(&L, catalog_missing);
}

int ui_vertical_target(const ui_frame *f, const ui_measure *m, const char *lang, int dir)
{
	const int *line = dir < 0 ? f->line_above : f->line_below;
	if (!f->answer_text || line[0] < 0)
		return -1;
	const char *s = f->answer_text + line[0];
	int len = line[1] - line[0];
	const lang_info *li = lang_find(lang);
	bool rtl = li && li->rtl;
	/* Where the line is drawn: at the start edge, trailing spaces left out. */
	int drawn_w = m->text_width(m->ctx, FONT_BODY, lang, s, trimmed_len(s, len));
	int left = rtl ? f->answer_left + f->answer_width - drawn_w : f->answer_left;
	ui_rect drawn = box(left, 0, drawn_w, 0);
	int best = 0, best_d = -1;
	for (int i = 0; i <= len; i++) {
		/* Only code point starts: the caret never splits a UTF-8 sequence. */
		if (i < len && (s[i] & 0xC0) == 0x80)
			continue;
		int x = line_caret_x(m, FONT_BODY, lang, rtl, s, len, i, drawn);
		int d = x > f->caret_screen_x ? x - f->caret_screen_x : f->caret_screen_x - x;
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return line[0] + best;
}

static bool inside(ui_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const ui_control *ui_hit(const ui_frame *f, int x, int y)
{
	/* Later controls sit on top: search from the end. */
	for (int i = f->ncontrols - 1; i >= 0; i--)
		if (inside(f->controls[i].rect, x, y))
			return &f->controls[i];
	return NULL;
}

const ui_control *ui_find(const ui_frame *f, const char *id)
{
	for (int i = 0; i < f->ncontrols; i++)
		if (strcmp(f->controls[i].id, id) == 0)
			return &f->controls[i];
	return NULL;
}

static int distance(int v, int lo, int hi)
{
	return v < lo ? lo - v : v >= hi ? v - hi + 1 : 0;
}

int ui_offset_at(const ui_frame *f, const ui_measure *m, int x, int y)
{
	const ui_control *c = ui_hit(f, x, y);
	if (!c)
		return -1;
	int ci = (int)(c - f->controls);
	const ui_tapline *best = NULL;
	int best_d = 0;
	for (int i = 0; i < f->ntaplines; i++) {
		const ui_tapline *t = &f->taplines[i];
		if (t->control != ci)
			continue;
		int d = distance(y, t->row.y, t->row.y + t->row.h);
		if (!best || d < best_d) {
			best = t;
			best_d = d;
		}
	}
	if (!best)
		return -1;
	const char *s = best->text + best->start;
	int len = best->end - best->start, at = 0, at_d = -1;
	for (int i = 0; i <= len; i++) {
		if (i < len && (s[i] & 0xC0) == 0x80)
			continue;
		int cx = line_caret_x(m, best->font, best->lang, best->rtl, s, len, i, best->drawn);
		int d = cx > x ? cx - x : x - cx;
		if (at_d < 0 || d < at_d) {
			at_d = d;
			at = i;
		}
	}
	/* Offsets count committed text: the preedit collapses onto the caret. */
	int off = best->start + at, c0 = best->compose_at, cl = best->compose_len;
	if (cl > 0 && off > c0)
		off = off >= c0 + cl ? off - cl : c0;
	return off;
}

bool ui_has_text(const ui_frame *f, const char *needle)
{
	size_t n = strlen(needle);
	for (int i = 0; i < f->ncmds; i++) {
		const ui_cmd *c = &f->cmds[i];
		if (c->kind != UI_TEXT || (size_t)c->len < n)
			continue;
		for (int at = 0; at + (int)n <= c->len; at++)
			if (memcmp(c->text + at, needle, n) == 0)
				return true;
	}
	return false;
}

void ui_print_texts(const ui_frame *f, FILE *to)
{
	for (int i = 0; i < f->ncmds; i++) {
		const ui_cmd *c = &f->cmds[i];
		if (c->kind == UI_TEXT)
			fprintf(to, "  | %.*s\n", c->len, c->text);
	}
}

void ui_print_controls(const ui_frame *f, FILE *to)
{
	for (int i = 0; i < f->ncontrols; i++) {
		const ui_control *c = &f->controls[i];
		fprintf(to, "%s\t%d,%d %dx%d\n", c->id, c->rect.x, c->rect.y, c->rect.w, c->rect.h);
	}
}
