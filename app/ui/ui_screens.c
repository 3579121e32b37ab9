/*
 * ui_screens.c — every screen of the candidate's flow and what is drawn over
 * them (dialogs, the idle prompt, the staff banner), laid out in units of a
 * hundredth of the height so 720p and 1080p look alike, mirrored for
 * right-to-left languages by place().
 */
#include <stdio.h>
#include <string.h>

#include "consent.h"
#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "ui_layout.h"
#include "wrap.h"

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

/* The smallest height a finger can hit reliably. */
#define TOUCH_MIN 48

/* Where a screen's content may start: below a staff banner. */
static int content_top(const layout *L, int wanted)
{
	return max_i(wanted, L->top + 2 * L->u);
}

void screen_attract(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u;
	/* First, so that every language button above it takes the tap. */
	control(L, "start", box(0, 0, L->W, L->H));
	if (v->title)
		paragraph(L, FONT_TITLE, C_INK, box(8 * u, content_top(L, 14 * u), L->W - 16 * u, 30 * u),
		          ALIGN_CENTER, v->title);
	/*
	 * Each language in its own script, three to a row, below the middle of
	 * the screen: a tap in the middle always starts.
	 */
	int gap = 2 * u, cols = 3;
	int bw = (L->W - 16 * u - (cols - 1) * gap) / cols, bh = max_i(8 * u, TOUCH_MIN);
	for (int i = 0; i < v->language_count; i++) {
		const lang_info *li = lang_find(v->languages[i]);
		if (!li)
			continue;
		ui_rect r = box(8 * u + (i % cols) * (bw + gap), 56 * u + (i / cols) * (bh + u), bw, bh);
		fill(L, r, C_BOX);
		outline(L, r, C_PRIMARY);
		int lh = line_h(L, FONT_LARGE);
		text_in(L, FONT_LARGE, C_PRIMARY, box(r.x, r.y + (bh - lh) / 2, r.w, lh), ALIGN_CENTER,
		        li->code, li->native, (int)strlen(li->native));
		control(L, fmt(L, "lang:%s", li->code), r);
	}
	const char *hint = _("Touch the screen or press any key to start");
	paragraph(L, FONT_BODY, C_MUTED, box(8 * u, 85 * u, L->W - 16 * u, 8 * u), ALIGN_CENTER,
	          hint);
	if (v->staff_hint) {
		/* TRANSLATORS: small print in a corner of the start screen, for staff setting up the kiosk. */
		const char *staff = _("Staff: press Ctrl+Alt+A for admin mode (no admin PIN is set yet).");
		int lh = line_h(L, FONT_SMALL);
		text_in(L, FONT_SMALL, C_MUTED, box(2 * u, L->H - lh - u / 2, L->W - 4 * u, lh),
		        ALIGN_END, L->lang, staff, (int)strlen(staff));
	}
}

