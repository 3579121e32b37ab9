/*
 * review_ui.c — the reviewer's screen: a header (the candidate, where the
 * reviewer is, the progress bar), the answer with its timings, the score
 * buttons and note, and beside them the rubric. Built from the kiosk's layout
 * primitives (ui_layout.h) in units of a hundredth of the height; place()
 * mirrors every box for a right-to-left reviewer while each text keeps the
 * direction of its own language.
 */
#include "review_ui.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "ui_layout.h"
#include "wrap.h"

#define TOUCH_MIN 48
#define MAX_ANSWER_LINES 2048

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

static bool lang_rtl(const char *lang)
{
	const lang_info *li = lang_find(lang);
	return li && li->rtl;
}

/*
 * A paragraph in its own language inside r (r.h 0: no limit); returns the
 * height it takes. Draws only when draw is set, so a layout can be tried.
 */
static int block(layout *L, ui_font font, ui_color c, ui_rect r, const char *lang, const char *s,
                 bool draw)
{
	wrap_line lines[128];
	int n = wrap_text(L->m, font, lang, s, (int)strlen(s), r.w, lines, 128);
	int lh = line_h(L, font);
	if (n > 128)
		n = 128;
	if (r.h > 0 && n > r.h / lh)
		n = r.h / lh;
	for (int i = 0; draw && i < n; i++)
		text_in(L, font, c, box(r.x, r.y + i * lh, r.w, lh), ALIGN_START, lang,
		        s + lines[i].start, lines[i].end - lines[i].start);
	return n * lh;
}

/* Between items on one line: a middle dot next to Arabic-Indic digits reads as a zero. */
static const char *sep(void)
{
	/* TRANSLATORS: joins items on one line ("Name · e-mail"); Arabic uses "، ". */
	return C_("list separator", " · ");
}

static const char *num(layout *L, long value)
{
	char out[32];
	numfmt_int(L->lang, value, out, sizeof out);
	return fmt(L, "%s", out);
}

static const char *duration(layout *L, int64_t ms)
{
	if (ms < 0)
		/* TRANSLATORS: a timing that does not exist: the candidate never typed. */
		return _("none");
	char out[32];
	numfmt_clock(L->lang, (int)(ms / 1000), out, sizeof out);
	return fmt(L, "%s", out);
}

static const char *status_name(session_status st)
{
	switch (st) {
	case SESSION_COMPLETED: return C_("session status", "completed");
	case SESSION_ABANDONED: return C_("session status", "abandoned");
	case SESSION_INTERRUPTED: return C_("session status", "interrupted");
	default: return C_("session status", "in progress");
	}
}

static const char *language_name(const char *code)
{
	const lang_info *li = lang_find(code);
	return li ? li->native : code;
}

/* The candidate: the neutral code, or once fully scored the name and contact. */
static void header(layout *L, const review_screen *s, int x, int w, int y)
{
	const review_view *v = s->v;
	int u = L->u, lh = line_h(L, FONT_LARGE), sh = line_h(L, FONT_SMALL);
	const char *who, *where, *sub;
	if (v->kind == REVIEW_ITEM_SAMPLE) {
		/* TRANSLATORS: %1$s is this calibration sample's number, %2$s how many there are. */
		who = fmt(L, _("Calibration sample %1$s of %2$s"), num(L, v->sample_index),
		          num(L, v->sample_count));
		where = "";
		sub = _("Score the sample, then compare your score with the reference.");
	} else {
		if (v->revealed) {
			who = v->name;
			for (int i = 0; i < v->contact_count; i++)
				if (v->contacts[i].value && v->contacts[i].value[0])
					who = fmt(L, "%s%s%s", who, sep(), v->contacts[i].value);
		} else {
			/* TRANSLATORS: %s is the neutral code a candidate is shown under, e.g. C-4K7Q2M. */
			who = fmt(L, _("Candidate %s"), v->code ? v->code : "");
		}
		if (v->order == REVIEW_BY_CANDIDATE)
			/* TRANSLATORS: where the reviewer is: "Candidate 3 of 120 · Answer 2 of 7". */
			where = fmt(L, _("Candidate %1$s of %2$s · Answer %3$s of %4$s"),
			            num(L, v->cand_index), num(L, v->cand_count), num(L, v->answer_index),
			            num(L, v->answer_count));
		else
			/* TRANSLATORS: where the reviewer is in question-by-question order. */
			where = fmt(L, _("Question %1$s of %2$s · Candidate %3$s of %4$s"),
			            num(L, v->question_index), num(L, v->question_count),
			            num(L, v->cand_index), num(L, v->cand_count));
		/* TRANSLATORS: under the candidate: the session's status and the language of the answers. */
		sub = fmt(L, _("Status: %1$s · Answers in %2$s"), status_name(v->status),
		          language_name(v->answer_lang ? v->answer_lang : ""));
	}
	int where_w = width_of(L, FONT_BODY, L->lang, where, (int)strlen(where));
	if (where_w > w / 2)
		where_w = w / 2;
	text_in(L, FONT_LARGE, C_INK, box(x, y, w - where_w - 2 * u, lh), ALIGN_START, L->lang, who,
	        (int)strlen(who));
	text_in(L, FONT_BODY, C_MUTED, box(x + w - where_w, y, where_w, lh), ALIGN_END, L->lang,
	        where, (int)strlen(where));
	text_in(L, FONT_SMALL, C_MUTED, box(x, y + lh, w, sh), ALIGN_START, L->lang, sub,
	        (int)strlen(sub));
}

