/*
 * ui_admin_erase.c — the admin screen that erases one candidate's session
 * on request: the receipt code field, what the code found (when the
 * session started, its language and status: never a name or an answer),
 * the question before erasing, and the outcome.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "ui_admin_layout.h"

#define TOUCH_MIN 48

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

/* One session's status (the status screen's counts are plurals of their own). */
static const char *status_name(session_status st)
{
	switch (st) {
	/* TRANSLATORS: one session's status, on the erase screen. */
	case SESSION_COMPLETED: return C_("session status", "Completed");
	case SESSION_ABANDONED: return C_("session status", "Abandoned");
	case SESSION_INTERRUPTED: return C_("session status", "Interrupted");
	/* TRANSLATORS: a session's status: the candidate had not finished it. */
	case SESSION_IN_PROGRESS: return C_("session status", "In progress");
	}
	return "";
}

/* The session the code found, as rows; returns where they end. */
static int found_rows(layout *L, const admin_view *v, int x, int y, int w)
{
	int u = L->u, rh = 6 * u;
	const lang_info *li = lang_find(v->found.language);
	ui_rect r = box(x, y, w, 4 * rh + 2 * u);
	fill(L, r, C_BOX);
	outline(L, r, C_BORDER);
	int rx = x + 2 * u, rw = w - 4 * u;
	y += u;
	/* TRANSLATORS: the code the candidate was shown when they finished. */
	admin_row(L, box(rx, y, rw, rh), _("Receipt code"), fmt(L, "%s", v->erase_code), C_INK);
	/* TRANSLATORS: when the session started. */
	admin_row(L, box(rx, y + rh, rw, rh), C_("session", "Started"),
	          admin_when(L, v->found.started_at), C_INK);
	/* TRANSLATORS: the language the candidate chose. */
	admin_row(L, box(rx, y + 2 * rh, rw, rh), C_("session", "Language"),
	          li ? fmt(L, "%s", li->native) : fmt(L, "%s", v->found.language), C_INK);
	/* TRANSLATORS: a session's status (completed, abandoned ...). */
	admin_row(L, box(rx, y + 3 * rh, rw, rh), C_("session", "Status"),
	          status_name(v->found.status), C_INK);
	return r.y + r.h + 2 * u;
}

void admin_screen_erase(layout *L, const admin_view *v)
{
	int u = L->u, x = 4 * u, w = L->W - 8 * u, y = ADMIN_TOP(u);
	int bh = max_i(8 * u, TOUCH_MIN), bw = 36 * u, bottom = L->H - bh - 4 * u;
	admin_fit(L, FONT_LARGE, C_INK, box(x, y, w, 7 * u), ALIGN_START,
	          _("Erase a candidate's session"));
	y += 8 * u;
	if (v->erase_state == ADMIN_ERASE_DONE) {
		/* TRANSLATORS: %s is the receipt code, e.g. "ACDE-FGHJ". */
		admin_para(L, FONT_LARGE, C_INK, box(x, y, w, 16 * u), ALIGN_START,
		           fmt(L, _("The session with the receipt code %s was erased from this kiosk."),
		               v->erase_code));
		admin_button(L, "erase-again", _("Erase another session"), box(x, bottom + u, bw, bh),
		             AB_NORMAL);
		return;
	}
	int sh = line_h(L, FONT_SMALL);
	y += admin_para(L, FONT_BODY, C_MUTED, box(x, y, w, 3 * sh + 2 * u), ALIGN_START,
	                _("Type the receipt code the candidate was shown at the end of their "
	                  "session, such as ACDE-FGHJ. Capitals or not, spaces and dashes do not "
	                  "matter.")) + u;
	int fh = max_i(8 * u, TOUCH_MIN), fw = max_i(w / 2, 40 * u), findw = 24 * u;
	bool typing = v->erase_state != ADMIN_ERASE_FINDING && v->erase_state != ADMIN_ERASE_FOUND;
	field(L, "code", v->code, typing, v->erase_state == ADMIN_ERASE_BAD_CODE ||
	      v->erase_state == ADMIN_ERASE_UNKNOWN, box(x, y, fw, fh));
	/* TRANSLATORS: looks up the session with the typed receipt code. */
	admin_button(L, "erase-find", _("Find"), box(x + fw + 2 * u, y, findw, fh),
	             v->erase_state == ADMIN_ERASE_FINDING ? AB_DISABLED : AB_NORMAL);
	y += fh + 2 * u;
	const char *msg = NULL;
	ui_color mc = C_ALERT;
	switch (v->erase_state) {
	case ADMIN_ERASE_BAD_CODE:
		msg = _("That is not a receipt code: a code has eight letters and digits, such as "
		        "ACDE-FGHJ.");
		break;
	case ADMIN_ERASE_FINDING:
		msg = _("Looking for the session…");
		mc = C_MUTED;
		break;
	case ADMIN_ERASE_UNKNOWN:
		/* TRANSLATORS: %s is the receipt code as looked up, e.g. "ACDE-FGHJ". */
		msg = fmt(L, _("No session on this kiosk has the receipt code %s. Check the code; the "
		               "session may also have been erased already or recorded on another "
		               "kiosk."), v->erase_code);
		break;
	case ADMIN_ERASE_FAILED:
		/* TRANSLATORS: %s is the problem, in English. */
		msg = fmt(L, _("The session could not be looked up or erased: %s"), v->erase_message);
		break;
	default:
		break;
	}
	if (msg)
		admin_para(L, FONT_BODY, mc, box(x, y, w, bottom - y), ALIGN_START, msg);
	if (v->erase_state != ADMIN_ERASE_FOUND)
		return;
	y = found_rows(L, v, x, y, w);
	admin_para(L, FONT_BODY, C_ALERT, box(x, y, w, bottom - y), ALIGN_START,
	           _("Erase this session from the kiosk? Its answers cannot be recovered. A bundle "
	             "already exported to a stick keeps its copy."));
	admin_button(L, "erase-cancel", _("Cancel"), box(x, bottom + u, bw, bh), AB_NORMAL);
	admin_button(L, "erase-confirm", _("Erase this session"), box(x + w - bw, bottom + u, bw, bh),
	             AB_PRIMARY);
}
