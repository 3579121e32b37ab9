/*
 * ui_admin_screens.c — the admin screens behind the tabs: the event
 * editor (questions as a paged checklist with the seed's mix beside it,
 * steppers, toggles, Save with the reason it is held back), the packs found
 * on mounted media, the export with its progress bar and outcome (and
 * "export and erase" with its question first), and the confirmation before
 * leaving kiosk mode.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "ui_admin_layout.h"
#include "wrap.h"

#define TOUCH_MIN 48
#define SLOT_MIN_S (20 * 60)   /* the seed's slot for the answers */
#define SLOT_MAX_S (30 * 60)

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

static const char *type_name(const char *type)
{
	if (strcmp(type, "general") == 0)
		/* TRANSLATORS: a question's type, in the admin checklist. */
		return C_("question type", "background");
	if (strcmp(type, "experience") == 0)
		return C_("question type", "experience");
	if (strcmp(type, "behavioral") == 0)
		return C_("question type", "behavioral");
	if (strcmp(type, "situational") == 0)
		return C_("question type", "situational");
	if (strcmp(type, "motivation") == 0)
		return C_("question type", "motivation");
	return type;
}

static const char *minutes(layout *L, int seconds)
{
	char c[32];
	numfmt_clock(L->lang, seconds, c, sizeof c);
	return fmt(L, "%s", c);
}

/* What the selection lacks against the seed's mix, or that it is complete. */
static const char *mix_line(layout *L, const admin_view *v)
{
	const char *missing[3];
	int n = 0;
	if (v->mix.no_background)
		missing[n++] = _("a background question");
	if (v->mix.few_experience)
		missing[n++] = _("two questions about specific past experience");
	if (v->mix.no_situational)
		missing[n++] = _("a situational or motivation question");
	if (n == 0)
		return _("The mix is complete: background, past experience, situational or motivation.");
	const char *list = missing[0];
	for (int i = 1; i < n; i++)
		/* TRANSLATORS: joins the missing parts of the mix: "a, b". */
		list = fmt(L, _("%1$s, %2$s"), list, missing[i]);
	/* TRANSLATORS: %s lists what the selection of questions lacks. */
	return fmt(L, _("Missing from the mix: %s."), list);
}