static void progress(layout *L, const review_view *v, int x, int w, int y)
{
	int u = L->u, sh = line_h(L, FONT_SMALL);
	/* TRANSLATORS: the progress bar: %1$s answers scored by this reviewer of %2$s in all. */
	const char *label = fmt(L, _("%1$s of %2$s answers scored"), num(L, v->scored),
	                        num(L, v->total));
	text_in(L, FONT_SMALL, C_MUTED, box(x, y, w, sh), ALIGN_END, L->lang, label,
	        (int)strlen(label));
	ui_rect track = box(x, y + sh, w, u);
	fill(L, track, C_TRACK);
	long done = v->total > 0 ? (long)w * v->scored / v->total : 0;
	if (done > 0)
		fill(L, box(x, track.y, (int)done, u), C_PRIMARY);
	control(L, "progress", box(x, y, w, sh + u));
}

/* The answer in its own language and direction, scrolled; returns the largest scroll. */
static int answer_area(layout *L, const review_screen *s, ui_rect r, const char *text,
                       const char *lang)
{
	const review_view *v = s->v;
	int u = L->u, pad = 2 * u, lh = line_h(L, FONT_BODY);
	fill(L, r, C_BOX);
	outline(L, r, C_BORDER);
	control(L, "answer-text", r);
	ui_rect inner = box(r.x + pad, r.y + pad, r.w - 2 * pad - 4 * u, r.h - 2 * pad);
	if (v->answer_empty) {
		const char *none = _("No answer");
		text_in(L, FONT_BODY, C_MUTED, box(inner.x, inner.y, inner.w, lh), ALIGN_START, L->lang,
		        none, (int)strlen(none));
		return 0;
	}
	static wrap_line lines[MAX_ANSWER_LINES];
	int n = wrap_text(L->m, FONT_BODY, lang, text, (int)strlen(text), inner.w, lines,
	                  MAX_ANSWER_LINES);
	if (n > MAX_ANSWER_LINES)
		n = MAX_ANSWER_LINES;
	int visible = max_i(inner.h / lh, 1), most = max_i(n - visible, 0);
	int first = s->scroll < 0 ? 0 : s->scroll > most ? most : s->scroll;
	for (int i = first; i < n && i < first + visible; i++)
		text_in(L, FONT_BODY, C_INK, box(inner.x, inner.y + (i - first) * lh, inner.w, lh),
		        ALIGN_START, lang, text + lines[i].start, lines[i].end - lines[i].start);
	if (most > 0) {
		/* A long answer scrolls: the wheel, Shift+Up/Down, or these. */
		int bw = 4 * u, bh = max_i(6 * u, TOUCH_MIN);
		ui_rect up = box(r.x + r.w - bw - u / 2, r.y + u / 2, bw, bh);
		ui_rect down = box(up.x, r.y + r.h - bh - u / 2, bw, bh);
		if (first > 0)
			button(L, "scroll-up", "↑", up, false);
		if (first < most)
			button(L, "scroll-down", "↓", down, false);
		/* TRANSLATORS: beside a long answer: lines %1$s to %2$s of %3$s are shown. */
		const char *at = fmt(L, _("Lines %1$s–%2$s of %3$s"), num(L, first + 1),
		                     num(L, first + visible < n ? first + visible : n), num(L, n));
		int sh = line_h(L, FONT_SMALL);
		text_in(L, FONT_SMALL, C_MUTED, box(r.x, r.y + r.h + u / 2, r.w, sh), ALIGN_END,
		        L->lang, at, (int)strlen(at));
	}
	return most;
}

