/*
 * The admin screens' layout with a fake measure: every screen in each of
 * the nine languages at 720p and 1080p with nothing overlapping, leaving
 * its button or the window, touch-sized controls, the whole screen mirrored
 * for Arabic while the PIN pad keeps 1 2 3 from the left, dots instead of
 * digits, and no trace of a stored candidate on any screen.
 */
#include "ui_fixture.h"

#include <libintl.h>
#include <unistd.h>

#include "admin.h"
#include "store.h"
#include "ui_admin.h"
#include "ui_layout.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"

static pack bundled;
static event_config ev;
static int64_t mono = 1000, wall = 1764590000000LL;
static admin_status status;

static int64_t f_mono(void *ctx) { (void)ctx; return mono; }
static int64_t f_wall(void *ctx) { (void)ctx; return wall; }
static void f_random(void *ctx, void *buf, int len) { (void)ctx; memset(buf, 1, (size_t)len); }
static void h_nothing(void *ctx) { (void)ctx; }
static void h_pin(void *ctx, const char *h, const char *p) { (void)ctx; (void)h; (void)p; }
static void h_src(void *ctx, const char *s) { (void)ctx; (void)s; }
static void h_ev(void *ctx, const event_config *e) { (void)ctx; (void)e; }
static void h_audit(void *ctx, const char *a, const char *d) { (void)ctx; (void)a; (void)d; }
static void h_lock(void *ctx, const audit_lock *l) { (void)ctx; (void)l; }
static void h_int(void *ctx, int p) { (void)ctx; (void)p; }
static bool h_erase(void *ctx, const char *id) { (void)ctx; (void)id; return true; }

static const char *staff_lang = "en";

/* As the kiosk does: the pack's catalogs, keyed "q05|text". */
static const char *pack_translate(void *ctx, const char *language, const char *question_id,
                                  const char *field, const char *source)
{
	(void)ctx;
	(void)language;
	char key[160];
	snprintf(key, sizeof key, "%s|%s", question_id, field);
	return i18n_pgettext("prescreen-pack-backend-developer", key, source);
}

