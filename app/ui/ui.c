#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "wrap.h"

/* The palette: calm, high contrast, readable at a distance. */
static const ui_color C_BG = { 0xF4, 0xF6, 0xF9, 0xFF };
static const ui_color C_INK = { 0x1B, 0x24, 0x30, 0xFF };
static const ui_color C_MUTED = { 0x5A, 0x67, 0x78, 0xFF };
static const ui_color C_PRIMARY = { 0x1F, 0x5F, 0xBF, 0xFF };
static const ui_color C_ON_PRIMARY = { 0xFF, 0xFF, 0xFF, 0xFF };
static const ui_color C_BOX = { 0xFF, 0xFF, 0xFF, 0xFF };
static const ui_color C_BORDER = { 0x9A, 0xA5, 0xB1, 0xFF };
static const ui_color C_FOCUS = { 0x1F, 0x5F, 0xBF, 0xFF };
static const ui_color C_ALERT = { 0xC6, 0x28, 0x28, 0xFF };
static const ui_color C_TRACK = { 0xDD, 0xE3, 0xEA, 0xFF };
static const ui_color C_SHADE = { 0x10, 0x18, 0x24, 0xB0 };

typedef enum { ALIGN_START, ALIGN_CENTER, ALIGN_END } align;

typedef struct {
	ui_frame *f;
	const ui_measure *m;
	const flow_view *v;
	int W, H;
	int u;               /* one layout unit: 1/100 of the height */
	const char *lang;    /* the UI language */
	bool rtl;
} layout;

int ui_font_px(ui_font font, int window_height)
{
	static const int at1080[FONT_COUNT_] = { 26, 32, 42, 60 };
	int px = at1080[font] * window_height / 1080;
	return px < 8 ? 8 : px;
}

static ui_rect box(int x, int y, int w, int h)
{
	ui_rect r = { x, y, w, h };
	return r;
}

/* Layout is written for left-to-right; right-to-left mirrors every box. */
static ui_rect place(const layout *L, ui_rect r)
{
	if (L->rtl)
		r.x = L->W - r.x - r.w;
	return r;
}

static ui_cmd *push(layout *L, ui_cmd_kind kind, ui_rect r, ui_color c)
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

static void fill(layout *L, ui_rect r, ui_color c)
{
	push(L, UI_RECT, place(L, r), c);
}

static void outline(layout *L, ui_rect r, ui_color c)
{
	push(L, UI_FRAME, place(L, r), c);
}

static void control(layout *L, const char *id, ui_rect r)
{
	if (L->f->ncontrols >= UI_MAX_CONTROLS)
		return;
	ui_control *c = &L->f->controls[L->f->ncontrols++];
	snprintf(c->id, sizeof c->id, "%s", id);
	c->rect = place(L, r);
}