static const char *yes_no(bool b)
{
	return b ? _("yes") : _("no");
}

static void timings(layout *L, const answer_record *a, int time_percent, int x, int w, int y)
{
	int sh = line_h(L, FONT_SMALL);
	const char *extra = "";
	if (time_percent > 100) {
		char times[32];
		numfmt_hundredths(L->lang, time_percent, times, sizeof times);
		/* TRANSLATORS: before the timings: staff gave this candidate longer time limits as an accommodation; %s is the factor, e.g. 1.5. */
		extra = fmt(L, "%s%s", fmt(L, _("Extra time ×%s (accommodation)"), times), sep());
	}
	/* TRANSLATORS: the answer's timings (minutes:seconds). */
	const char *one = fmt(L, _("First input after %1$s · Active typing %2$s · Total %3$s"),
	                      duration(L, a->first_input_ms), duration(L, a->active_ms),
	                      duration(L, a->total_ms));
	/* TRANSLATORS: %1$s keystrokes, %2$s deletions, %3$s and %4$s are "yes" or "no". */
	const char *two = fmt(L, _("Keystrokes %1$s · Deletions %2$s · Timed out: %3$s · Skipped: %4$s"),
	                      num(L, a->keystrokes), num(L, a->deletions), yes_no(a->timed_out),
	                      yes_no(a->skipped));
	/* One paragraph wrapped into at most three lines, however narrow the column. */
	/* The accommodation first: the timings are read in its light, and it is never cut. */
	block(L, FONT_SMALL, C_MUTED, box(x, y, w, 3 * sh), L->lang,
	      fmt(L, "%s%s%s%s", extra, one, sep(), two), true);
}

/* Score buttons 1–5, the note button, and what is known of the score. */
static void scoring(layout *L, const review_screen *s, int x, int w, int y, int h)
{
	const review_view *v = s->v;
	int u = L->u, gap = u, bs = max_i(h, TOUCH_MIN);
	const char *label = _("Score");
	int lw = width_of(L, FONT_BODY, L->lang, label, (int)strlen(label)) + 2 * u;
	int lh = line_h(L, FONT_BODY);
	text_in(L, FONT_BODY, C_INK, box(x, y + (bs - lh) / 2, lw, lh), ALIGN_START, L->lang, label,
	        (int)strlen(label));
	for (int i = 1; i <= 5; i++) {
		ui_rect r = box(x + lw + (i - 1) * (bs + gap), y, bs, bs);
		button(L, fmt(L, "score:%d", i), num(L, i), r, v->score == i);
	}
	if (v->kind == REVIEW_ITEM_SAMPLE)
		return;   /* a sample takes no note */
	int nx = x + lw + 5 * (bs + gap) + 2 * u;
	const char *note = v->note_open ? _("Close note (Esc)")
	                 : v->note ? _("Edit note (N)") : _("Add a note (N)");
	int nw = button_width(L, note, 20 * u, x + w - nx);
	button(L, "note", note, box(nx, y, nw, bs), v->note_open);
}