static admin *make(bool pin)
{
	event_defaults(&ev, &bundled);
	snprintf(ev.id, sizeof ev.id, "jobfair-berlin-2026-winter");
	if (pin)
		snprintf(ev.pin_hash, sizeof ev.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$x$y");
	flow_clock clock = { f_mono, f_wall, f_random, NULL };
	admin_host host = { h_pin, h_nothing, h_nothing, h_src, h_ev, h_src, h_audit, h_lock,
	                    h_int, h_nothing, h_src, h_src, h_erase, NULL };
	admin *a = admin_new(clock, host);
	admin_set_event(a, &ev, &bundled);
	admin_set_language(a, staff_lang);
	admin_set_translate(a, pack_translate, NULL);
	return a;
}

static admin *logged_in(void)
{
	admin *a = make(true);
	admin_open(a);
	admin_text(a, "1234");
	admin_key(a, FLOW_KEY_RETURN);
	admin_pin_done(a, true);
	admin_status_done(a, &status);
	return a;
}

static void sticks(admin *a, int n)
{
	admin_place pl[3];
	memset(pl, 0, sizeof pl);
	static const char *const labels[] = { "KINGSTON DT 64 GB — /media/hr/KINGSTON",
	                                      "SanDisk Ultra — /run/media/staff/SANDISK",
	                                      "/srv/exchange/prescreen" };
	for (int i = 0; i < 3; i++) {
		snprintf(pl[i].path, sizeof pl[i].path, "/media/hr/s%d", i);
		snprintf(pl[i].label, sizeof pl[i].label, "%s", labels[i]);
		pl[i].free_bytes = 3200000000LL + i * 1000000LL;
	}
	admin_media_done(a, pl, n, pl, n);
}

/* Each screen a test visits, built from a fresh admin. */
typedef enum {
	S_PIN, S_PIN_WRONG, S_PIN_LOCKED, S_STATUS, S_STATUS_NO_PIN, S_EVENT, S_EVENT_NEW_ID,
	S_EVENT_FEW, S_PACKS, S_PACKS_NONE, S_EXPORT, S_EXPORT_NONE, S_EXPORT_RUNNING,
	S_EXPORT_OK, S_EXPORT_FAILED, S_LEAVE, S_STATUS_SEALED, S_EXPORT_CONFIRM, S_EXPORT_ERASED,
	S_EXPORT_ERASE_FAILED, S_ERASE, S_ERASE_BAD, S_ERASE_UNKNOWN, S_ERASE_FOUND, S_ERASE_DONE,
	S_COUNT
} scene;

static void found_session(admin *a)
{
	admin_found f;
	memset(&f, 0, sizeof f);
	snprintf(f.id, sizeof f.id, "01JDQ3ZP4K7B2M9XW5T8R6N0AC");
	f.started_at = wall - 3 * 3600 * 1000LL;
	snprintf(f.language, sizeof f.language, "hi");
	f.status = SESSION_COMPLETED;
	admin_receipt_done(a, 0, &f, NULL);
}

static admin *scene_admin(scene s, const char *lang)
{
	admin *a;
	staff_lang = lang;
	status.event_sessions = s == S_EVENT_NEW_ID ? 4 : 0;
	status.counts.total = 37;
	ev.has_public_key = false;
	switch (s) {
	case S_PIN:
	case S_PIN_WRONG:
	case S_PIN_LOCKED:
		a = make(true);
		admin_open(a);
		for (int i = 0; s != S_PIN && i < (s == S_PIN_LOCKED ? 5 : 1); i++) {
			admin_text(a, "9999");
			admin_key(a, FLOW_KEY_RETURN);
			admin_pin_done(a, false);
		}
		if (s == S_PIN)
			admin_text(a, "24");
		return a;
	case S_STATUS_NO_PIN:
		a = make(false);
		admin_open(a);
		admin_status_done(a, &status);
		return a;
	default:
		break;
	}
	a = logged_in();
	switch (s) {
	case S_EVENT:
		admin_press(a, "tab:event");
		admin_press(a, "q-next");
		break;
	case S_EVENT_NEW_ID:
		admin_press(a, "tab:event");
		admin_press(a, "threshold+");
		break;
	case S_EVENT_FEW:
		admin_press(a, "tab:event");
		admin_press(a, "q:q01");
		admin_press(a, "q:q05");
		admin_press(a, "limit-");
		break;
	case S_PACKS:
	case S_PACKS_NONE:
		admin_press(a, "tab:event");
		admin_press(a, "load-pack");
		sticks(a, s == S_PACKS ? 3 : 0);
		break;
	case S_EXPORT:
	case S_EXPORT_NONE:
		admin_press(a, "tab:export");
		sticks(a, s == S_EXPORT ? 3 : 0);
		break;
	case S_EXPORT_RUNNING:
	case S_EXPORT_OK:
	case S_EXPORT_FAILED:
		admin_press(a, "tab:export");
		sticks(a, 3);
		admin_press(a, "target:0");
		admin_export_progress(a, 12300000, 40100000);
		if (s == S_EXPORT_OK)
			admin_export_done(a, true, "prescreen-export-20261201T153000Z-kiosk");
		if (s == S_EXPORT_FAILED)
			admin_export_done(a, false,
			                  "/media/hr/s0: the stick is full (No space left on device); "
			                  "nothing was left on it that looks like a bundle.");
		break;
	case S_LEAVE:
		admin_press(a, "tab:leave");
		break;
	case S_STATUS_SEALED:
		memset(ev.public_key, 0x5a, sizeof ev.public_key);
		ev.has_public_key = true;
		admin_set_event(a, &ev, &bundled);
		break;
	case S_EXPORT_CONFIRM:
	case S_EXPORT_ERASED:
	case S_EXPORT_ERASE_FAILED:
		admin_press(a, "tab:export");
		admin_status_done(a, &status);
		sticks(a, 3);
		admin_press(a, "export-erase:1");
		if (s == S_EXPORT_CONFIRM)
			break;
		admin_press(a, "export-erase-confirm");
		if (s == S_EXPORT_ERASED)
			admin_export_erased(a, "prescreen-export-20261201T153000Z-kiosk", 37, 37);
		else
			admin_export_done(a, false, "The stick was removed or stopped working during the "
			                  "export. Put it back in or use another stick.");
		break;
	case S_ERASE:
	case S_ERASE_BAD:
	case S_ERASE_UNKNOWN:
	case S_ERASE_FOUND:
	case S_ERASE_DONE:
		admin_press(a, "tab:erase");
		admin_text(a, s == S_ERASE_BAD ? "acde-fg" : "acde fghj");
		if (s == S_ERASE)
			break;
		admin_key(a, FLOW_KEY_RETURN);
		if (s == S_ERASE_UNKNOWN)
			admin_receipt_done(a, 1, NULL, NULL);
		if (s == S_ERASE_FOUND || s == S_ERASE_DONE)
			found_session(a);
		if (s == S_ERASE_DONE)
			admin_press(a, "erase-confirm");
		break;
	default:
		break;
	}
	return a;
}

static const char *scene_name(scene s)
{
	static const char *const n[S_COUNT] = {
		"pin", "pin-wrong", "pin-locked", "status", "status-no-pin", "event", "event-new-id",
		"event-few", "packs", "packs-none", "export", "export-none", "export-running",
		"export-ok", "export-failed", "leave", "status-sealed", "export-confirm",
		"export-erased", "export-erase-failed", "erase", "erase-bad", "erase-unknown",
		"erase-found", "erase-done",
	};
	return n[s];
}

static void assert_clean(const char *what)
{
	assert_texts_on_screen(what);
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *a = &frame.cmds[i];
		if (a->kind != UI_TEXT || a->len == 0)
			continue;
		for (int j = i + 1; j < frame.ncmds; j++) {
			const ui_cmd *b = &frame.cmds[j];
			if (b->kind == UI_TEXT && b->len > 0 && intersects(a->rect, b->rect))
				fail_msg("%s: \"%.*s\" overlaps \"%.*s\"", what, a->len, a->text, b->len,
				         b->text);
		}
	}
	for (int i = 0; i < frame.ncontrols; i++) {
		const ui_control *c = &frame.controls[i];
		if (c->rect.h < 48 || c->rect.w < 48)
			fail_msg("%s: control %s is %dx%d, too small to touch", what, c->id, c->rect.w,
			         c->rect.h);
		if (c->rect.x < 0 || c->rect.y < 0 || c->rect.x + c->rect.w > frame.width ||
		    c->rect.y + c->rect.h > frame.height)
			fail_msg("%s: control %s leaves the window", what, c->id);
		/* A text whose middle is on the control stays inside it. */
		for (int j = 0; j < frame.ncmds; j++) {
			const ui_cmd *t = &frame.cmds[j];
			int cx = t->rect.x + t->rect.w / 2, cy = t->rect.y + t->rect.h / 2;
			if (t->kind != UI_TEXT || t->len == 0 || cx < c->rect.x ||
			    cx >= c->rect.x + c->rect.w || cy < c->rect.y || cy >= c->rect.y + c->rect.h)
				continue;
			if (t->rect.x < c->rect.x || t->rect.x + t->rect.w > c->rect.x + c->rect.w ||
			    t->rect.y < c->rect.y || t->rect.y + t->rect.h > c->rect.y + c->rect.h)
				fail_msg("%s: \"%.*s\" leaves its control %s", what, t->len, t->text, c->id);
		}
		for (int j = i + 1; j < frame.ncontrols; j++)
			if (intersects(c->rect, frame.controls[j].rect))
				fail_msg("%s: controls %s and %s overlap", what, c->id, frame.controls[j].id);
	}
}