/* A formatted string that lives as long as the frame. */
static const char *fmt(layout *L, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
static const char *fmt(layout *L, const char *format, ...)
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

static int width_of(const layout *L, ui_font font, const char *lang, const char *s, int len)
{
	return L->m->text_width(L->m->ctx, font, lang, s, len);
}

static int line_h(const layout *L, ui_font font)
{
	return L->m->line_height(L->m->ctx, font);
}

/*
 * One line of text inside [r.x, r.x + r.w), aligned in reading direction.
 * Returns where it was drawn (x and width), so a caret can be put on it.
 */
static ui_rect text_in(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *lang,
                       const char *s, int len)
{
	const lang_info *li = lang_find(lang);
	bool rtl = li && li->rtl;
	int end = len;
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	int w = width_of(L, font, lang, s, end);
	ui_rect pr = place(L, r);
	int x = pr.x;
	/* "start" is the right edge for right-to-left text. */
	if (a == ALIGN_CENTER)
		x = pr.x + (pr.w - w) / 2;
	else if ((a == ALIGN_END) != rtl)
		x = pr.x + pr.w - w;
	ui_rect at = box(x, pr.y, w, line_h(L, font));
	ui_cmd *cmd = push(L, UI_TEXT, at, c);
	if (cmd) {
		cmd->font = font;
		cmd->text = s;
		cmd->len = end;
		cmd->lang = lang;
		cmd->rtl = rtl;
	}
	return at;
}

/*
 * The screen x of a caret at byte index of a line drawn at `drawn`. Trailing
 * spaces are not drawn: they sit at the line's end, which is the left for a
 * right-to-left paragraph, so there the right edge is the anchor.
 */
static int caret_screen_x(layout *L, ui_font font, const char *s, int len, int index,
                          ui_rect drawn)
{
	int cx = L->m->caret_x(L->m->ctx, font, L->lang, s, len, index);
	if (!L->rtl)
		return drawn.x + cx;
	return drawn.x + drawn.w - (width_of(L, font, L->lang, s, len) - cx);
}

/* A wrapped paragraph; returns the height it took. */
static int paragraph(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s)
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

static void button(layout *L, const char *id, const char *label, ui_rect r, bool primary)
{
	fill(L, r, primary ? C_PRIMARY : C_BOX);
	if (!primary)
		outline(L, r, C_PRIMARY);
	int lh = line_h(L, FONT_LARGE);
	text_in(L, FONT_LARGE, primary ? C_ON_PRIMARY : C_PRIMARY,
	        box(r.x + L->u, r.y + (r.h - lh) / 2, r.w - 2 * L->u, lh), ALIGN_CENTER,
	        L->lang, label, (int)strlen(label));
	control(L, id, r);
}

static void notice(layout *L, bool catalog_missing)
{
	const char *msg;
	if (L->v->notice == NOTICE_SAVE_FAILED)
		/* TRANSLATORS: a banner for staff when the disk refuses a write; the candidate's text is safe in memory. */
		msg = _("Saving failed. Please call a member of staff.");
	else if (catalog_missing)
		/* TRANSLATORS: a banner for staff; shown in English when this language's catalog is missing. */
		msg = _("The translations for this language could not be loaded: English is shown instead.");
	else
		return;
	ui_rect r = box(0, 0, L->W, 6 * L->u);
	fill(L, r, C_ALERT);
	text_in(L, FONT_BODY, C_ON_PRIMARY, box(2 * L->u, L->u, L->W - 4 * L->u, 4 * L->u),
	        ALIGN_CENTER, L->lang, msg, (int)strlen(msg));
}

static void attract(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u;
	control(L, "start", box(0, 0, L->W, L->H));
	paragraph(L, FONT_TITLE, C_INK, box(8 * u, 12 * u, L->W - 16 * u, 20 * u), ALIGN_CENTER,
	          v->title);
	/* Each language greets in its own script, three to a row. */
	int colw = (L->W - 16 * u) / 3, rowh = 10 * u;
	for (int i = 0; i < v->language_count; i++) {
		const lang_info *li = lang_find(v->languages[i]);
		if (!li)
			continue;
		ui_rect r = box(8 * u + (i % 3) * colw, 40 * u + (i / 3) * rowh, colw, rowh);
		text_in(L, FONT_LARGE, C_PRIMARY, r, ALIGN_CENTER, li->code, li->native,
		        (int)strlen(li->native));
	}
	const char *hint = _("Touch the screen or press any key to start");
	paragraph(L, FONT_BODY, C_MUTED, box(8 * u, 84 * u, L->W - 16 * u, 10 * u), ALIGN_CENTER,
	          hint);
}

static void language(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u;
	paragraph(L, FONT_TITLE, C_INK, box(8 * u, 8 * u, L->W - 16 * u, 10 * u), ALIGN_CENTER,
	          _("Choose your language"));
	int gap = 3 * u, cols = 3;
	int bw = (L->W - 16 * u - (cols - 1) * gap) / cols, bh = 14 * u;
	for (int i = 0; i < v->language_count; i++) {
		const lang_info *li = lang_find(v->languages[i]);
		if (!li)
			continue;
		ui_rect r = box(8 * u + (i % cols) * (bw + gap), 24 * u + (i / cols) * (bh + gap), bw, bh);
		fill(L, r, C_BOX);
		outline(L, r, C_PRIMARY);
		int lh = line_h(L, FONT_LARGE);
		text_in(L, FONT_LARGE, C_PRIMARY, box(r.x, r.y + (bh - lh) / 2, r.w, lh),
		        ALIGN_CENTER, li->code, li->native, (int)strlen(li->native));
		control(L, fmt(L, "lang:%s", li->code), r);
	}
	button(L, "back", _("Back"), box(8 * u, 86 * u, 30 * u, 9 * u), false);
}

static void consent(layout *L)
{
	int u = L->u, x = 10 * u, w = L->W - 20 * u;
	int y = 8 * u;
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_START,
	               _("Before we begin")) + 3 * u;
	const char *parts[] = {
		_("This kiosk records your answers to the interview questions, how long you "
		  "spend on each one, your name and the contact details you give."),
		_("Only the hiring team of this event reads them, to decide whom to invite to "
		  "the next interview. They are kept only for this hiring process and then deleted."),
		_("Do you agree to continue?"),
	};
	for (int i = 0; i < 3; i++)
		y += paragraph(L, FONT_BODY, C_INK, box(x, y, w, 20 * u), ALIGN_START, parts[i]) + 2 * u;
	button(L, "decline", _("No, thank you"), box(x, 84 * u, 40 * u, 10 * u), false);
	button(L, "agree", _("I agree"), box(L->W - x - 40 * u, 84 * u, 40 * u, 10 * u), true);
}

