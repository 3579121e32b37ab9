/*
 * ui_admin.c — the admin screens' frame: the PIN pad with its dots and
 * lock countdown, the tab bar of the logged-in screens, the status screen,
 * and the helpers every admin screen is built from. Units of a hundredth of
 * the height; place() mirrors every box for an Arabic-speaking staff member.
 * Only counts, settings and ids are shown, never what a candidate typed.
 */
#include "ui_admin.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "ui_admin_layout.h"
#include "wrap.h"

#define TOUCH_MIN 48
#define MAX_LINES 32

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

static int min_i(int a, int b)
{
	return a < b ? a : b;
}

int admin_para(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s)
{
	wrap_line lines[MAX_LINES];
	int len = (int)strlen(s), n = 0, lh = 0;
	/* Smaller type before a cut: the last lines of a message matter too. */
	for (ui_font f = font;; f--) {
		n = min_i(wrap_text(L->m, f, L->lang, s, len, r.w, lines, MAX_LINES), MAX_LINES);
		lh = line_h(L, f);
		font = f;
		if (r.h <= 0 || n * lh <= r.h || f == FONT_SMALL)
			break;
	}
	if (r.h > 0)
		n = min_i(n, r.h / lh);
	for (int i = 0; i < n; i++)
		text_in(L, font, c, box(r.x, r.y + i * lh, r.w, lh), a, L->lang, s + lines[i].start,
		        lines[i].end - lines[i].start);
	return n * lh;
}

int admin_fit_in(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *lang,
                 const char *s)
{
	int len = (int)strlen(s);
	for (ui_font f = font;; f--) {
		int lh = line_h(L, f);
		if (width_of(L, f, lang, s, len) <= r.w && (lh <= r.h || f == FONT_SMALL)) {
			text_in(L, f, c, box(r.x, r.y + max_i(0, (r.h - lh) / 2), r.w, lh), a, lang, s, len);
			return lh;
		}
		if (f == FONT_SMALL)
			break;
	}
	int lh = line_h(L, FONT_SMALL);
	wrap_line lines[MAX_LINES];
	int n = min_i(wrap_text(L->m, FONT_SMALL, lang, s, len, r.w, lines, MAX_LINES), MAX_LINES);
	int fits = n;
	if (r.h > 0)
		fits = min_i(n, max_i(1, r.h / lh));
	int y = r.y + max_i(0, (r.h - fits * lh) / 2);
	for (int i = 0; i < fits; i++)
		text_in(L, FONT_SMALL, c, box(r.x, y + i * lh, r.w, lh), a, lang, s + lines[i].start,
		        lines[i].end - lines[i].start);
	return fits * lh;
}

int admin_fit(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s)
{
	return admin_fit_in(L, font, c, r, a, L->lang, s);
}

void admin_button(layout *L, const char *id, const char *label, ui_rect r, abutton_kind k)
{
	ui_color bg = k == AB_PRIMARY ? C_PRIMARY : k == AB_DISABLED ? C_DISABLED : C_BOX;
	ui_color ink = k == AB_NORMAL ? C_PRIMARY : k == AB_PRIMARY ? C_ON_PRIMARY : C_BOX;
	fill(L, r, bg);
	if (k == AB_NORMAL)
		outline(L, r, ink);
	admin_fit(L, FONT_LARGE, ink, box(r.x + L->u, r.y + L->u / 2, r.w - 2 * L->u, r.h - L->u),
	          ALIGN_CENTER, label);
	control(L, id, r);
}

void admin_row(layout *L, ui_rect r, const char *label, const char *value, ui_color vc)
{
	int vw = width_of(L, FONT_BODY, L->lang, value, (int)strlen(value));
	vw = min_i(vw, r.w / 2);
	int gap = 2 * L->u;
	admin_fit(L, FONT_BODY, C_INK, box(r.x, r.y, r.w - vw - gap, r.h), ALIGN_START, label);
	admin_fit(L, FONT_BODY, vc, box(r.x + r.w - vw, r.y, vw, r.h), ALIGN_END, value);
}