void screen_language(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u;
	int y = content_top(L, 8 * u);
	paragraph(L, FONT_TITLE, C_INK, box(8 * u, y, L->W - 16 * u, 10 * u), ALIGN_CENTER,
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
	const char *back = _("Back");
	button(L, "back", back, box(8 * u, 86 * u, button_width(L, back, 30 * u, 60 * u), 9 * u),
	       false);
}

/*
 * Paragraphs flowed line by line through ncols columns of area; false when
 * they do not fit. Draws only when draw is set, so a layout can be tried.
 */
static bool flow_columns(layout *L, ui_font font, int ncols, const char *const *parts, int n,
                         ui_rect area, bool draw)
{
	int gap = 4 * L->u, lh = line_h(L, font), pgap = lh / 2;
	int colw = (area.w - (ncols - 1) * gap) / ncols, col = 0, cy = 0;
	wrap_line lines[64];
	for (int p = 0; p < n; p++) {
		int nl = wrap_text(L->m, font, L->lang, parts[p], (int)strlen(parts[p]), colw, lines, 64);
		if (nl > 64)
			return false;
		/* A paragraph that fits a column is never parted between two. */
		int need = (cy > 0 ? pgap : 0) + nl * lh;
		if (cy > 0 && cy + need > area.h && nl * lh <= area.h) {
			if (++col >= ncols)
				return false;
			cy = 0;
		}
		for (int i = 0; i < nl; i++) {
			int before = i == 0 && cy > 0 ? pgap : 0;
			if (cy + before + lh > area.h) {
				if (++col >= ncols)
					return false;
				cy = before = 0;
			}
			cy += before;
			if (draw)
				text_in(L, font, C_INK, box(area.x + col * (colw + gap), area.y + cy, colw, lh),
				        ALIGN_START, L->lang, parts[p] + lines[i].start,
				        lines[i].end - lines[i].start);
			cy += lh;
		}
	}
	return true;
}

void screen_consent(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 8 * u, w = L->W - 16 * u;
	int y = content_top(L, 6 * u);
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_START,
	               _("Before we begin")) + 2 * u;
	/* The notice whose version the flow records, from the same parts. */
	static consent_notice notice;
	consent_fill(L->lang, v->organisation ? v->organisation : "", v->contact ? v->contact : "",
	             v->retention_days, &notice);
	const char *parts[CONSENT_PARAGRAPHS + 1];
	for (int i = 0; i < CONSENT_PARAGRAPHS; i++)
		parts[i] = fmt(L, "%s", notice.paragraph[i]);
	parts[CONSENT_PARAGRAPHS] = _("Do you agree to continue?");
	int n = (int)(sizeof parts / sizeof parts[0]);
	int buttons_y = 86 * u;
	ui_rect area = box(x, y, w, buttons_y - 2 * u - y);
	/*
	 * The largest type that fits; a second column before smaller type, and
	 * small type never in one line as wide as the screen (hard to follow).
	 */
	static const struct { ui_font font; int cols; } tries[] = {
		{ FONT_BODY, 1 }, { FONT_BODY, 2 }, { FONT_SMALL, 2 }, { FONT_SMALL, 3 },
	};
	int t = 0, ntries = (int)(sizeof tries / sizeof tries[0]);
	while (t + 1 < ntries && !flow_columns(L, tries[t].font, tries[t].cols, parts, n, area, false))
		t++;
	flow_columns(L, tries[t].font, tries[t].cols, parts, n, area, true);
	const char *no = _("No, thank you"), *yes = _("I agree");
	int bw = max_i(button_width(L, no, 40 * u, w / 2 - 2 * u), button_width(L, yes, 40 * u, w / 2 - 2 * u));
	button(L, "decline", no, box(x, buttons_y, bw, 10 * u), false);
	button(L, "agree", yes, box(L->W - x - bw, buttons_y, bw, 10 * u), true);
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

void screen_identity(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 8 * u, w = L->W - 16 * u;
	int y = content_top(L, 6 * u);
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_START, _("About you")) + 2 * u;
	/* More than three fields go in two columns so every box stays large enough to tap. */
	int cols = v->field_count > 3 ? 2 : 1, gap = 4 * u;
	int rows = (v->field_count + cols - 1) / cols;
	int colw = (w - (cols - 1) * gap) / cols;
	int lh = line_h(L, FONT_BODY), bottom = 84 * u;
	int block = (bottom - y) / (rows ? rows : 1);
	/* Each row: label, box, and a line under the box for its error. */
	int box_h = block - 2 * lh - u;
	if (box_h > 10 * u)
		box_h = 10 * u;
	if (box_h < TOUCH_MIN)
		box_h = TOUCH_MIN;
	block = lh + box_h + lh + u;
	for (int i = 0; i < v->field_count; i++) {
		int fx = x + (i % cols) * (colw + gap), fy = y + (i / cols) * block;
		const char *key = v->field_keys[i], *label = field_label(key);
		text_in(L, FONT_BODY, C_MUTED, box(fx, fy, colw, lh), ALIGN_START, L->lang, label,
		        (int)strlen(label));
		bool error = v->notice == NOTICE_NAME_REQUIRED && strcmp(key, "name") == 0;
		ui_rect r = box(fx, fy + lh, colw, box_h);
		field(L, key, v->fields[i], i == v->focus, error, r);
		if (error) {
			const char *msg = _("Please enter your name to continue.");
			text_in(L, FONT_BODY, C_ALERT, box(fx, r.y + r.h + u / 2, colw, lh), ALIGN_START,
			        L->lang, msg, (int)strlen(msg));
		}
	}
	const char *next = _("Continue");
	int bw = button_width(L, next, 40 * u, w / 2);
	button(L, "next", next, box(L->W - x - bw, 86 * u, bw, 10 * u), true);
}

/* Chinese and Japanese count characters; a word count means nothing there. */
static bool counts_words(const char *lang)
{
	return strcmp(lang, "zh_CN") != 0 && strcmp(lang, "ja") != 0;
}