/* The caret of an editable text: its box and the IME window follow it. */
static void caret_at(layout *L, ui_rect r)
{
	push(L, UI_RECT, r, C_INK);
	L->f->text_input = true;
	L->f->caret = r;
}

/* The IME's text is underlined where it sits in the line, [from, to) in bytes. */
static void underline(layout *L, const char *s, int len, int from, int to, ui_rect drawn)
{
	int x0 = caret_screen_x(L, FONT_BODY, s, len, from, drawn);
	int x1 = caret_screen_x(L, FONT_BODY, s, len, to, drawn);
	if (x1 < x0) {
		int t = x0;
		x0 = x1;
		x1 = t;
	}
	push(L, UI_RECT, box(x0, drawn.y + drawn.h - 3, x1 - x0, 2), C_INK);
}

static const char *field_label(const char *key)
{
	if (strcmp(key, "name") == 0)
		return _("Your full name");
	if (strcmp(key, "email") == 0)
		return _("Email address (optional)");
	if (strcmp(key, "phone") == 0)
		return _("Phone number (optional)");
	if (strcmp(key, "city") == 0)
		return _("City (optional)");
	if (strcmp(key, "linkedin") == 0)
		return _("LinkedIn profile (optional)");
	return key;
}

/* A one-line input: shows the end of the text when it is longer than the box. */
static void field(layout *L, const char *key, const textbuf *tb, bool focused, ui_rect r)
{
	fill(L, r, C_BOX);
	outline(L, r, focused ? C_FOCUS : C_BORDER);
	control(L, fmt(L, "field:%s", key), r);
	int lh = line_h(L, FONT_BODY), pad = 2 * L->u;
	const char *s = tb->compose[0] ? fmt(L, "%.*s%s%s", (int)tb->caret, tb->text, tb->compose,
	                                     tb->text + tb->caret) : tb->text;
	int caret = (int)tb->caret + (int)strlen(tb->compose);
	ui_rect inner = box(r.x + pad, r.y + (r.h - lh) / 2, r.w - 2 * pad, lh);
	int len = (int)strlen(s);
	ui_rect drawn = text_in(L, FONT_BODY, C_INK, inner, ALIGN_START, L->lang, s, len);
	if (focused) {
		int clen = (int)strlen(tb->compose);
		if (clen)
			underline(L, s, len, (int)tb->caret, caret, drawn);
		int x = caret_screen_x(L, FONT_BODY, s, len, caret, drawn);
		caret_at(L, box(x, drawn.y, 2 > L->u / 3 ? 2 : L->u / 3, lh));
	}
}

static void identity(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 10 * u, w = L->W - 20 * u;
	int y = 8 * u;
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_START, _("About you")) + 3 * u;
	/* Up to five fields share the room above the button row. */
	int lh = line_h(L, FONT_BODY);
	int block = (82 * u - y) / (v->field_count ? v->field_count : 1);
	if (block > lh + 12 * u)
		block = lh + 12 * u;
	int box_h = block - lh - 2 * u;
	for (int i = 0; i < v->field_count; i++) {
		const char *label = field_label(v->field_keys[i]);
		text_in(L, FONT_BODY, C_MUTED, box(x, y, w, lh), ALIGN_START, L->lang, label,
		        (int)strlen(label));
		field(L, v->field_keys[i], v->fields[i], i == v->focus, box(x, y + lh + u / 2, w, box_h));
		y += block;
	}
	if (v->notice == NOTICE_NAME_REQUIRED)
		paragraph(L, FONT_BODY, C_ALERT, box(x, 86 * u, w - 44 * u, 8 * u), ALIGN_START,
		          _("Please enter your name to continue."));
	button(L, "next", _("Continue"), box(L->W - x - 40 * u, 84 * u, 40 * u, 10 * u), true);
}