/* Returns where the checklist ends. */
static int checklist(layout *L, const admin_view *v, int x, int w)
{
	int u = L->u, y = ADMIN_TOP(u);
	/* TRANSLATORS: %1$s questions chosen of the %2$s to %3$s an event needs. */
	const char *head = fmt(L, _("Questions: %1$s selected (%2$s to %3$s)"),
	                       admin_num(L, v->selected), admin_num(L, 6), admin_num(L, 8));
	int lh = line_h(L, FONT_SMALL);
	y += admin_fit(L, FONT_BODY, C_INK, box(x, y, w, line_h(L, FONT_BODY)), ALIGN_START, head) + u;
	bool short_mix = v->mix.no_background || v->mix.few_experience || v->mix.no_situational;
	y += admin_para(L, FONT_SMALL, short_mix ? C_ALERT : C_MUTED, box(x, y, w, 2 * lh),
	                ALIGN_START, mix_line(L, v)) + u;
	int rh = max_i(max_i(9 * u, 2 * lh + u), TOUCH_MIN);
	for (int i = 0; i < v->nquestions; i++) {
		const admin_question *q = &v->questions[i];
		ui_rect r = box(x, y + i * (rh + u / 2), w, rh);
		fill(L, r, q->selected ? C_SEGMENT : C_BOX);
		admin_tick_box(L, box(r.x + u, r.y, 5 * u, r.h), q->selected);
		int tx = r.x + 8 * u, tw = r.w - 9 * u;
		int top = r.y + (r.h - 2 * lh) / 2;
		admin_fit(L, FONT_SMALL, C_MUTED, box(tx, top, tw, lh), ALIGN_START,
		          fmt(L, "%s%s%s", q->id,
		          /* the same separator as the review screen's lists */
		          C_("list separator", " · "), type_name(q->type)));
		/* The question's first line; the whole text is in the pack. */
		wrap_line line[2];
		const char *t = q->text ? q->text : "";
		int n = wrap_text(L->m, FONT_SMALL, L->lang, t, (int)strlen(t), tw - 3 * u, line, 2);
		const char *shown = n > 1 ? fmt(L, "%.*s…", line[0].end - line[0].start, t + line[0].start)
		                          : t;
		text_in(L, FONT_SMALL, C_INK, box(tx, top + lh, tw, lh), ALIGN_START, L->lang, shown,
		        (int)strlen(shown));
		control(L, fmt(L, "q:%s", q->id), r);
	}
	y += ADMIN_PAGE_QUESTIONS * (rh + u / 2) + u;
	int bh = max_i(8 * u, TOUCH_MIN), bw = 22 * u;
	/* TRANSLATORS: the question checklist's previous and next page. */
	admin_button(L, "q-prev", C_("checklist page", "Previous"), box(x, y, bw, bh),
	             v->page > 0 ? AB_NORMAL : AB_DISABLED);
	admin_button(L, "q-next", C_("checklist page", "Next"), box(x + w - bw, y, bw, bh),
	             v->page + 1 < v->pages ? AB_NORMAL : AB_DISABLED);
	/* TRANSLATORS: the checklist's page, "Page 2 of 4". */
	admin_fit(L, FONT_SMALL, C_MUTED, box(x + bw + u, y, w - 2 * bw - 2 * u, bh), ALIGN_CENTER,
	          fmt(L, _("Page %1$s of %2$s"), admin_num(L, v->page + 1), admin_num(L, v->pages)));
	return y + bh + u;
}

static void stepper(layout *L, const char *id, const char *label, const char *value, int x,
                    int y, int w)
{
	int u = L->u, bh = max_i(7 * u, TOUCH_MIN), bw = max_i(8 * u, TOUCH_MIN), vw = 14 * u;
	int lw = w - 2 * bw - vw - 3 * u;
	admin_fit(L, FONT_BODY, C_INK, box(x, y, lw, bh), ALIGN_START, label);
	int bx = x + lw + u;
	admin_button(L, fmt(L, "%s-", id), "−", box(bx, y, bw, bh), AB_NORMAL);
	admin_fit(L, FONT_BODY, C_INK, box(bx + bw + u, y, vw, bh), ALIGN_CENTER, value);
	admin_button(L, fmt(L, "%s+", id), "+", box(bx + bw + vw + 2 * u, y, bw, bh), AB_NORMAL);
}

static bool offered(const admin_view *v, const char *code)
{
	for (int i = 0; i < v->offered_count; i++)
		if (strcmp(v->offered[i], code) == 0)
			return true;
	return false;
}