/*
 * The end of a (translated) message is on screen, so no line of it was cut:
 * its last code points, taken before a trailing placeholder.
 */
static void assert_whole(const char *what, const char *msgid)
{
	const char *t = _(msgid);
	char seg[512];
	snprintf(seg, sizeof seg, "%s", t);
	char *ph = strrchr(seg, '%');
	if (ph) {
		char *after = strchr(ph, 's') + 1;
		if (strlen(after) >= 4)
			memmove(seg, after, strlen(after) + 1);
		else
			*ph = '\0';
	}
	size_t n = strlen(seg);
	while (n > 0 && seg[n - 1] == ' ')
		seg[--n] = '\0';
	/* The last line holds the text's end: its last four code points. */
	int32_t i = (int32_t)n;
	for (int k = 0; k < 4 && i > 0; k++)
		U8_BACK_1((const uint8_t *)seg, 0, i);
	const char *word = seg + i;
	/* A line the wrap starts at that space does not hold it. */
	while (*word == ' ')
		word++;
	if (!ui_has_text(&frame, word))
		fail_msg("%s: \"%s\" is cut (no line holds \"%s\")", what, t, word);
}

static const char *const whole[S_COUNT][3] = {
	[S_PIN] = { "Enter the admin PIN.", "Staff access" },
	[S_PIN_WRONG] = { "Wrong PIN. Please try again." },
	[S_PIN_LOCKED] = { "Too many wrong PINs. Try again in %s." },
	[S_STATUS] = { "An accommodation: every time limit of the next candidate's session is "
	               "multiplied, and the session records it for the reviewers.",
	               "Extra time for the next candidate",
	               "Candidates' answers are stored unencrypted: this event names no reviewing "
	               "team's key." },
	[S_STATUS_NO_PIN] = { "No admin PIN is set: anyone at the kiosk can open admin mode. Set one "
	                      "on the command line with: prescreen event set-pin FILE",
	                      "Candidates' answers are stored unencrypted: this event names no "
	                      "reviewing team's key." },
	[S_EVENT] = { "The mix is complete: background, past experience, situational or motivation.",
	              "Answers take at most %s in all; the seed plans 20 to 30 minutes." },
	[S_EVENT_NEW_ID] = { "Sessions were recorded with these questions: saving starts a new "
	                     "event, %s." },
	[S_EVENT_FEW] = { "Choose at least 6 questions to save.", "Missing from the mix: %s.",
	                  "Answers take at most %s in all; the seed plans 20 to 30 minutes." },
	[S_PACKS_NONE] = { "No stick found. Sticks and folders are looked for under /media, "
	                   "/run/media and the folders given with --media." },
	[S_EXPORT_NONE] = { "No stick found. Sticks and folders are looked for under /media, "
	                    "/run/media and the folders given with --media." },
	[S_EXPORT] = { "Tap the stick to write the bundle to:" },
	[S_PACKS] = { "Tap a pack to check and install it:" },
	[S_EXPORT_OK] = { "Verified. It is safe to remove the stick." },
	[S_EXPORT_FAILED] = { "The export failed. No complete bundle was written." },
	[S_LEAVE] = { "The kiosk closes and candidates cannot use it until it is started again. "
	              "Recorded sessions stay stored.", "Leave kiosk mode?" },
	[S_STATUS_SEALED] = { "Sealed for the reviewing team's key %s" },
	[S_EXPORT_CONFIRM] = { "The sessions are exported to %s first. Only once the bundle on the "
	                       "stick has been read back and verified are exactly the sessions in it "
	                       "erased from this kiosk. If the export fails, nothing is erased." },
	[S_EXPORT_ERASED] = { "Verified. It is safe to remove the stick." },
	[S_EXPORT_ERASE_FAILED] = { "The export failed. No complete bundle was written.",
	                            "Nothing was erased from this kiosk." },
	[S_ERASE] = { "Type the receipt code the candidate was shown at the end of their session, "
	              "such as ACDE-FGHJ. Capitals or not, spaces and dashes do not matter." },
	[S_ERASE_BAD] = { "That is not a receipt code: a code has eight letters and digits, such as "
	                  "ACDE-FGHJ." },
	[S_ERASE_UNKNOWN] = { "No session on this kiosk has the receipt code %s. Check the code; the "
	                      "session may also have been erased already or recorded on another "
	                      "kiosk." },
	[S_ERASE_FOUND] = { "Erase this session from the kiosk? Its answers cannot be recovered. A "
	                    "bundle already exported to a stick keeps its copy." },
	[S_ERASE_DONE] = { "The session with the receipt code %s was erased from this kiosk." },
};