const char *admin_num(layout *L, long v)
{
	char out[32];
	numfmt_int(L->lang, v, out, sizeof out);
	return fmt(L, "%s", out);
}

/* One decimal in the language's digits and separator ("3,2" in German). */
static const char *decimal(layout *L, double v)
{
	const lang_info *li = lang_find(L->lang);
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormat *nf = unum_open(UNUM_DECIMAL, NULL, 0, li ? li->icu_locale : "en", NULL, &err);
	char out[48];
	snprintf(out, sizeof out, "%.1f", v);
	if (U_SUCCESS(err)) {
		UChar buf[48];
		unum_setAttribute(nf, UNUM_MAX_FRACTION_DIGITS, 1);
		unum_setAttribute(nf, UNUM_MIN_FRACTION_DIGITS, v < 100 ? 1 : 0);
		int32_t n = unum_formatDouble(nf, v, buf, 48, NULL, &err);
		if (U_SUCCESS(err) && n < 48)
			u_strToUTF8(out, (int32_t)sizeof out, NULL, buf, n, &err);
		if (U_FAILURE(err))
			snprintf(out, sizeof out, "%.1f", v);
	}
	unum_close(nf);
	return fmt(L, "%s", out);
}

const char *admin_bytes(layout *L, long long bytes)
{
	if (bytes < 0)
		/* TRANSLATORS: free disk space or a size that could not be found out. */
		return _("unknown");
	double v = (double)bytes;
	if (v >= 1e9)
		/* TRANSLATORS: a size in gigabytes; %s is the number, e.g. "3.2". */
		return fmt(L, _("%s GB"), decimal(L, v / 1e9));
	if (v >= 1e6)
		/* TRANSLATORS: a size in megabytes; %s is the number. */
		return fmt(L, _("%s MB"), decimal(L, v / 1e6));
	/* TRANSLATORS: a size in kilobytes; %s is the number. */
	return fmt(L, _("%s kB"), decimal(L, v / 1e3));
}

void admin_tick_box(layout *L, ui_rect r, bool on)
{
	int s = min_i(r.h, 5 * L->u);
	ui_rect b = box(r.x, r.y + (r.h - s) / 2, s, s);
	fill(L, b, on ? C_PRIMARY : C_BOX);
	outline(L, b, on ? C_PRIMARY : C_BORDER);
	if (on)
		fill(L, box(b.x + s / 4, b.y + s / 4, s / 2, s / 2), C_ON_PRIMARY);
}