static void settings(layout *L, const admin_view *v, int x, int w)
{
	int u = L->u, y = ADMIN_TOP(u), step = max_i(8 * u, TOUCH_MIN + u);
	stepper(L, "limit", _("Time limit per answer"),
	        v->time_limit_s ? minutes(L, v->time_limit_s) : C_("time limit", "none"), x, y, w);
	stepper(L, "idle", _("Idle time before the prompt"), minutes(L, v->idle_s), x, y + step, w);
	/* TRANSLATORS: the pass threshold, 0 to 100. */
	stepper(L, "threshold", _("Pass threshold"), admin_num(L, v->threshold), x, y + 2 * step, w);
	y += 3 * step;
	const char *total;
	bool outside = false;
	if (v->total_s == 0) {
		total = _("No time limit: the seed plans 20 to 30 minutes for the answers.");
	} else {
		outside = v->total_s < SLOT_MIN_S || v->total_s > SLOT_MAX_S;
		/* TRANSLATORS: %s is the answers' total time limit, e.g. "28:00" (minutes:seconds). */
		total = fmt(L, _("Answers take at most %s in all; the seed plans 20 to 30 minutes."),
		            minutes(L, v->total_s));
	}
	int sh = line_h(L, FONT_SMALL);
	y += admin_para(L, FONT_SMALL, outside ? C_ALERT : C_MUTED, box(x, y, w, 3 * sh), ALIGN_START,
	                total) + u;
	y += admin_fit(L, FONT_SMALL, C_INK, box(x, y, w, sh), ALIGN_START, _("Languages on offer"));
	int cols = 3, gap = u, bw = (w - 2 * gap) / cols, bh = max_i(6 * u, TOUCH_MIN);
	for (int i = 0; i < LANG_COUNT; i++) {
		const lang_info *li = &lang_all()[i];
		ui_rect r = box(x + (i % cols) * (bw + gap), y + (i / cols) * (bh + gap / 2), bw, bh);
		bool on = offered(v, li->code);
		fill(L, r, on ? C_PRIMARY : C_BOX);
		outline(L, r, C_PRIMARY);
		admin_fit_in(L, FONT_SMALL, on ? C_ON_PRIMARY : C_PRIMARY,
		             box(r.x + u, r.y + u / 2, bw - 2 * u, bh - u), ALIGN_CENTER, li->code,
		             li->native);
		control(L, fmt(L, "offer:%s", li->code), r);
	}
	y += 3 * (bh + gap / 2) + u;
	const char *tl[] = { _("Email"), _("Phone"), _("Practice question") };
	const char *ids[] = { "contact:email", "contact:phone", "practice" };
	bool on[] = { v->email, v->phone, v->practice };
	int tw = (w - 2 * gap) / 3, th = max_i(6 * u, TOUCH_MIN);
	for (int i = 0; i < 3; i++)
		admin_button(L, ids[i], tl[i], box(x + i * (tw + gap), y, tw, th),
		             on[i] ? AB_PRIMARY : AB_NORMAL);
	y += th + 2 * u;
	int bh2 = max_i(8 * u, TOUCH_MIN), half = (w - 2 * u) / 2;
	admin_button(L, "load-pack", _("Load pack…"), box(x, y, half, bh2), AB_NORMAL);
	admin_button(L, "save", v->saving ? _("Saving…") : _("Save"),
	             box(x + w - half, y, half, bh2),
	             v->save_block == ADMIN_SAVE_OK && !v->saving ? AB_PRIMARY : AB_DISABLED);
}

/* Below the checklist: why Save is held back, what it will do, or how it went. */
static void event_notice(layout *L, const admin_view *v, int x, int w, int y)
{
	const char *s = NULL;
	ui_color c = C_MUTED;
	if (v->refused == ADMIN_REFUSED_FULL) {
		s = _("An event has at most 8 questions: remove one first.");
		c = C_ALERT;
	} else if (v->refused == ADMIN_REFUSED_LAST_LANGUAGE) {
		s = _("At least one language stays on offer.");
		c = C_ALERT;
	} else if (v->event_done) {
		s = v->event_ok ? fmt(L, "%s %s", _("Done."), v->event_message) : v->event_message;
		c = v->event_ok ? C_INK : C_ALERT;
	} else if (v->save_block == ADMIN_SAVE_FEW) {
		s = _("Choose at least 6 questions to save.");
		c = C_ALERT;
	} else if (v->save_block == ADMIN_SAVE_MANY) {
		s = _("Choose at most 8 questions to save.");
		c = C_ALERT;
	} else if (v->new_event_id[0]) {
		/* TRANSLATORS: %s is the new event's id, e.g. "fair-2026-2". */
		s = fmt(L, _("Sessions were recorded with these questions: saving starts a new event, %s."),
		        v->new_event_id);
	}
	if (s)
		admin_para(L, FONT_SMALL, c, box(x, y, w, L->H - L->u / 2 - y), ALIGN_START, s);
}