/* Real fonts' lines are taller than the fixture's: 1.8 times the size. */
static int tall_height(void *ctx, ui_font font)
{
	fake *f = ctx;
	return ui_font_px(font, f->height) * 9 / 5;
}

static void every_screen(const ui_measure *me)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			/* Translations may grow: German-long labels at 130 % must still fit. */
			use(code, heights[k], strcmp(code, "de") == 0 ? 1300 : 1000);
			for (scene s = 0; s < S_COUNT; s++) {
				admin *a = scene_admin(s, code);
				ui_admin_build(a, me, width_for(heights[k]), heights[k], &frame);
				char what[64];
				snprintf(what, sizeof what, "%s %s %dp%s", scene_name(s), code, heights[k],
				         me == &measure ? "" : " tall");
				assert_clean(what);
				for (int i = 0; i < 3 && whole[s][i]; i++)
					assert_whole(what, whole[s][i]);
				admin_free(a);
			}
		}
	}
}

static void test_every_screen_every_language(void **state)
{
	(void)state;
	every_screen(&measure);
	ui_measure tall = { fake_width, tall_height, fake_caret, &fk };
	every_screen(&tall);
}


static ui_rect rect_of(const char *id)
{
	return must_find(id)->rect;
}

/* The whole screen mirrored for Arabic; the keypad keeps 1 2 3 from the left. */
static void test_mirrored_for_arabic(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		int h = heights[k], w = width_for(h);
		use("en", h, 1000);
		admin *a = scene_admin(S_STATUS, "en");
		ui_admin_build(a, &measure, w, h, &frame);
		assert_true(rect_of("close").x > w / 2);
		assert_true(rect_of("tab:status").x < rect_of("tab:event").x);
		assert_true(rect_of("lang:en").x < w / 2 + 10 * h / 100 + 1 &&
		            rect_of("lang:en").x > w / 2);
		int en_first_x = rect_of("lang:en").x;
		admin_free(a);
		use("ar", h, 1000);
		a = scene_admin(S_STATUS, "ar");
		ui_admin_build(a, &measure, w, h, &frame);
		assert_true(rect_of("close").x < w / 2);
		assert_true(rect_of("tab:status").x > rect_of("tab:event").x);
		assert_int_equal(rect_of("lang:en").x + rect_of("lang:en").w, w - en_first_x);
		/* Its text is laid out right to left. */
		bool rtl_text = false;
		for (int i = 0; i < frame.ncmds; i++)
			if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].rtl)
				rtl_text = true;
		assert_true(rtl_text);
		admin_free(a);
		for (int l = 0; l < 2; l++) {
			const char *code = l ? "ar" : "en";
			use(code, h, 1000);
			a = scene_admin(S_PIN, code);
			ui_admin_build(a, &measure, w, h, &frame);
			assert_true(rect_of("pin:1").x < rect_of("pin:2").x);
			assert_true(rect_of("pin:2").x < rect_of("pin:3").x);
			assert_true(rect_of("pin:back").x < rect_of("pin:ok").x);
			assert_true(rect_of("pin:0").y > rect_of("pin:7").y);
			admin_free(a);
		}
	}
}