/* The answer box, its counts and the bottom row, from y down; next is its label. */
static void answer_area(layout *L, int x, int y, int w, const char *next, int next_max_w)
{
	const flow_view *v = L->v;
	int u = L->u;
	int small = line_h(L, FONT_SMALL), buttons_y = 86 * u;
	int counter_y = buttons_y - u - small;
	answer_box(L, v->answer, box(x, y, w, max_i(counter_y - u - y, line_h(L, FONT_BODY) + 4 * u)));

	char count[32], limit[32], words[32];
	numfmt_int(L->lang, v->answer->clusters, count, sizeof count);
	numfmt_int(L->lang, v->answer_limit, limit, sizeof limit);
	numfmt_int(L->lang, v->answer_words, words, sizeof words);
	bool full = v->answer_limit > 0 && v->answer->clusters >= v->answer_limit;
	const char *counter;
	if (full)
		counter = fmt(L, _("%1$s / %2$s characters: you have reached the maximum length"), count,
		              limit);
	else if (counts_words(L->lang))
		/* TRANSLATORS: under the answer box: %1$s characters typed of at most %2$s, %3$s words. */
		counter = fmt(L, ngettext("%1$s / %2$s characters, %3$s word",
		                          "%1$s / %2$s characters, %3$s words",
		                          (unsigned long)v->answer_words), count, limit, words);
	else
		/* TRANSLATORS: under the answer box, for languages without a word count: %1$s characters typed of at most %2$s. */
		counter = fmt(L, _("%1$s / %2$s characters"), count, limit);
	text_in(L, FONT_SMALL, full ? C_ALERT : C_MUTED, box(x, counter_y, w, small), ALIGN_START,
	        L->lang, counter, (int)strlen(counter));

	/* Stop at the start edge, Next at the end: far apart, so no slip hits the other. */
	const char *erase = _("Stop and delete my answers");
	int nw = button_width(L, next, 40 * u, next_max_w);
	int ew = button_width(L, erase, 30 * u, w - nw - 10 * u);
	button(L, "erase", erase, box(x, buttons_y, ew, 10 * u), false);
	ui_rect nr = box(L->W - x - nw, buttons_y, nw, 10 * u);
	if (v->saving)
		button_disabled(L, "next", next, nr);
	else
		button(L, "next", next, nr, true);
}

void screen_question(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 5 * u, w = L->W - 10 * u;
	char num[32], total[32];
	numfmt_int(L->lang, v->question_index + 1, num, sizeof num);
	numfmt_int(L->lang, v->question_count, total, sizeof total);
	/* TRANSLATORS: "Question 3 of 8": %1$s is this question's number, %2$s how many there are. */
	const char *progress = fmt(L, _("Question %1$s of %2$s"), num, total);
	int lh = line_h(L, FONT_BODY), top = L->top ? L->top + 2 * u : 3 * u;
	text_in(L, FONT_BODY, C_MUTED, box(x, top, w / 2, lh), ALIGN_START, L->lang, progress,
	        (int)strlen(progress));
	if (v->remaining_s >= 0) {
		char clock[32];
		numfmt_clock(L->lang, v->remaining_s, clock, sizeof clock);
		/* TRANSLATORS: the countdown for this answer; %s is minutes:seconds, e.g. 3:59. */
		const char *left = fmt(L, _("Time left: %s"), clock);
		text_in(L, FONT_BODY, v->warning ? C_ALERT : C_MUTED, box(x + w / 2, top, w / 2, lh),
		        ALIGN_END, L->lang, left, (int)strlen(left));
	}
	ui_rect track = box(x, top + lh + u, w, u);
	fill(L, track, C_TRACK);
	fill(L, box(x, track.y, w * (v->question_index + 1) / (v->question_count ? v->question_count : 1),
	            u), C_PRIMARY);
	int y = track.y + 3 * u;
	y += paragraph(L, FONT_LARGE, C_INK, box(x, y, w, 20 * u), ALIGN_START, v->question_text)
	     + 2 * u;
	bool last = v->question_index + 1 >= v->question_count;
	answer_area(L, x, y, w, last ? _("Finish") : _("Next"), w / 3);
}

/*
 * The question screen's shape, so the real ones look familiar, under a band
 * that says plainly nothing is kept; no progress, no countdown.
 */