void admin_screen_event(layout *L, const admin_view *v)
{
	int u = L->u, half = L->W / 2;
	int bottom = checklist(L, v, 3 * u, half - 5 * u);
	settings(L, v, half + 2 * u, half - 5 * u);
	event_notice(L, v, 3 * u, half - 5 * u, bottom);
}

/* Folders on mounted media, one tappable row each. */
static int place_rows(layout *L, const char *prefix, const admin_place *pl, int n, bool sizes,
                      int x, int y, int w, int bottom)
{
	int u = L->u, rh = max_i(8 * u, TOUCH_MIN);
	int shown = 0;
	for (int i = 0; i < n && y + rh <= bottom; i++, shown++, y += rh + u) {
		ui_rect r = box(x, y, w, rh);
		fill(L, r, C_BOX);
		outline(L, r, C_PRIMARY);
		const char *label = pl[i].label[0] ? pl[i].label : pl[i].path;
		if (sizes)
			/* TRANSLATORS: %s is the free space on a stick, e.g. "3.2 GB". */
			admin_row(L, box(r.x + 2 * u, r.y, r.w - 4 * u, r.h), fmt(L, "%s", label),
			          fmt(L, _("%s free"), admin_bytes(L, pl[i].free_bytes)), C_MUTED);
		else
			admin_fit(L, FONT_BODY, C_INK, box(r.x + 2 * u, r.y, r.w - 4 * u, r.h), ALIGN_START,
			          fmt(L, "%s", label));
		control(L, fmt(L, "%s%d", prefix, i), r);
	}
	return shown;
}

static const char *where_sticks(void)
{
	return _("No stick found. Sticks and folders are looked for under /media, /run/media and "
	         "the folders given with --media.");
}

void admin_screen_packs(layout *L, const admin_view *v)
{
	int u = L->u, x = 4 * u, w = L->W - 8 * u, y = ADMIN_TOP(u);
	admin_fit(L, FONT_LARGE, C_INK, box(x, y, w, 7 * u), ALIGN_START, _("Load a question pack"));
	y += 8 * u;
	int bh = max_i(8 * u, TOUCH_MIN), bottom = L->H - bh - 4 * u;
	if (v->installing)
		admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, 6 * u), ALIGN_START,
		          _("Checking and installing the pack…"));
	else if (v->scanning)
		admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, 6 * u), ALIGN_START, _("Looking for sticks…"));
	else if (v->npacks == 0)
		admin_para(L, FONT_BODY, C_INK, box(x, y, w, 24 * u), ALIGN_START, where_sticks());
	else {
		int lh = line_h(L, FONT_BODY);
		admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, lh), ALIGN_START,
		          _("Tap a pack to check and install it:"));
		place_rows(L, "pack:", v->packs, v->npacks, false, x, y + lh + u, w, bottom - 8 * u);
	}
	if (v->event_done && !v->event_ok)
		admin_fit(L, FONT_SMALL, C_ALERT, box(x, bottom - 7 * u, w, 6 * u), ALIGN_START,
		          v->event_message);
	abutton_kind k = v->installing ? AB_DISABLED : AB_NORMAL;
	int bw = 30 * u;
	admin_button(L, "back", _("Back"), box(x, bottom + u, bw, bh), k);
	admin_button(L, "rescan", _("Look again"), box(x + w - bw, bottom + u, bw, bh), k);
}