static bool text_contains(const char *needle)
{
	return ui_has_text(&frame, needle);
}

static void test_pin_dots_and_countdown(void **state)
{
	(void)state;
	use("en", 1080, 1000);
	staff_lang = "en";
	admin *a = make(true);
	admin_open(a);
	admin_text(a, "2468");
	ui_admin_build(a, &measure, width_for(1080), 1080, &frame);
	assert_true(text_contains("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"));
	assert_false(text_contains("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"));
	assert_false(text_contains("2468"));
	assert_false(text_contains("24"));
	for (int i = 0; i < 5; i++) {
		admin_key(a, FLOW_KEY_RETURN);
		admin_pin_done(a, false);
		admin_text(a, "1357");
	}
	ui_admin_build(a, &measure, width_for(1080), 1080, &frame);
	char clock[32];
	numfmt_clock("en", 60, clock, sizeof clock);
	assert_true(text_contains(clock));
	assert_false(text_contains("1357"));
	wall += 1000;
	mono += 1000;
	admin_tick(a);
	ui_admin_build(a, &measure, width_for(1080), 1080, &frame);
	numfmt_clock("en", 59, clock, sizeof clock);
	assert_true(text_contains(clock));
	/* Locked keys are drawn pale. */
	const ui_control *one = must_find("pin:5");
	bool pale = false;
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_RECT && frame.cmds[i].rect.x == one->rect.x &&
		    frame.cmds[i].rect.y == one->rect.y && frame.cmds[i].color.r == C_DISABLED.r &&
		    frame.cmds[i].color.b == C_DISABLED.b)
			pale = true;
	assert_true(pale);
	admin_free(a);
}