void screen_practice(layout *L)
{
	int u = L->u, x = 5 * u, w = L->W - 10 * u, pad = 2 * u;
	int top = L->top ? L->top + 2 * u : 3 * u;
	/* TRANSLATORS: a band above the warm-up question that comes before the interview's questions. */
	const char *title = _("Practice question — your answer is not recorded");
	const char *note = _("There is no time limit. What you type here is erased when you go on.");
	wrap_line lines[64];
	int tl = wrap_text(L->m, FONT_BODY, L->lang, title, (int)strlen(title), w - 2 * pad, lines, 64);
	int nl = wrap_text(L->m, FONT_SMALL, L->lang, note, (int)strlen(note), w - 2 * pad, lines, 64);
	int bh = pad + tl * line_h(L, FONT_BODY) + u + nl * line_h(L, FONT_SMALL) + pad;
	ui_rect band = box(x, top, w, bh);
	fill(L, band, C_SEGMENT);
	outline(L, band, C_PRIMARY);
	int y = top + pad;
	y += paragraph(L, FONT_BODY, C_INK, box(x + pad, y, w - 2 * pad, 0), ALIGN_START, title) + u;
	paragraph(L, FONT_SMALL, C_INK, box(x + pad, y, w - 2 * pad, 0), ALIGN_START, note);
	y = top + bh + 3 * u;
	y += paragraph(L, FONT_LARGE, C_INK, box(x, y, w, 20 * u), ALIGN_START,
	               /* TRANSLATORS: the warm-up question; neutral on purpose, nothing typed is kept. */
	               _("To get used to the keyboard: which season of the year do you like best, and why?"))
	     + 2 * u;
	answer_area(L, x, y, w, _("Start the real questions"), w / 2);
}

/*
 * The receipt code in a card of its own: in Latin letters and digits and
 * drawn as a left-to-right line by itself in every language, so no script's
 * digits or bidi order change what the candidate copies down.
 */
static int receipt_card(layout *L, const flow_view *v, int x, int y, int w)
{
	int u = L->u, pad = 2 * u, iw = w - 2 * pad, lh = line_h(L, FONT_TITLE);
	/* TRANSLATORS: on the last screen, above a short code such as "ACDE-FG34". */
	const char *label = _("Your receipt code");
	const char *how = v->contact && v->contact[0]
		/* TRANSLATORS: on the last screen, under the receipt code; %s is the
		   event's contact (an e-mail address). */
		? fmt(L, _("To have your answers deleted, give this code to the staff or write to %s."),
		      v->contact)
		: _("To have your answers deleted, give this code to the staff.");
	wrap_line lines[64];
	int ll = wrap_text(L->m, FONT_BODY, L->lang, label, (int)strlen(label), iw, lines, 64);
	int hl = wrap_text(L->m, FONT_BODY, L->lang, how, (int)strlen(how), iw, lines, 64);
	int h = pad + ll * line_h(L, FONT_BODY) + lh + u + hl * line_h(L, FONT_BODY) + pad;
	ui_rect card = box(x, y, w, h);
	fill(L, card, C_BOX);
	outline(L, card, C_PRIMARY);
	y += pad;
	y += paragraph(L, FONT_BODY, C_MUTED, box(x + pad, y, iw, 0), ALIGN_CENTER, label);
	text_in(L, FONT_TITLE, C_INK, box(x + pad, y, iw, lh), ALIGN_CENTER, "en", v->receipt,
	        (int)strlen(v->receipt));
	y += lh + u;
	paragraph(L, FONT_BODY, C_INK, box(x + pad, y, iw, 0), ALIGN_CENTER, how);
	return h;
}

void screen_done(layout *L)
{
	const flow_view *v = L->v;
	int u = L->u, x = 10 * u, w = L->W - 20 * u;
	int y = content_top(L, 10 * u);
	y += paragraph(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_CENTER, _("Thank you!")) + 3 * u;
	y += paragraph(L, FONT_BODY, C_INK, box(x, y, w, 30 * u), ALIGN_CENTER,
	               _("Your answers have been saved. The hiring team will review them; if you left "
	                 "contact details, they may contact you about the next steps.")) + 3 * u;
	int cw = L->W * 8 / 10;
	y += receipt_card(L, v, (L->W - cw) / 2, y, cw) + 3 * u;
	char secs[32];
	numfmt_int(L->lang, v->done_remaining_s, secs, sizeof secs);
	/* TRANSLATORS: on the last screen; %s is a number of seconds, already formatted. */
	const char *back = ngettext("This screen returns to the start in %s second.",
	                            "This screen returns to the start in %s seconds.",
	                            (unsigned long)v->done_remaining_s);
	y += paragraph(L, FONT_BODY, C_MUTED, box(x, y, w, 10 * u), ALIGN_CENTER, fmt(L, back, secs));
	const char *label = _("Done");
	int bw = button_width(L, label, 40 * u, w);
	button(L, "finish", label, box((L->W - bw) / 2, max_i(80 * u, y + 3 * u), bw, 10 * u), true);
}