/* The PIN pad: nothing about the right PIN, only how many digits were typed. */
static void screen_pin(layout *L, const admin_view *v)
{
	int u = L->u;
	const char *close = _("Back to candidates");
	int cw = button_width(L, close, 30 * u, 44 * u);
	admin_button(L, "close", close, box(L->W - 3 * u - cw, 2 * u, cw, max_i(8 * u, TOUCH_MIN)),
	             v->checking ? AB_DISABLED : AB_NORMAL);
	int tx = 4 * u + cw, tw = L->W - 2 * tx;
	/* TRANSLATORS: the title of the PIN pad that opens admin mode. */
	admin_fit(L, FONT_TITLE, C_INK, box(tx, 2 * u, tw, 9 * u), ALIGN_CENTER, _("Staff access"));
	int key = 12 * u, gap = 2 * u, padw = 3 * key + 2 * gap, x0 = (L->W - padw) / 2;
	admin_fit(L, FONT_BODY, C_MUTED, box(x0 - 20 * u, 12 * u, padw + 40 * u, 5 * u), ALIGN_CENTER,
	          _("Enter the admin PIN."));
	ui_rect dots = box(x0, 18 * u, padw, 8 * u);
	fill(L, dots, C_BOX);
	outline(L, dots, C_BORDER);
	if (v->pin_digits > 0) {
		char s[ADMIN_PIN_MAX * 4 + 1] = "";
		for (int i = 0; i < v->pin_digits && i < ADMIN_PIN_MAX; i++)
			strcat(s, "\xE2\x80\xA2");   /* U+2022, never the digit */
		admin_fit(L, FONT_TITLE, C_INK, box(dots.x + u, dots.y, dots.w - 2 * u, dots.h),
		          ALIGN_CENTER, fmt(L, "%s", s));
	}
	const char *msg = NULL;
	ui_color mc = C_ALERT;
	if (v->locked_s > 0) {
		char clock[32];
		numfmt_clock(L->lang, v->locked_s, clock, sizeof clock);
		/* TRANSLATORS: %s counts down, e.g. "0:42". */
		msg = fmt(L, _("Too many wrong PINs. Try again in %s."), clock);
	} else if (v->checking) {
		msg = _("Checking…");
		mc = C_MUTED;
	} else if (v->pin_wrong) {
		msg = _("Wrong PIN. Please try again.");
	}
	if (msg)
		admin_fit(L, FONT_BODY, mc,
		          box(x0 - 30 * u, 27 * u, padw + 60 * u, max_i(8 * u, 2 * line_h(L, FONT_SMALL))),
		          ALIGN_CENTER, msg);
	bool held = v->checking || v->locked_s > 0;
	/* Digits run left to right in every language, like a phone's keypad. */
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
	                                      "back", "0", "ok" };
	for (int i = 0; i < 12; i++) {
		/* place() mirrors this column back: 1 2 3 from the left in Arabic too. */
		int col = L->rtl ? 2 - i % 3 : i % 3;
		ui_rect r = box(x0 + col * (key + gap), 36 * u + (i / 3) * (key + gap / 2), key,
		                key - gap / 2);
		const char *label = keys[i];
		if (strcmp(label, "back") == 0)
			/* TRANSLATORS: the PIN pad's key that removes the last digit. */
			label = _("Delete");
		else if (strcmp(label, "ok") == 0)
			/* TRANSLATORS: the PIN pad's key that sends the PIN. */
			label = _("OK");
		else
			label = admin_num(L, keys[i][0] - '0');
		admin_button(L, fmt(L, "pin:%s", keys[i]), label, r,
		             held ? AB_DISABLED : strcmp(keys[i], "ok") == 0 ? AB_PRIMARY : AB_NORMAL);
	}
}

static void tab_bar(layout *L, const admin_view *v)
{
	static const struct { const char *id; admin_screen s; } tabs[] = {
		{ "tab:status", ADMIN_STATUS }, { "tab:event", ADMIN_EVENT },
		{ "tab:export", ADMIN_EXPORT }, { "tab:erase", ADMIN_ERASE },
		{ "tab:leave", ADMIN_LEAVE },
	};
	enum { NTABS = sizeof tabs / sizeof tabs[0] };
	const char *labels[NTABS] = {
		/* TRANSLATORS: admin mode's tabs. */
		_("Status"), _("Event"), _("Export"),
		/* TRANSLATORS: admin mode's tab where one candidate's session is erased by its receipt code. */
		_("Erase"), _("Leave kiosk"),
	};
	int u = L->u, gap = u, h = max_i(9 * u, TOUCH_MIN);
	fill(L, box(0, 0, L->W, h + 2 * u), C_TRACK);
	const char *close = _("Back to candidates");
	int cw = button_width(L, close, 30 * u, 40 * u);
	int tw = (L->W - 4 * u - cw - NTABS * gap) / NTABS;
	for (int i = 0; i < NTABS; i++) {
		bool on = v->screen == tabs[i].s || (tabs[i].s == ADMIN_EVENT && v->screen == ADMIN_PACKS);
		admin_button(L, tabs[i].id, labels[i], box(2 * u + i * (tw + gap), u, tw, h),
		             v->busy && !on ? AB_DISABLED : on ? AB_PRIMARY : AB_NORMAL);
	}
	admin_button(L, "close", close, box(L->W - 2 * u - cw, u, cw, h),
	             v->busy ? AB_DISABLED : AB_NORMAL);
}