/* One line under the score: automatic, calibration, others' scores, a failed write. */
static void score_info(layout *L, const review_screen *s, int x, int w, int y)
{
	const review_view *v = s->v;
	int sh = line_h(L, FONT_SMALL);
	const char *msg = NULL;
	ui_color c = C_MUTED;
	if (v->failed) {
		msg = _("The review store refused the last change: it is not saved.");
		c = C_ALERT;
	} else if (v->kind == REVIEW_ITEM_SAMPLE && v->reference_shown) {
		int d = v->score - v->reference;
		const char *diff = d > 0 ? fmt(L, "+%s", num(L, d)) : num(L, d);
		/* TRANSLATORS: calibration: the reviewer's score, the reference score, and their difference (e.g. +1). */
		msg = fmt(L, _("Your score %1$s · Reference score %2$s · Difference %3$s"),
		          num(L, v->score), num(L, v->reference), diff);
		c = d == 0 ? C_PRIMARY : C_INK;
	} else if (v->automatic && v->score == 1) {
		msg = _("Scored 1 automatically: no answer. You can change it.");
	} else if (v->others_hidden) {
		msg = _("Other reviewers' scores stay hidden until you have scored every answer of this candidate.");
	} else if (v->others_count > 0) {
		const char *list = "";
		for (int i = 0; i < v->others_count; i++)
			/* TRANSLATORS: another reviewer's score: %1$s is the reviewer, %2$s the score. */
			list = fmt(L, "%s%s%s", list, i ? sep() : "",
			           fmt(L, _("%1$s: %2$s"), v->others[i].reviewer, num(L, v->others[i].score)));
		/* TRANSLATORS: %s is a list such as "maria: 4 · li: 3". */
		msg = fmt(L, _("Other reviewers: %s"), list);
	} else if (v->note && !v->note_open) {
		/* TRANSLATORS: the reviewer's saved note on this answer, shown on one line. */
		msg = fmt(L, _("Note: %s"), v->note);
	}
	if (!msg)
		return;
	/* One line: a long note is cut at a line break the wrapper chose. */
	wrap_line line[2];
	int n = wrap_text(L->m, FONT_SMALL, L->lang, msg, (int)strlen(msg), w, line, 2);
	int len = n > 0 ? line[0].end - line[0].start : 0;
	text_in(L, FONT_SMALL, c, box(x, y, w, sh), ALIGN_START, L->lang, msg, len);
}

typedef struct {
	const char *heading;
	const char *body;
	ui_color ink;
} section;

static int panel_sections(const review_screen *s, layout *L, section *out)
{
	const review_view *v = s->v;
	int n = 0;
	if (s->look_for)
		out[n++] = (section){ _("Look for"), s->look_for, C_INK };
	if (s->red_flag)
		out[n++] = (section){ _("Red flag"), s->red_flag, C_ALERT };
	static const int points[3] = { 1, 3, 5 };
	for (int i = 0; i < 3; i++)
		if (s->anchor[i])
			/* TRANSLATORS: the heading before one of the rubric's anchors: what an answer scoring %s looks like. */
			out[n++] = (section){ fmt(L, _("Score %s"), num(L, points[i])), s->anchor[i],
			                      v->score == points[i] ? C_PRIMARY : C_INK };
	return n;
}

typedef struct {
	int n;
	const char *para[8];
	ui_color ink[8];
} rubric;

/* Each part led by its heading on the same line: room for all of it at 720p. */
static void rubric_of(layout *L, const review_screen *s, rubric *out)
{
	section sec[8];
	out->n = panel_sections(s, L, sec);
	for (int i = 0; i < out->n; i++) {
		/* TRANSLATORS: a rubric heading and its text on one line, e.g. "Red flag: vague answers". */
		out->para[i] = fmt(L, _("%1$s: %2$s"), sec[i].heading, sec[i].body);
		out->ink[i] = sec[i].ink;
	}
}

static ui_rect panel_inner(const layout *L, ui_rect r)
{
	return box(r.x + 2 * L->u, r.y + 2 * L->u, r.w - 4 * L->u, r.h - 4 * L->u);
}

/* The largest type in which the whole rubric fits r, or -1. */
static int rubric_font(layout *L, const rubric *rb, ui_rect r)
{
	ui_rect in = panel_inner(L, r);
	static const ui_font fonts[] = { FONT_BODY, FONT_SMALL };
	for (int f = 0; f < 2; f++) {
		int h = 0;
		for (int i = 0; i < rb->n; i++)
			h += block(L, fonts[f], rb->ink[i], box(in.x, 0, in.w, 0), L->lang, rb->para[i],
			           false) + L->u;
		if (h <= in.h)
			return fonts[f];
	}
	return -1;
}