/* A stick: its name and free space, then Export and Export and erase. */
static void target_rows(layout *L, const admin_view *v, int x, int y, int w, int bottom)
{
	int u = L->u, rh = max_i(8 * u, TOUCH_MIN), bw = 34 * u;
	bool can_erase = v->status_ready && v->export_erase_count > 0;
	for (int i = 0; i < v->ntargets && y + rh <= bottom; i++, y += rh + u) {
		const admin_place *pl = &v->targets[i];
		ui_rect r = box(x, y, w - 2 * bw - 2 * u, rh);
		fill(L, r, C_BOX);
		outline(L, r, C_BORDER);
		admin_row(L, box(r.x + 2 * u, r.y, r.w - 4 * u, r.h),
		          fmt(L, "%s", pl->label[0] ? pl->label : pl->path),
		          fmt(L, _("%s free"), admin_bytes(L, pl->free_bytes)), C_MUTED);
		/* TRANSLATORS: exports to this stick and keeps the sessions on the kiosk. */
		admin_button(L, fmt(L, "target:%d", i), C_("export button", "Export"),
		             box(x + w - 2 * bw - u, y, bw, rh), AB_NORMAL);
		/* TRANSLATORS: exports to this stick, then erases the exported sessions from the kiosk. */
		admin_button(L, fmt(L, "export-erase:%d", i), _("Export and erase"),
		             box(x + w - bw, y, bw, rh), can_erase ? AB_NORMAL : AB_DISABLED);
	}
}

static void erase_question(layout *L, const admin_view *v, int x, int y, int w, int bottom)
{
	int u = L->u, n = v->export_erase_count;
	/* TRANSLATORS: %s is the number of sessions, e.g. "12". */
	const char *q = fmt(L, ngettext("Erase %s session from this kiosk after the export?",
	                                "Erase %s sessions from this kiosk after the export?", n),
	                    admin_num(L, n));
	y += admin_para(L, FONT_LARGE, C_INK, box(x, y, w, 16 * u), ALIGN_START, q) + 2 * u;
	/* TRANSLATORS: %s is the stick, as listed on the export screen. */
	const char *how = fmt(L, _("The sessions are exported to %s first. Only once the bundle on "
	                           "the stick has been read back and verified are exactly the sessions "
	                           "in it erased from this kiosk. If the export fails, nothing is "
	                           "erased."),
	                      v->export_target);
	admin_para(L, FONT_BODY, C_INK, box(x, y, w, 24 * u), ALIGN_START, how);
	int bh = max_i(8 * u, TOUCH_MIN), bw = 36 * u;
	admin_button(L, "export-erase-cancel", _("Cancel"), box(x, bottom + u, bw, bh), AB_NORMAL);
	admin_button(L, "export-erase-confirm", _("Export and erase"),
	             box(x + w - bw, bottom + u, bw, bh), AB_PRIMARY);
}

/* After a verified export: safe to remove, and with "export and erase" how many went. */
static void export_ok(layout *L, const admin_view *v, int x, int y, int w)
{
	int u = L->u;
	admin_para(L, FONT_LARGE, C_INK, box(x, y, w, 16 * u), ALIGN_START,
	           _("Verified. It is safe to remove the stick."));
	admin_fit(L, FONT_SMALL, C_MUTED, box(x, y + 17 * u, w, 5 * u), ALIGN_START,
	          v->export_message);
	if (v->erased < 0)
		return;
	const char *s;
	if (v->erased == v->exported)
		/* TRANSLATORS: %s is the number of sessions. */
		s = fmt(L, ngettext("%s session was exported and erased from this kiosk.",
		                    "%s sessions were exported and erased from this kiosk.", v->erased),
		        admin_num(L, v->erased));
	else
		/* TRANSLATORS: %1$s sessions in the bundle, %2$s of them erased from the kiosk. */
		s = fmt(L, _("Sessions exported: %1$s. Erased from this kiosk: %2$s."),
		        admin_num(L, v->exported), admin_num(L, v->erased));
	admin_para(L, FONT_BODY, v->erased == v->exported ? C_INK : C_ALERT,
	           box(x, y + 23 * u, w, 12 * u), ALIGN_START, s);
}