const char *admin_when(layout *L, int64_t wall_ms)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char out[32];
	if (!localtime_r(&t, &tm) || strftime(out, sizeof out, "%Y-%m-%d %H:%M", &tm) == 0)
		return "";
	return fmt(L, "%s", out);
}


static void status_counts(layout *L, const admin_view *v, int x, int w)
{
	int u = L->u, y = ADMIN_TOP(u), rh = 11 * u / 2;
	admin_fit(L, FONT_LARGE, C_INK, box(x, y, w, 7 * u), ALIGN_START, _("Sessions"));
	y += 8 * u;
	if (!v->status_ready) {
		admin_fit(L, FONT_BODY, C_MUTED, box(x, y, w, rh), ALIGN_START, _("Counting…"));
	} else {
		const store_counts *c = &v->status.counts;
		admin_row(L, box(x, y, w, rh), _("Started today"), admin_num(L, c->today), C_INK);
		admin_row(L, box(x, y + rh, w, rh), _("Completed"), admin_num(L, c->completed), C_INK);
		admin_row(L, box(x, y + 2 * rh, w, rh), _("Abandoned"), admin_num(L, c->abandoned),
		          C_INK);
		admin_row(L, box(x, y + 3 * rh, w, rh), _("Interrupted"), admin_num(L, c->interrupted),
		          C_INK);
		admin_row(L, box(x, y + 4 * rh, w, rh), _("Free disk space"),
		          admin_bytes(L, v->status.free_bytes), C_INK);
	}
	y += 5 * rh + u;
	bool exported = v->status_ready && v->status.last_export[0];
	admin_row(L, box(x, y, w, rh), _("Last export"),
	          exported ? admin_when(L, v->status.last_export_ms) : v->status_ready ? _("none yet") : "",
	          C_INK);
	if (exported)
		admin_fit(L, FONT_SMALL, C_MUTED, box(x, y + rh, w, 4 * u), ALIGN_START,
		          fmt(L, "%s", v->status.last_export));
	y += rh + (exported ? 5 * u : u);
	admin_row(L, box(x, y, w, rh), _("Event"), v->event_id, C_INK);
	admin_row(L, box(x, y + rh, w, rh), _("Question pack"),
	          fmt(L, "%s %s", v->pack_id, v->pack_version), C_INK);
	y += 2 * rh;
	const char *no_pin = v->pin_set ? NULL :
		_("No admin PIN is set: anyone at the kiosk can open admin mode. Set one on "
		  "the command line with: prescreen event set-pin FILE");
	if (v->sealed) {
		/* TRANSLATORS: %s is the reviewing team's key id, 16 hexadecimal digits. */
		admin_fit(L, FONT_SMALL, C_INK, box(x, y, w, rh), ALIGN_START,
		          fmt(L, _("Sealed for the reviewing team's key %s"), v->seal_key_id));
		y += rh + u;
	}
	const char *unsealed = v->sealed ? NULL :
		_("Candidates' answers are stored unencrypted: this event names no reviewing "
		  "team's key.");
	if (!no_pin && !unsealed)
		return;
	/* One red box for what staff must know; both warnings share it. */
	const char *s = no_pin && unsealed ? fmt(L, "%s %s", unsealed, no_pin)
	                                   : unsealed ? unsealed : no_pin;
	int bottom = L->H - u, h = bottom - y;
	if (!no_pin) {
		wrap_line lines[MAX_LINES];
		int n = min_i(wrap_text(L->m, FONT_SMALL, L->lang, s, (int)strlen(s), w - 2 * u, lines,
		                        MAX_LINES), MAX_LINES);
		h = min_i(h, max_i(rh, n * line_h(L, FONT_SMALL) + 2 * u));
	}
	ui_rect r = box(x, y, w, h);
	fill(L, r, C_BOX);
	outline(L, r, C_ALERT);
	admin_para(L, FONT_SMALL, C_ALERT, box(r.x + u, r.y + u, r.w - 2 * u, r.h - 2 * u),
	           ALIGN_START, s);
}