/* The rubric in the reviewer's language. */
static void panel(layout *L, const review_screen *s, const rubric *rb, ui_rect r)
{
	int u = L->u;
	fill(L, r, C_BOX);
	outline(L, r, C_BORDER);
	ui_rect in = panel_inner(L, r);
	if (s->pack_missing || rb->n == 0) {
		block(L, FONT_BODY, C_ALERT, in, L->lang,
		      _("The question pack of this session is not in the bundles: no rubric to show."), true);
		return;
	}
	int f = rubric_font(L, rb, r);
	ui_font font = f < 0 ? FONT_SMALL : (ui_font)f;
	int y = in.y;
	for (int i = 0; i < rb->n && y < in.y + in.h; i++)
		y += block(L, font, rb->ink[i], box(in.x, y, in.w, in.y + in.h - y), L->lang,
		           rb->para[i], true) + u;
}

/* A button whose label is set in a given font, so a row of them reads alike. */
static void button_in(layout *L, const char *id, const char *label, ui_rect r, bool primary,
                      ui_font font)
{
	ui_color bg = primary ? C_PRIMARY : C_BOX, ink = primary ? C_ON_PRIMARY : C_PRIMARY;
	fill(L, r, bg);
	if (!primary)
		outline(L, r, ink);
	int lh = line_h(L, font);
	text_in(L, font, ink, box(r.x + L->u, r.y + (r.h - lh) / 2, r.w - 2 * L->u, lh), ALIGN_CENTER,
	        L->lang, label, (int)strlen(label));
	control(L, id, r);
}

static void bottom_row(layout *L, const review_view *v, int x, int w, int y, int h)
{
	int u = L->u, gap = 2 * u;
	bool by_q = v->order == REVIEW_BY_QUESTION;
	const char *labels[5] = {
		by_q ? _("Previous question") : _("Previous candidate"),
		_("Previous answer"),
		by_q ? _("Order: by question") : _("Order: by candidate"),
		_("Next answer"),
		by_q ? _("Next question") : _("Next candidate"),
	};
	static const char *ids[5] = { "prev-group", "prev", "order", "next", "next-group" };
	int bw = (w - 4 * gap) / 5;
	ui_font font = FONT_LARGE;
	for (int i = 0; i < 5; i++) {
		ui_font f = label_font(L, labels[i], bw - 2 * u);
		if (f < font)
			font = f;
	}
	for (int i = 0; i < 5; i++)
		button_in(L, ids[i], labels[i], box(x + i * (bw + gap), y, bw, h), i == 3, font);
}

static int banner(layout *L, const review_screen *s)
{
	const char *msg = NULL;
	if (s->message)
		msg = s->message;
	else if (s->catalog_missing)
		msg = _("The translations for this language could not be loaded: English is shown instead.");
	else if (s->pack_fell_back)
		msg = _("The question pack has no translation in your language: its texts are shown in English.");
	if (!msg)
		return 0;
	int lh = line_h(L, FONT_BODY), h = max_i(6 * L->u, lh + 2 * L->u);
	fill(L, box(0, 0, L->W, h), C_ALERT);
	text_in(L, FONT_BODY, C_ON_PRIMARY, box(2 * L->u, (h - lh) / 2, L->W - 4 * L->u, lh),
	        ALIGN_CENTER, L->lang, msg, (int)strlen(msg));
	return h;
}

static void empty_screen(layout *L, int top)
{
	int u = L->u;
	block(L, FONT_LARGE, C_INK, box(10 * u, top + 30 * u, L->W - 20 * u, 30 * u), L->lang,
	      _("There are no answers to review. Open the export bundles: prescreen review BUNDLE..."),
	      true);
}