/* The multi-line answer, scrolled so the caret's line is always in view. */
static void answer_box(layout *L, const textbuf *tb, ui_rect r)
{
	fill(L, r, C_BOX);
	outline(L, r, C_FOCUS);
	control(L, "answer", r);
	int pad = 2 * L->u, lh = line_h(L, FONT_BODY);
	ui_rect inner = box(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad);
	const char *s = tb->text;
	int len = (int)tb->len, caret = (int)tb->caret, clen = (int)strlen(tb->compose);
	if (clen) {
		s = fmt(L, "%.*s%s%s", caret, tb->text, tb->compose, tb->text + caret);
		len = (int)strlen(s);
	}
	static wrap_line lines[2048];
	int n = wrap_text(L->m, FONT_BODY, L->lang, s, len, inner.w, lines, 2048);
	if (n > 2048)
		n = 2048;
	int caret_end = caret + clen, caret_line = n - 1;
	/* At a soft wrap the caret starts the next line, as in every editor. */
	for (int i = 0; i < n; i++) {
		bool wrapped = i + 1 < n && lines[i + 1].start == lines[i].end;
		if (caret_end < lines[i].end || (caret_end == lines[i].end && !wrapped)) {
			caret_line = i;
			break;
		}
	}
	int visible = inner.h / lh;
	int first = caret_line - visible + 1;
	if (first < 0)
		first = 0;
	for (int i = first; i < n && i < first + visible; i++) {
		int y = inner.y + (i - first) * lh;
		int ls = lines[i].start, ll = lines[i].end - ls;
		ui_rect drawn = text_in(L, FONT_BODY, C_INK, box(inner.x, y, inner.w, lh), ALIGN_START,
		                        L->lang, s + ls, ll);
		int cs = caret > ls ? caret : ls, ce = caret_end < lines[i].end ? caret_end : lines[i].end;
		if (clen && cs < ce)
			underline(L, s + ls, ll, cs - ls, ce - ls, drawn);
		if (i == caret_line) {
			int x = caret_screen_x(L, FONT_BODY, s + ls, ll, caret_end - ls, drawn);
			caret_at(L, box(x, y, 2 > L->u / 3 ? 2 : L->u / 3, lh));
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
}

static void question(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 5 * u, w = L->W - 10 * u;
	char num[32], total[32];
	numfmt_int(L->lang, v->question_index + 1, num, sizeof num);
	numfmt_int(L->lang, v->question_count, total, sizeof total);
	/* TRANSLATORS: "Question 3 of 8": %1$s is this question's number, %2$s how many there are. */
	const char *progress = fmt(L, _("Question %1$s of %2$s"), num, total);
	int lh = line_h(L, FONT_BODY);
	text_in(L, FONT_BODY, C_MUTED, box(x, 3 * u, w / 2, lh), ALIGN_START, L->lang, progress,
	        (int)strlen(progress));
	if (v->remaining_s >= 0) {
		char clock[32];
		numfmt_clock(L->lang, v->remaining_s, clock, sizeof clock);
		/* TRANSLATORS: the countdown for this answer; %s is minutes:seconds, e.g. 3:59. */
		const char *left = fmt(L, _("Time left: %s"), clock);
		text_in(L, FONT_BODY, v->warning ? C_ALERT : C_MUTED, box(x + w / 2, 3 * u, w / 2, lh),
		        ALIGN_END, L->lang, left, (int)strlen(left));
	}
	ui_rect track = box(x, 3 * u + lh + u, w, u);
	fill(L, track, C_TRACK);
	fill(L, box(x, track.y, w * (v->question_index + 1) / (v->question_count ? v->question_count : 1),
	            u), C_PRIMARY);
	int y = track.y + 3 * u;
	y += paragraph(L, FONT_LARGE, C_INK, box(x, y, w, 20 * u), ALIGN_START, v->question_text)
	     + 2 * u;
	int bottom = 84 * u;
	answer_box(L, v->answer, box(x, y, w, bottom - y - 2 * u));

	char count[32], limit[32], words[32];
	numfmt_int(L->lang, v->answer->clusters, count, sizeof count);
	numfmt_int(L->lang, v->answer_limit, limit, sizeof limit);
	numfmt_int(L->lang, v->answer_words, words, sizeof words);
	bool full = v->answer_limit > 0 && v->answer->clusters >= v->answer_limit;
	/* TRANSLATORS: under the answer box: %1$s characters typed of at most %2$s, %3$s words. */
	const char *counter = full
		? fmt(L, _("%1$s / %2$s characters: you have reached the maximum length"), count, limit)
		: fmt(L, ngettext("%1$s / %2$s characters, %3$s word",
		                  "%1$s / %2$s characters, %3$s words", (unsigned long)v->answer_words),
		      count, limit, words);
	text_in(L, FONT_SMALL, full ? C_ALERT : C_MUTED, box(x, bottom, w - 45 * u, line_h(L, FONT_SMALL)),
	        ALIGN_START, L->lang, counter, (int)strlen(counter));
	bool last = v->question_index + 1 >= v->question_count;
	button(L, "next", last ? _("Finish") : _("Next"), box(L->W - x - 40 * u, 86 * u, 40 * u, 10 * u),
	       true);
}

static void done(layout *L)
{
	int u = L->u, x = 10 * u, w = L->W - 20 * u;
	int y = 25 * u;
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_CENTER, _("Thank you!")) + 4 * u;
	paragraph(L, FONT_BODY, C_INK, box(x, y, w, 30 * u), ALIGN_CENTER,
	          _("Your answers have been saved. The hiring team will review them and contact "
	            "you about the next steps."));
	button(L, "finish", _("Done"), box((L->W - 40 * u) / 2, 80 * u, 40 * u, 10 * u), true);
}

/* Drawn over the screen: nothing beneath it can be tapped until it goes. */
static void idle_prompt(layout *L)
{
	int u = L->u;
	L->f->ncontrols = 0;
	L->f->text_input = false;
	fill(L, box(0, 0, L->W, L->H), C_SHADE);
	ui_rect card = box(L->W / 2 - 55 * u, 28 * u, 110 * u, 44 * u);
	fill(L, card, C_BOX);
	int y = card.y + 5 * u;
	y += paragraph(L, FONT_TITLE, C_INK, box(card.x + 4 * u, y, card.w - 8 * u, 10 * u),
	               ALIGN_CENTER, _("Are you still there?")) + 2 * u;
	char secs[32];
	numfmt_int(L->lang, L->v->idle_remaining_s, secs, sizeof secs);
	/* TRANSLATORS: %s is a number of seconds, already written in the language's digits. */
	const char *ends = ngettext("This session will end in %s second.",
	                            "This session will end in %s seconds.",
	                            (unsigned long)L->v->idle_remaining_s);
	paragraph(L, FONT_BODY, C_INK, box(card.x + 4 * u, y, card.w - 8 * u, 10 * u), ALIGN_CENTER,
	          fmt(L, ends, secs));
	button(L, "still-here", _("I'm still here"),
	       box(card.x + (card.w - 44 * u) / 2, card.y + card.h - 14 * u, 44 * u, 10 * u), true);
}

void ui_build(const flow_view *v, const ui_measure *m, int width, int height,
              bool catalog_missing, ui_frame *out)
{
	layout L = { out, m, v, width, height, height / 100 > 0 ? height / 100 : 1, NULL, false };
	L.lang = v->language ? v->language : (v->language_count ? v->languages[0] : "en");
	const lang_info *li = lang_find(L.lang);
	L.rtl = li && li->rtl;

	out->width = width;
	out->height = height;
	out->background = C_BG;
	out->ncmds = 0;
	out->ncontrols = 0;
	out->arena_used = 0;
	out->text_input = false;
	out->caret_line_start = out->caret_line_end = -1;
	out->line_above[0] = out->line_below[0] = -1;
	out->answer_text = NULL;
	fill(&L, box(0, 0, width, height), C_BG);
	switch (v->screen) {
	case SCREEN_ATTRACT: attract(&L); break;
	case SCREEN_LANGUAGE: language(&L); break;
	case SCREEN_CONSENT: consent(&L); break;
	case SCREEN_IDENTITY: identity(&L); break;
	case SCREEN_QUESTION: question(&L); break;
	case SCREEN_DONE: done(&L); break;
	}
	if (v->idle_prompt)
		idle_prompt(&L);
	notice(&L, catalog_missing);
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
	int end = len;
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	int drawn_w = m->text_width(m->ctx, FONT_BODY, lang, s, end);
	int full_w = m->text_width(m->ctx, FONT_BODY, lang, s, len);
	int left = rtl ? f->answer_left + f->answer_width - drawn_w : f->answer_left;
	int best = 0, best_d = -1;
	for (int i = 0; i <= len; i++) {
		/* Only code point starts: the caret never splits a UTF-8 sequence. */
		if (i < len && (s[i] & 0xC0) == 0x80)
			continue;
		int cx = m->caret_x(m->ctx, FONT_BODY, lang, s, len, i);
		int x = rtl ? left + drawn_w - (full_w - cx) : left + cx;
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