/* Nothing under an overlay can be tapped, typed into or have its caret moved. */
static void take_input(layout *L)
{
	ui_frame *f = L->f;
	f->ncontrols = 0;
	f->ntaplines = 0;
	f->text_input = false;
	f->answer_text = NULL;
	f->caret_line_start = f->caret_line_end = -1;
	f->line_above[0] = f->line_below[0] = -1;
}

/* A card of a title, a text and two buttons: confirm at the start, cancel at the end. */
static void card(layout *L, const char *title, const char *body, const char *confirm_id,
                 const char *confirm, const char *cancel_id, const char *cancel, int y_top)
{
	int u = L->u, cw = L->W * 7 / 10, pad = 4 * u;
	int cx = (L->W - cw) / 2, iw = cw - 2 * pad;
	wrap_line lines[64];
	int tl = wrap_text(L->m, FONT_TITLE, L->lang, title, (int)strlen(title), iw, lines, 64);
	int bl = wrap_text(L->m, FONT_BODY, L->lang, body, (int)strlen(body), iw, lines, 64);
	int bh = 10 * u;
	int h = pad + tl * line_h(L, FONT_TITLE) + 2 * u + bl * line_h(L, FONT_BODY) + 3 * u + bh + pad;
	ui_rect c = box(cx, y_top, cw, h);
	fill(L, c, C_BOX);
	int y = c.y + pad;
	y += paragraph(L, FONT_TITLE, C_INK, box(c.x + pad, y, iw, 0), ALIGN_CENTER, title) + 2 * u;
	y += paragraph(L, FONT_BODY, C_INK, box(c.x + pad, y, iw, 0), ALIGN_CENTER, body) + 3 * u;
	if (!confirm_id) {
		int w = button_width(L, cancel, 44 * u, iw);
		button(L, cancel_id, cancel, box(c.x + (c.w - w) / 2, y, w, bh), true);
		return;
	}
	int bw = (iw - 3 * u) / 2;
	button(L, confirm_id, confirm, box(c.x + pad, y, bw, bh), false);
	button(L, cancel_id, cancel, box(c.x + c.w - pad - bw, y, bw, bh), true);
}

/*
 * Over the question screen, ending above its bottom row: a second tap on
 * Next or on Stop lands on no button of the dialog it opened.
 */
void overlay_dialog(layout *L)
{
	take_input(L);
	fill(L, box(0, 0, L->W, L->H), C_SHADE);
	int y = content_top(L, 18 * L->u);
	if (L->v->dialog == DIALOG_SKIP)
		card(L, _("Skip this question?"),
		     _("You have not written an answer. A skipped question cannot be answered later."),
		     "skip-confirm", _("Skip question"), "skip-cancel", _("Keep answering"), y);
	else
		card(L, _("Stop and delete your answers?"),
		     _("Everything you have entered in this session will be erased now, and the kiosk "
		       "will start again."),
		     "erase-confirm", _("Delete my answers"), "erase-cancel", _("Continue the interview"), y);
}

/* Opaque: a passer-by must not read what the absent candidate wrote. */
void overlay_idle(layout *L)
{
	take_input(L);
	fill(L, box(0, 0, L->W, L->H), C_CURTAIN);
	char secs[32];
	numfmt_int(L->lang, L->v->idle_remaining_s, secs, sizeof secs);
	/* TRANSLATORS: %s is a number of seconds, already written in the language's digits. */
	const char *ends = ngettext("This session will end in %s second.",
	                            "This session will end in %s seconds.",
	                            (unsigned long)L->v->idle_remaining_s);
	card(L, _("Are you still there?"), fmt(L, ends, secs), NULL, NULL, "still-here",
	     _("I'm still here"), content_top(L, 26 * L->u));
}

int banner_height(const layout *L, bool catalog_missing)
{
	if (L->v->notice != NOTICE_SAVE_FAILED && !catalog_missing)
		return 0;
	return max_i(6 * L->u, line_h(L, FONT_BODY) + 2 * L->u);
}

/* Staff banners take their own band at the top; screens start below it. */
void overlay_banner(layout *L, bool catalog_missing)
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
	int h = L->top, lh = line_h(L, FONT_BODY);
	fill(L, box(0, 0, L->W, h), C_ALERT);
	text_in(L, FONT_BODY, C_ON_PRIMARY, box(2 * L->u, (h - lh) / 2, L->W - 4 * L->u, lh),
	        ALIGN_CENTER, L->lang, msg, (int)strlen(msg));
}