/* Every control admin.h lists is on its screen. */
static void test_documented_controls(void **state)
{
	(void)state;
	use("fr", 720, 1000);
	admin *a = scene_admin(S_STATUS, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	static const char *const tabs[] = { "tab:status", "tab:event", "tab:export", "tab:leave",
	                                    "close", "extra:100", "extra:125", "extra:150",
	                                    "extra:200" };
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
		must_find(tabs[i]);
	for (int l = 0; l < LANG_COUNT; l++) {
		char id[32];
		snprintf(id, sizeof id, "lang:%s", lang_all()[l].code);
		must_find(id);
	}
	admin_free(a);
	a = scene_admin(S_EVENT, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	static const char *const ev_ids[] = { "q-prev", "q-next", "limit-", "limit+", "idle-",
	                                      "idle+", "threshold-", "threshold+", "contact:email",
	                                      "contact:phone", "practice", "load-pack", "save",
	                                      "q:q06", "q:q10" };
	for (size_t i = 0; i < sizeof ev_ids / sizeof ev_ids[0]; i++)
		must_find(ev_ids[i]);
	assert_null(ui_find(&frame, "q:q01"));   /* page 2 */
	for (int l = 0; l < LANG_COUNT; l++) {
		char id[32];
		snprintf(id, sizeof id, "offer:%s", lang_all()[l].code);
		must_find(id);
	}
	admin_free(a);
	a = scene_admin(S_PACKS, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	must_find("pack:0");
	must_find("pack:2");
	must_find("back");
	must_find("rescan");
	admin_free(a);
	a = scene_admin(S_EXPORT, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	must_find("target:0");
	must_find("target:2");
	must_find("rescan");
	assert_true(text_contains(lang_rtl("fr") ? "" : "KINGSTON DT 64 GB"));
	admin_free(a);
	a = scene_admin(S_EXPORT_RUNNING, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	assert_null(ui_find(&frame, "target:0"));
	admin_free(a);
	a = scene_admin(S_EXPORT_FAILED, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	must_find("export-again");
	/* The failure in red. */
	bool red = false;
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].color.r == C_ALERT.r &&
		    frame.cmds[i].color.g == C_ALERT.g && frame.cmds[i].len >= 6 &&
		    memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, "/media", 6))
			red = true;
	assert_true(red);
	admin_free(a);
	a = scene_admin(S_LEAVE, "fr");
	ui_admin_build(a, &measure, width_for(720), 720, &frame);
	must_find("leave-confirm");
	must_find("leave-cancel");
	admin_free(a);
}

/* The progress bar grows with the bytes written. */
static void test_export_progress_bar(void **state)
{
	(void)state;
	use("ja", 1080, 1000);
	admin *a = scene_admin(S_EXPORT_RUNNING, "ja");
	int widths[2];
	for (int step = 0; step < 2; step++) {
		admin_export_progress(a, step ? 30000000 : 10000000, 40000000);
		ui_admin_build(a, &measure, width_for(1080), 1080, &frame);
		widths[step] = -1;
		for (int i = 0; i < frame.ncmds; i++)
			if (frame.cmds[i].kind == UI_RECT && frame.cmds[i].color.r == C_PRIMARY.r &&
			    frame.cmds[i].color.g == C_PRIMARY.g && frame.cmds[i].color.b == C_PRIMARY.b &&
			    frame.cmds[i].rect.y > 15 * 10)
				widths[step] = frame.cmds[i].rect.w;
	}
	assert_true(widths[0] > 0);
	assert_true(widths[1] > 2 * widths[0] && widths[1] < 4 * widths[0]);
	admin_free(a);
}

/*
 * A candidate stored in a real store, and the status the host reads from
 * it: no screen shows the name, a contact or an answer.
 */
static void test_no_candidate_data(void **state)
{
	(void)state;
	char dir[] = "/tmp/prescreen-ui-admin-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char err[256] = "";
	store *st = store_open(dir, err, sizeof err);
	if (!st)
		fail_msg("store_open: %s", err);
	session_record rec;
	session_init(&rec);
	snprintf(rec.id, sizeof rec.id, "01JDQX8Z6W3N5V7T9R1P2M4K6H");
	snprintf(rec.event_id, sizeof rec.event_id, "%s", "jobfair-berlin-2026-winter");
	snprintf(rec.pack_id, sizeof rec.pack_id, "backend-developer");
	snprintf(rec.language, sizeof rec.language, "de");
	session_set_string(&rec.name, "Layla Haddad");
	rec.contact_count = 1;
	snprintf(rec.contacts[0].key, SESSION_SHORT, "email");
	session_set_string(&rec.contacts[0].value, "layla.haddad@example.org");
	rec.started_at = wall - 600000;
	rec.ended_at = wall - 60000;
	rec.status = SESSION_COMPLETED;
	rec.question_count = 1;
	snprintf(rec.question_ids[0], SESSION_SHORT, "q05");
	rec.answer_count = 1;
	snprintf(rec.answers[0].question_id, SESSION_SHORT, "q05");
	session_set_string(&rec.answers[0].answer, "Ich habe einen Bestelldienst in Go gebaut.");
	assert_int_equal(store_put(st, &rec), 0);
	admin_status saved = status;
	assert_int_equal(store_count(st, "2025-12-01", &status.counts), 0);
	assert_int_equal(status.counts.completed, 1);
	status.event_sessions = 1;
	store_close(st);
	static const char *const secrets[] = { "Layla", "Haddad", "layla.haddad", "Bestelldienst" };
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		use(code, 720, 1000);
		for (scene sc = 0; sc < S_COUNT; sc++) {
			admin *a = scene_admin(sc, code);
			ui_admin_build(a, &measure, width_for(720), 720, &frame);
			for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
				if (ui_has_text(&frame, secrets[i]))
					fail_msg("%s %s shows \"%s\"", scene_name(sc), code, secrets[i]);
			admin_free(a);
		}
	}
	status = saved;
	session_clear(&rec);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int setup_all(void **state)
{
	diag_list d = { 0 };
	int rc = pack_load(BUNDLED, &bundled, &d);
	diag_free(&d);
	memset(&status, 0, sizeof status);
	status.counts = (store_counts){ .total = 12873, .completed = 11002, .abandoned = 1530,
	                                .interrupted = 341, .today = 1204 };
	status.free_bytes = 12345678901LL;
	snprintf(status.last_export, sizeof status.last_export,
	         "prescreen-export-20261201T120000Z-kiosk-berlin-01");
	status.last_export_ms = wall - 3600000;
	if (rc == 0)
		rc = setup(state);
	const char *dir = getenv("PRESCREEN_LOCALEDIR");
	bindtextdomain("prescreen-pack-backend-developer",
	               dir && *dir ? dir : TEST_BUILD_DIR "/locale");
	bind_textdomain_codeset("prescreen-pack-backend-developer", "UTF-8");
	return rc;
}

static int teardown_all(void **state)
{
	pack_free(&bundled);
	return teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_screen_every_language),
		cmocka_unit_test(test_mirrored_for_arabic),
		cmocka_unit_test(test_pin_dots_and_countdown),
		cmocka_unit_test(test_documented_controls),
		cmocka_unit_test(test_export_progress_bar),
		cmocka_unit_test(test_no_candidate_data),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