int review_ui_build(const review_screen *s, const ui_measure *m, int width, int height,
                    ui_frame *out)
{
	layout L = { out, m, NULL, width, height, height / 100 > 0 ? height / 100 : 1, s->lang,
	             lang_rtl(s->lang), 0 };
	const review_view *v = s->v;
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
	fill(&L, box(0, 0, width, height), C_BG);
	int u = L.u, top = banner(&L, s);
	L.top = top;
	if (v->kind == REVIEW_ITEM_NONE && v->total == 0 && v->sample_count == 0) {
		empty_screen(&L, top);
		return 0;
	}
	int x = 3 * u, w = width - 6 * u, gap = 2 * u;
	int y = top + 2 * u;
	header(&L, s, x, w, y);
	y += line_h(&L, FONT_LARGE) + line_h(&L, FONT_SMALL) + u;
	progress(&L, v, x, w, y);
	y += line_h(&L, FONT_SMALL) + 3 * u;

	int sh = line_h(&L, FONT_SMALL), bottom_h = max_i(7 * u, TOUCH_MIN);
	int bottom_y = height - 2 * u - bottom_h;
	int score_h = max_i(7 * u, TOUCH_MIN);
	int info_y = bottom_y - 2 * u - sh;
	int score_y = info_y - u - score_h;
	/* The answer's column as wide as the whole rubric beside it allows. */
	rubric rb;
	rubric_of(&L, s, &rb);
	static const int shares[] = { 56, 50, 45, 40 };
	int lw = 0, pw = 0, px = 0;
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		lw = w * shares[i] / 100;
		pw = w - lw - gap;
		px = x + lw + gap;
		if (rubric_font(&L, &rb, box(px, y, pw, bottom_y - 2 * u - y)) >= 0)
			break;
	}
	panel(&L, s, &rb, box(px, y, pw, bottom_y - 2 * u - y));

	/* The question in the reviewer's language, then the answer in the candidate's. */
	const char *alang = v->answer_lang && v->answer_lang[0] ? v->answer_lang : L.lang;
	const char *atext = v->answer_text;
	if (v->kind == REVIEW_ITEM_SAMPLE && s->sample_answer) {
		alang = L.lang;
		atext = s->sample_answer;
	}
	const char *question = s->question ? s->question
	                     : v->answer && v->answer->question_text ? v->answer->question_text : NULL;
	if (question) {
		/* Never cut: a long question (German at 720p) is set smaller rather than lost. */
		const char *qlang = s->question ? L.lang : alang;
		ui_font qf = FONT_BODY;
		if (block(&L, qf, C_INK, box(x, y, lw, 0), qlang, question, false) > 3 * line_h(&L, qf))
			qf = FONT_SMALL;
		y += block(&L, qf, C_INK, box(x, y, lw, 0), qlang, question, true) + u;
	}
	int timing_h = v->answer ? 3 * sh + u : 0;
	int area_bottom = score_y - 2 * u - timing_h - sh;
	int most = 0;
	if (v->note_open) {
		/* The note below the answer, in the reviewer's language. */
		int half = (area_bottom - y) / 2;
		most = answer_area(&L, s, box(x, y, lw, half - u), atext, alang);
		const char *hint = _("Note: Esc or Ctrl+Enter closes it; it is saved as you type.");
		text_in(&L, FONT_SMALL, C_MUTED, box(x, y + half, lw, sh), ALIGN_START, L.lang, hint,
		        (int)strlen(hint));
		answer_box(&L, v->note_buf, box(x, y + half + sh, lw, area_bottom + sh - y - half - sh));
	} else if (v->kind == REVIEW_ITEM_SAMPLE && v->reference_shown && s->why) {
		/* Calibration: the reference's reasons under the sample, in the reviewer's language. */
		int half = (area_bottom + sh - y) / 2;
		most = answer_area(&L, s, box(x, y, lw, half - u), atext, alang);
		/* TRANSLATORS: calibration: why the pack's authors gave the sample its reference score. */
		const char *why = fmt(&L, _("%1$s: %2$s"), _("Why the reference score"), s->why);
		block(&L, FONT_SMALL, C_INK, box(x, y + half, lw, area_bottom + sh - y - half), L.lang,
		      why, true);
	} else {
		most = answer_area(&L, s, box(x, y, lw, area_bottom - y), atext, alang);
	}
	if (v->answer)
		timings(&L, v->answer, v->time_percent, x, lw, area_bottom + sh + u);
	scoring(&L, s, x, lw, score_y, score_h);
	score_info(&L, s, x, lw, info_y);
	bottom_row(&L, v, x, w, bottom_y, bottom_h);
	return most;
}