static void progress(layout *L, const admin_view *v, int x, int y, int w)
{
	int u = L->u;
	/* TRANSLATORS: %s is the stick being written to. */
	admin_fit(L, FONT_BODY, C_INK, box(x, y, w, 6 * u), ALIGN_START,
	          fmt(L, _("Exporting to %s…"), v->export_target));
	y += 8 * u;
	ui_rect track = box(x, y, w, 5 * u);
	fill(L, track, C_TRACK);
	long long total = v->export_total_bytes, done = v->export_done_bytes;
	if (total > 0) {
		long long part = done > total ? total : done;
		fill(L, box(x, y, (int)((long long)w * part / total), 5 * u), C_PRIMARY);
	}
	y += 7 * u;
	/* TRANSLATORS: bytes written so far of all, "12.3 MB of 40.1 MB". */
	admin_fit(L, FONT_SMALL, C_MUTED, box(x, y, w, 5 * u), ALIGN_START,
	          fmt(L, _("%1$s of %2$s"), admin_bytes(L, done), admin_bytes(L, total)));
}

void admin_screen_export(layout *L, const admin_view *v)
{
	int u = L->u, x = 4 * u, w = L->W - 8 * u, y = ADMIN_TOP(u);
	admin_fit(L, FONT_LARGE, C_INK, box(x, y, w, 7 * u), ALIGN_START, _("Export to a USB stick"));
	y += 9 * u;
	int bh = max_i(8 * u, TOUCH_MIN), bottom = L->H - bh - 4 * u, bw = 36 * u;
	switch (v->export_state) {
	case ADMIN_EXPORT_RUNNING:
		progress(L, v, x, y, w);
		break;
	case ADMIN_EXPORT_CONFIRM:
		erase_question(L, v, x, y, w, bottom);
		break;
	case ADMIN_EXPORT_FINISHED:
		if (v->export_ok) {
			export_ok(L, v, x, y, w);
		} else {
			admin_para(L, FONT_LARGE, C_ALERT, box(x, y, w, 8 * u), ALIGN_START,
			           _("The export failed. No complete bundle was written."));
			int h = admin_para(L, FONT_BODY, C_ALERT, box(x, y + 9 * u, w, 15 * u),
			                   ALIGN_START, v->export_message);
			if (v->export_erase)
				admin_para(L, FONT_BODY, C_INK, box(x, y + 10 * u + h, w, 8 * u), ALIGN_START,
				           _("Nothing was erased from this kiosk."));
		}
		admin_button(L, "export-again", _("Back to the sticks"), box(x, bottom + u, bw, bh),
		             AB_NORMAL);
		break;
	case ADMIN_EXPORT_CHOOSE:
		if (v->scanning)
			admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, 6 * u), ALIGN_START,
			          _("Looking for sticks…"));
		else if (v->ntargets == 0)
			admin_para(L, FONT_BODY, C_INK, box(x, y, w, 24 * u), ALIGN_START, where_sticks());
		else {
			admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, 5 * u), ALIGN_START,
			          _("Tap the stick to write the bundle to:"));
			target_rows(L, v, x, y + 6 * u, w, bottom);
		}
		admin_button(L, "rescan", _("Look again"), box(x + w - bw, bottom + u, bw, bh),
		             v->scanning ? AB_DISABLED : AB_NORMAL);
		break;
	}
}

void admin_screen_leave(layout *L, const admin_view *v)
{
	(void)v;
	int u = L->u, x = 20 * u, w = L->W - 40 * u, y = ADMIN_TOP(u) + 10 * u;
	admin_fit(L, FONT_TITLE, C_INK, box(x, y, w, 10 * u), ALIGN_CENTER, _("Leave kiosk mode?"));
	y += 12 * u;
	admin_para(L, FONT_BODY, C_INK, box(x, y, w, 24 * u), ALIGN_CENTER,
	           _("The kiosk closes and candidates cannot use it until it is started again. "
	             "Recorded sessions stay stored."));
	int bh = max_i(10 * u, TOUCH_MIN), bw = (w - 6 * u) / 2;
	y = 70 * u;
	admin_button(L, "leave-cancel", _("Cancel"), box(x, y, bw, bh), AB_NORMAL);
	admin_button(L, "leave-confirm", _("Leave kiosk mode"), box(x + w - bw, y, bw, bh),
	             AB_PRIMARY);
}