static void status_choices(layout *L, const admin_view *v, int x, int w)
{
	int u = L->u, y = ADMIN_TOP(u), gap = u, cols = 3;
	admin_fit(L, FONT_BODY, C_INK, box(x, y, w, 6 * u), ALIGN_START,
	          _("Language of the admin screens"));
	y += 7 * u;
	int bw = (w - (cols - 1) * gap) / cols, bh = max_i(8 * u, TOUCH_MIN);
	for (int i = 0; i < LANG_COUNT; i++) {
		const lang_info *li = &lang_all()[i];
		ui_rect r = box(x + (i % cols) * (bw + gap), y + (i / cols) * (bh + gap), bw, bh);
		bool on = strcmp(li->code, v->language) == 0;
		fill(L, r, on ? C_PRIMARY : C_BOX);
		outline(L, r, C_PRIMARY);
		/* Each language's own name, in its own script and direction. */
		admin_fit_in(L, FONT_BODY, on ? C_ON_PRIMARY : C_PRIMARY,
		             box(r.x + u, r.y + u / 2, bw - 2 * u, bh - u), ALIGN_CENTER, li->code,
		             li->native);
		control(L, fmt(L, "lang:%s", li->code), r);
	}
	y += 3 * (bh + gap) + 3 * u;
	admin_fit(L, FONT_BODY, C_INK, box(x, y, w, 8 * u), ALIGN_START,
	          _("Extra time for the next candidate"));
	y += 9 * u;
	static const int pct[] = { 100, 125, 150, 200 };
	const char *labels[] = {
		/* TRANSLATORS: time limits multiplied by 1 (no extra time); write the number as your language does. */
		C_("extra time", "×1"), C_("extra time", "×1.25"), C_("extra time", "×1.5"),
		C_("extra time", "×2"),
	};
	int ew = (w - 3 * gap) / 4, eh = max_i(9 * u, TOUCH_MIN);
	for (int i = 0; i < 4; i++)
		admin_button(L, fmt(L, "extra:%d", pct[i]), labels[i],
		             box(x + i * (ew + gap), y, ew, eh),
		             v->extra_percent == pct[i] ? AB_PRIMARY : AB_NORMAL);
	y += eh + u;
	admin_para(L, FONT_SMALL, C_MUTED, box(x, y, w, L->H - 2 * u - y), ALIGN_START,
	           _("An accommodation: every time limit of the next candidate's session is "
	             "multiplied, and the session records it for the reviewers."));
}

static void screen_status(layout *L, const admin_view *v)
{
	int u = L->u, half = L->W / 2;
	status_counts(L, v, 4 * u, half - 7 * u);
	status_choices(L, v, half + 3 * u, half - 7 * u);
}

void ui_admin_build(const admin *a, const ui_measure *m, int width, int height, ui_frame *out)
{
	admin_view v;
	admin_view_get(a, &v);
	layout L = { out, m, NULL, width, height, height / 100 > 0 ? height / 100 : 1, v.language,
	             false, 0 };
	const lang_info *li = lang_find(L.lang);
	L.rtl = li && li->rtl;
	frame_begin(&L);
	if (v.screen == ADMIN_PIN) {
		screen_pin(&L, &v);
		return;
	}
	if (v.screen == ADMIN_CLOSED)
		return;
	tab_bar(&L, &v);
	switch (v.screen) {
	case ADMIN_STATUS: screen_status(&L, &v); break;
	case ADMIN_EVENT: admin_screen_event(&L, &v); break;
	case ADMIN_PACKS: admin_screen_packs(&L, &v); break;
	case ADMIN_EXPORT: admin_screen_export(&L, &v); break;
	case ADMIN_ERASE: admin_screen_erase(&L, &v); break;
	case ADMIN_LEAVE: admin_screen_leave(&L, &v); break;
	default: break;
	}
}
