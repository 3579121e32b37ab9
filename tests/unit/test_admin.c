/*
 * Admin mode's state machine with a fake host and a fake clock: opening with
 * and without a PIN, the right PIN, five wrong ones locking it for a minute
 * of wall time that a restart does not lift, the countdown, the event
 * editor's live mix and the id Save gives, export progress and outcome,
 * "export and erase" (asked first, erasing nothing on a failure), erasing
 * one session by its receipt code, the sealed/unsealed status, leaving, and
 * a view that never holds what a candidate typed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "admin.h"
#include "lang.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"
#define HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"

typedef struct {
	int64_t mono, wall;
	/* What the admin asked of the host, in order. */
	char log[4096];
	char pin[32];           /* the PIN handed to verify_pin */
	int status_asks, scans, leaves, extra;
	audit_lock lock;
	int lock_saves;
	event_config saved;
	int saves;
	char export_parent[256], installed[256];
	char erase_parent[256], receipt[32], erased[8][32];
	int nerased;
	bool erase_fails;
} fake_host;

static fake_host H;
static pack bundled;
static event_config ev;

static int64_t f_mono(void *ctx) { return ((fake_host *)ctx)->mono; }
static int64_t f_wall(void *ctx) { return ((fake_host *)ctx)->wall; }
static void f_random(void *ctx, void *buf, int len) { (void)ctx; memset(buf, 7, (size_t)len); }

static void note(const char *fmt_, const char *a, const char *b)
{
	size_t n = strlen(H.log);
	snprintf(H.log + n, sizeof H.log - n, fmt_, a, b);
}

static void h_verify(void *ctx, const char *hash, const char *pin)
{
	(void)ctx;
	assert_string_equal(hash, HASH);
	snprintf(H.pin, sizeof H.pin, "%s", pin);
}
static void h_status(void *ctx) { (void)ctx; H.status_asks++; }
static void h_scan(void *ctx) { (void)ctx; H.scans++; }
static void h_install(void *ctx, const char *src)
{
	(void)ctx;
	snprintf(H.installed, sizeof H.installed, "%s", src);
}
static void h_save(void *ctx, const event_config *e)
{
	(void)ctx;
	H.saved = *e;
	H.saves++;
}
static void h_export(void *ctx, const char *parent)
{
	(void)ctx;
	snprintf(H.export_parent, sizeof H.export_parent, "%s", parent);
}
static void h_export_erase(void *ctx, const char *parent)
{
	(void)ctx;
	snprintf(H.erase_parent, sizeof H.erase_parent, "%s", parent);
}
static void h_find(void *ctx, const char *code)
{
	(void)ctx;
	snprintf(H.receipt, sizeof H.receipt, "%s", code);
}
static bool h_erase(void *ctx, const char *id)
{
	(void)ctx;
	if (H.erase_fails || H.nerased == 8)
		return false;
	snprintf(H.erased[H.nerased++], sizeof H.erased[0], "%s", id);
	return true;
}
static void h_audit(void *ctx, const char *action, const char *detail)
{
	(void)ctx;
	note("%s(%s) ", action, detail);
}
static void h_lock(void *ctx, const audit_lock *l)
{
	(void)ctx;
	H.lock = *l;
	H.lock_saves++;
}
static void h_extra(void *ctx, int percent) { (void)ctx; H.extra = percent; }
static void h_leave(void *ctx) { (void)ctx; H.leaves++; }

static admin *make(bool with_pin)
{
	memset(&H, 0, sizeof H);
	H.mono = 5000;
	H.wall = 1764590000000LL;
	event_defaults(&ev, &bundled);
	snprintf(ev.id, sizeof ev.id, "fair-2026");
	if (with_pin)
		snprintf(ev.pin_hash, sizeof ev.pin_hash, "%s", HASH);
	flow_clock clock = { f_mono, f_wall, f_random, &H };
	admin_host host = { h_verify, h_status, h_scan, h_install, h_save, h_export, h_audit,
	                    h_lock, h_extra, h_leave, h_export_erase, h_find, h_erase, &H };
	admin *a = admin_new(clock, host);
	assert_non_null(a);
	admin_set_event(a, &ev, &bundled);
	return a;
}

static void type_pin(admin *a, const char *digits)
{
	for (const char *d = digits; *d; d++) {
		char id[8];
		snprintf(id, sizeof id, "pin:%c", *d);
		assert_true(admin_press(a, id));
	}
}

static admin_view view(const admin *a)
{
	admin_view v;
	admin_view_get(a, &v);
	return v;
}

static void status_answer(admin *a, int event_sessions)
{
	admin_status s;
	memset(&s, 0, sizeof s);
	s.counts.total = 12;
	s.event_sessions = event_sessions;
	s.free_bytes = 3LL << 30;
	admin_status_done(a, &s);
}

static admin *logged_in(int event_sessions)
{
	admin *a = make(true);
	admin_open(a);
	type_pin(a, "2468");
	admin_key(a, FLOW_KEY_RETURN);
	admin_pin_done(a, true);
	status_answer(a, event_sessions);
	H.log[0] = '\0';
	return a;
}

static void test_open_without_pin(void **state)
{
	(void)state;
	admin *a = make(false);
	assert_false(admin_is_open(a));
	admin_open(a);
	assert_int_equal(admin_current(a), ADMIN_STATUS);
	admin_view v = view(a);
	assert_false(v.pin_set);
	assert_false(v.status_ready);
	assert_int_equal(H.status_asks, 1);
	status_answer(a, 0);
	assert_true(view(a).status_ready);
	/* Escape on status closes, as "close" does. */
	admin_escape(a);
	assert_false(admin_is_open(a));
	assert_string_equal(H.log, "close() ");
	admin_free(a);
}

static void test_right_pin(void **state)
{
	(void)state;
	admin *a = make(true);
	admin_open(a);
	assert_int_equal(admin_current(a), ADMIN_PIN);
	type_pin(a, "24");
	admin_text(a, "6x8");    /* keys: only digits count */
	assert_int_equal(view(a).pin_digits, 4);
	admin_key(a, FLOW_KEY_BACKSPACE);
	admin_text(a, "8");
	assert_true(admin_press(a, "pin:ok"));
	assert_string_equal(H.pin, "2468");
	admin_view v = view(a);
	assert_true(v.checking);
	assert_int_equal(v.pin_digits, 0);
	/* No input while the host checks. */
	type_pin(a, "1");
	assert_int_equal(view(a).pin_digits, 0);
	admin_escape(a);
	assert_int_equal(admin_current(a), ADMIN_PIN);
	admin_pin_done(a, true);
	assert_int_equal(admin_current(a), ADMIN_STATUS);
	assert_string_equal(H.log, "login() ");
	assert_int_equal(H.lock.failures, 0);
	assert_true(H.lock_saves >= 1);
	assert_int_equal(H.status_asks, 1);
	admin_free(a);
}

static void wrong(admin *a)
{
	type_pin(a, "1111");
	assert_true(admin_press(a, "pin:ok"));
	admin_pin_done(a, false);
}

static void test_five_wrong_lock_a_minute(void **state)
{
	(void)state;
	admin *a = make(true);
	admin_open(a);
	for (int i = 0; i < 4; i++)
		wrong(a);
	admin_view v = view(a);
	assert_true(v.pin_wrong);
	assert_int_equal(v.locked_s, 0);
	assert_int_equal(H.lock.failures, 4);
	assert_int_equal(admin_next_deadline(a), FLOW_NO_DEADLINE);
	wrong(a);
	assert_string_equal(H.log, "pin-wrong() pin-wrong() pin-wrong() pin-wrong() pin-wrong() "
	                           "locked() ");
	assert_int_equal(H.lock.failures, 5);
	assert_int_equal(H.lock.locked_until_ms, H.wall + ADMIN_LOCK_MS);
	assert_int_equal(view(a).locked_s, 60);
	/* Locked: the right PIN is not even taken. */
	type_pin(a, "2468");
	assert_int_equal(view(a).pin_digits, 0);
	admin_press(a, "pin:ok");
	assert_string_equal(H.pin, "1111");
	/* The countdown wakes each second. */
	assert_int_equal(admin_next_deadline(a), H.mono + 1000);
	uint64_t ver = admin_version(a);
	H.mono += 1000;
	H.wall += 1000;
	admin_tick(a);
	assert_int_equal(view(a).locked_s, 59);
	assert_true(admin_version(a) > ver);
	H.mono += 400;
	H.wall += 400;
	assert_int_equal(admin_next_deadline(a), H.mono + 600);
	/* A minute of wall time later it takes PINs again, five fresh tries. */
	H.wall += 58600;
	H.mono += 58600;
	admin_tick(a);
	assert_int_equal(view(a).locked_s, 0);
	assert_int_equal(H.lock.failures, 0);
	assert_int_equal(H.lock.locked_until_ms, 0);
	type_pin(a, "2468");
	admin_press(a, "pin:ok");
	assert_string_equal(H.pin, "2468");
	admin_free(a);
}

static void test_lock_survives_restart(void **state)
{
	(void)state;
	admin *a = make(true);
	/* As the store kept it: locked for 42.5 s more. */
	audit_lock l = { 5, H.wall + 42500 };
	admin_set_lock(a, &l);
	admin_open(a);
	assert_int_equal(admin_current(a), ADMIN_PIN);
	assert_int_equal(view(a).locked_s, 43);
	type_pin(a, "2468");
	admin_key(a, FLOW_KEY_RETURN);
	assert_string_equal(H.pin, "");
	assert_int_equal(admin_next_deadline(a), H.mono + 500);
	/* Wall time moved on while the kiosk was off: the lock is over. */
	admin_escape(a);
	assert_false(admin_is_open(a));
	H.wall += 43000;
	admin_open(a);
	assert_int_equal(view(a).locked_s, 0);
	type_pin(a, "2468");
	admin_key(a, FLOW_KEY_RETURN);
	assert_string_equal(H.pin, "2468");
	/* One wrong PIN after an old lock is the first of five, not a sixth. */
	admin_pin_done(a, false);
	assert_int_equal(H.lock.failures, 1);
	assert_int_equal(view(a).locked_s, 0);
	admin_free(a);
}

static void test_wrong_pin_says_nothing_of_the_right_one(void **state)
{
	(void)state;
	admin *a = make(true);
	admin_open(a);
	type_pin(a, "246");
	admin_press(a, "pin:ok");
	admin_pin_done(a, false);
	admin_view v = view(a);
	/* The same view as any other wrong PIN: nothing hints at length or digits. */
	admin_view w;
	type_pin(a, "99999999");
	admin_press(a, "pin:ok");
	admin_pin_done(a, false);
	admin_view_get(a, &w);
	assert_int_equal(v.pin_digits, 0);
	assert_int_equal(w.pin_digits, 0);
	assert_true(v.pin_wrong && w.pin_wrong);
	assert_int_equal(v.locked_s, w.locked_s);
	admin_free(a);
}

static void test_tabs_and_close(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	assert_true(admin_press(a, "tab:event"));
	assert_int_equal(admin_current(a), ADMIN_EVENT);
	admin_escape(a);
	assert_int_equal(admin_current(a), ADMIN_STATUS);
	assert_int_equal(H.status_asks, 2);
	assert_false(admin_press(a, "pin:1"));
	assert_false(admin_press(a, "no-such-control"));
	assert_true(admin_press(a, "lang:de"));
	assert_string_equal(admin_language(a), "de");
	assert_false(admin_press(a, "lang:xx"));
	assert_true(admin_press(a, "extra:150"));
	assert_int_equal(H.extra, 150);
	assert_int_equal(view(a).extra_percent, 150);
	assert_false(admin_press(a, "extra:175"));
	assert_true(admin_press(a, "close"));
	assert_false(admin_is_open(a));
	assert_string_equal(H.log, "extra-time(150) close() ");
	admin_free(a);
}

static const admin_question *row(const admin_view *v, const char *id)
{
	for (int i = 0; i < v->nquestions; i++)
		if (strcmp(v->questions[i].id, id) == 0)
			return &v->questions[i];
	return NULL;
}

/* Presses q:<id>, paging forward to the page that lists it. */
static void toggle(admin *a, const char *id)
{
	admin_view v = view(a);
	while (!row(&v, id)) {
		assert_true(v.page + 1 < v.pages);
		admin_press(a, "q-next");
		v = view(a);
	}
	char cid[80];
	snprintf(cid, sizeof cid, "q:%s", id);
	assert_true(admin_press(a, cid));
}

static void test_event_mix_live(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:event");
	admin_view v = view(a);
	assert_int_equal(v.selected, ev.question_count);
	assert_int_equal(v.save_block, ADMIN_SAVE_OK);
	assert_int_equal(v.pages, (bundled.question_count + ADMIN_PAGE_QUESTIONS - 1) /
	                          ADMIN_PAGE_QUESTIONS);
	/* Drop every "general" question: the mix says so at once. */
	const char *general = NULL;
	int dropped = 0;
	for (int i = 0; i < ev.question_count; i++) {
		const pack_question *q = pack_find(&bundled, ev.questions[i]);
		if (q->type == QTYPE_GENERAL) {
			while (view(a).page > 0)
				admin_press(a, "q-prev");
			toggle(a, q->id);
			general = q->id;
			dropped++;
		}
	}
	assert_non_null(general);
	v = view(a);
	assert_true(v.mix.no_background);
	assert_int_equal(v.mix.count[QTYPE_GENERAL], 0);
	assert_int_equal(v.selected, ev.question_count - dropped);
	/* One back: the mix is whole again. */
	while (view(a).page > 0)
		admin_press(a, "q-prev");
	toggle(a, general);
	v = view(a);
	assert_false(v.mix.no_background);
	assert_int_equal(v.mix.count[QTYPE_GENERAL], 1);
	admin_free(a);
}

static void test_event_few_and_full(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:event");
	/* Unselect everything on the first page that is selected, select the first 8. */
	admin_view v = view(a);
	for (int i = 0; i < ev.question_count; i++) {
		char id[80];
		snprintf(id, sizeof id, "%s", ev.questions[i]);
		while (view(a).page > 0)
			admin_press(a, "q-prev");
		toggle(a, id);
	}
	v = view(a);
	assert_int_equal(v.selected, 0);
	assert_int_equal(v.save_block, ADMIN_SAVE_FEW);
	assert_true(v.mix.no_background && v.mix.few_experience && v.mix.no_situational);
	admin_press(a, "save");
	assert_int_equal(H.saves, 0);
	while (view(a).page > 0)
		admin_press(a, "q-prev");
	for (int i = 0; i < 8; i++)
		toggle(a, bundled.questions[i].id);
	v = view(a);
	assert_int_equal(v.selected, 8);
	assert_int_equal(v.save_block, ADMIN_SAVE_OK);
	/* A ninth is refused and says why. */
	toggle(a, bundled.questions[8].id);
	v = view(a);
	assert_int_equal(v.selected, 8);
	assert_int_equal(v.refused, ADMIN_REFUSED_FULL);
	admin_free(a);
}

static void test_settings_steppers(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:event");
	admin_view v = view(a);
	int limit = v.time_limit_s, idle = v.idle_s, thr = v.threshold;
	admin_press(a, "limit+");
	admin_press(a, "idle-");
	admin_press(a, "threshold+");
	v = view(a);
	assert_int_equal(v.time_limit_s, limit + 30);
	assert_int_equal(v.idle_s, idle - 15);
	assert_int_equal(v.threshold, thr + 5);
	assert_int_equal(v.total_s, v.time_limit_s * v.selected);
	for (int i = 0; i < 40; i++)
		admin_press(a, "threshold+");
	assert_int_equal(view(a).threshold, 100);
	for (int i = 0; i < 200; i++)
		admin_press(a, "limit-");
	assert_int_equal(view(a).time_limit_s, 0);   /* no limit */
	assert_int_equal(view(a).total_s, 0);
	admin_press(a, "limit+");
	assert_int_equal(view(a).time_limit_s, 30);
	/* Languages: at least one stays on offer. */
	for (int i = 0; i < LANG_COUNT; i++) {
		char id[32];
		snprintf(id, sizeof id, "offer:%s", lang_all()[i].code);
		admin_press(a, id);
	}
	v = view(a);
	assert_int_equal(v.offered_count, 1);
	assert_string_equal(v.offered[0], lang_all()[LANG_COUNT - 1].code);
	assert_int_equal(v.refused, ADMIN_REFUSED_LAST_LANGUAGE);
	admin_press(a, "offer:ar");
	v = view(a);
	assert_int_equal(v.offered_count, 2);
	assert_string_equal(v.offered[0], "ar");   /* in the attract screen's order */
	bool email = v.email, phone = v.phone, practice = v.practice;
	admin_press(a, "contact:email");
	admin_press(a, "contact:phone");
	admin_press(a, "practice");
	v = view(a);
	assert_true(v.email != email && v.phone != phone && v.practice != practice);
	admin_press(a, "save");
	assert_int_equal(H.saves, 1);
	assert_int_equal(H.saved.time_limit_s, 30);
	assert_int_equal(H.saved.threshold, 100);
	assert_int_equal(H.saved.language_count, 2);
	assert_true(H.saved.practice != practice);
	admin_free(a);
}

static void test_save_new_id_when_sessions_exist(void **state)
{
	(void)state;
	admin *a = logged_in(3);
	admin_press(a, "tab:event");
	/* Settings outside the hash: the same event, even with sessions. */
	admin_press(a, "idle+");
	assert_string_equal(view(a).new_event_id, "");
	admin_press(a, "threshold-");
	assert_string_equal(view(a).new_event_id, "fair-2026-2");
	admin_press(a, "save");
	assert_int_equal(H.saves, 1);
	assert_string_equal(H.saved.id, "fair-2026-2");
	assert_int_equal(H.saved.threshold, ev.threshold - 5);
	assert_true(view(a).saving);
	assert_false(admin_press(a, "tab:status") && admin_current(a) != ADMIN_EVENT);
	int asks = H.status_asks;
	admin_event_done(a, true, "Saved.");
	admin_view v = view(a);
	assert_true(v.event_done && v.event_ok);
	assert_string_equal(v.event_message, "Saved.");
	assert_string_equal(H.log, "event-change(fair-2026 -> fair-2026-2) ");
	assert_int_equal(H.status_asks, asks + 1);
	admin_free(a);
}

static void test_save_same_id_without_sessions(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:event");
	admin_press(a, "threshold-");
	toggle(a, ev.questions[0]);
	const char *unused = NULL;
	for (int i = bundled.question_count - 1; i >= 0 && !unused; i--) {
		bool in = false;
		for (int k = 0; k < ev.question_count; k++)
			in = in || strcmp(ev.questions[k], bundled.questions[i].id) == 0;
		if (!in)
			unused = bundled.questions[i].id;
	}
	toggle(a, unused);
	assert_string_equal(view(a).new_event_id, "");
	admin_press(a, "save");
	assert_string_equal(H.saved.id, "fair-2026");
	assert_int_equal(H.saved.question_count, ev.question_count);
	assert_string_not_equal(H.saved.hash, ev.hash);
	admin_event_done(a, false, "events/fair-2026.json: No space left on device");
	admin_view v = view(a);
	assert_true(v.event_done);
	assert_false(v.event_ok);
	assert_false(v.saving);
	assert_string_equal(H.log, "");
	admin_free(a);
}

static void test_load_pack(void **state)
{
	(void)state;
	admin *a = logged_in(2);
	admin_press(a, "tab:event");
	admin_press(a, "threshold+");
	assert_true(admin_press(a, "load-pack"));
	assert_int_equal(admin_current(a), ADMIN_PACKS);
	assert_true(view(a).scanning);
	assert_false(admin_press(a, "pack:0"));
	admin_place packs[2];
	memset(packs, 0, sizeof packs);
	snprintf(packs[0].path, sizeof packs[0].path, "/media/usb/packs/a");
	snprintf(packs[1].path, sizeof packs[1].path, "/media/usb/packs/b");
	admin_media_done(a, NULL, 0, packs, 2);
	assert_int_equal(view(a).npacks, 2);
	assert_false(admin_press(a, "pack:2"));
	/* Back keeps the draft, as does the event tab. */
	admin_press(a, "back");
	assert_int_equal(view(a).threshold, ev.threshold + 5);
	admin_press(a, "load-pack");
	admin_press(a, "tab:event");
	assert_int_equal(admin_current(a), ADMIN_EVENT);
	assert_int_equal(view(a).threshold, ev.threshold + 5);
	admin_press(a, "load-pack");
	admin_media_done(a, NULL, 0, packs, 2);
	assert_true(admin_press(a, "pack:1"));
	assert_string_equal(H.installed, "/media/usb/packs/b");
	assert_true(view(a).busy);
	admin_pack_done(a, true, "backend-developer 1.1");
	assert_int_equal(admin_current(a), ADMIN_EVENT);
	/* The host hands over the newly installed pack: a new pack, a default selection. */
	pack other = bundled;
	snprintf(other.hash, sizeof other.hash, "sha256:%064d", 1);
	admin_set_event(a, &ev, &other);
	admin_view v = view(a);
	assert_int_equal(v.selected, ev.question_count);
	assert_true(v.event_done && v.event_ok);
	assert_string_equal(v.event_message, "backend-developer 1.1");
	assert_string_equal(v.new_event_id, "fair-2026-2");
	assert_string_equal(H.log, "pack-install(backend-developer 1.1) ");
	admin_free(a);
}

static void test_export(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:export");
	assert_int_equal(admin_current(a), ADMIN_EXPORT);
	assert_int_equal(H.scans, 1);
	admin_media_done(a, NULL, 0, NULL, 0);
	admin_view v = view(a);
	assert_true(v.scanned);
	assert_int_equal(v.ntargets, 0);
	assert_true(admin_press(a, "rescan"));
	assert_int_equal(H.scans, 2);
	admin_place t;
	memset(&t, 0, sizeof t);
	snprintf(t.path, sizeof t.path, "/media/hr/STICK");
	snprintf(t.label, sizeof t.label, "STICK");
	t.free_bytes = 1LL << 30;
	admin_media_done(a, &t, 1, NULL, 0);
	assert_true(admin_press(a, "target:0"));
	assert_string_equal(H.export_parent, "/media/hr/STICK");
	assert_int_equal(view(a).export_state, ADMIN_EXPORT_RUNNING);
	/* Running: the tabs wait. */
	admin_press(a, "tab:status");
	admin_press(a, "close");
	admin_escape(a);
	assert_int_equal(admin_current(a), ADMIN_EXPORT);
	admin_export_progress(a, 300, 1200);
	v = view(a);
	assert_int_equal(v.export_done_bytes, 300);
	assert_int_equal(v.export_total_bytes, 1200);
	admin_export_done(a, false, "/media/hr/STICK: the stick is full");
	v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_FINISHED);
	assert_false(v.export_ok);
	assert_string_equal(v.export_message, "/media/hr/STICK: the stick is full");
	assert_true(admin_press(a, "export-again"));
	admin_media_done(a, &t, 1, NULL, 0);
	admin_press(a, "target:0");
	int asks = H.status_asks;
	admin_export_done(a, true, "prescreen-export-x");
	assert_true(view(a).export_ok);
	assert_int_equal(H.status_asks, asks + 1);
	assert_true(admin_press(a, "tab:status"));
	assert_int_equal(admin_current(a), ADMIN_STATUS);
	admin_free(a);
}


static admin *at_export(int total)
{
	admin *a = logged_in(0);
	admin_press(a, "tab:export");
	admin_status s;
	memset(&s, 0, sizeof s);
	s.counts.total = total;
	admin_status_done(a, &s);
	admin_place t;
	memset(&t, 0, sizeof t);
	snprintf(t.path, sizeof t.path, "/media/hr/STICK");
	snprintf(t.label, sizeof t.label, "STICK");
	admin_media_done(a, &t, 1, NULL, 0);
	H.log[0] = '\0';
	return a;
}

static void test_export_erase_asks_first(void **state)
{
	(void)state;
	admin *a = at_export(12);
	assert_true(admin_press(a, "export-erase:0"));
	admin_view v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_CONFIRM);
	assert_true(v.export_erase);
	assert_int_equal(v.export_erase_count, 12);
	/* Nothing started before the answer. */
	assert_string_equal(H.erase_parent, "");
	assert_string_equal(H.export_parent, "");
	assert_false(admin_press(a, "target:0"));
	assert_true(admin_press(a, "export-erase-confirm"));
	assert_string_equal(H.erase_parent, "/media/hr/STICK");
	assert_string_equal(H.export_parent, "");
	v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_RUNNING);
	assert_true(v.busy);
	/* A plain export's outcome is not this one's. */
	int asks = H.status_asks;
	admin_export_erased(a, "prescreen-export-x", 12, 12);
	v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_FINISHED);
	assert_true(v.export_ok);
	assert_int_equal(v.exported, 12);
	assert_int_equal(v.erased, 12);
	assert_string_equal(v.export_message, "prescreen-export-x");
	assert_string_equal(H.log, "export-erase(12 prescreen-export-x) ");
	assert_int_equal(H.status_asks, asks + 1);
	/* Back to the sticks: the next export starts as a plain one. */
	assert_true(admin_press(a, "export-again"));
	assert_false(view(a).export_erase);
	assert_int_equal(view(a).erased, -1);
	admin_free(a);
}

static void test_export_erase_failure_erases_nothing(void **state)
{
	(void)state;
	admin *a = at_export(3);
	admin_press(a, "export-erase:0");
	admin_press(a, "export-erase-confirm");
	admin_export_done(a, false, "The stick is full.");
	admin_view v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_FINISHED);
	assert_false(v.export_ok);
	assert_true(v.export_erase);    /* the screen says nothing was erased */
	assert_int_equal(v.erased, -1);
	assert_string_equal(H.log, "");
	assert_int_equal(H.nerased, 0);
	/* A late "erased" for a finished export changes nothing. */
	admin_export_erased(a, "prescreen-export-x", 3, 3);
	assert_false(view(a).export_ok);
	assert_string_equal(H.log, "");
	admin_free(a);
}

static void test_export_erase_cancel_and_held(void **state)
{
	(void)state;
	admin *a = at_export(5);
	admin_press(a, "export-erase:0");
	assert_true(admin_press(a, "export-erase-cancel"));
	admin_view v = view(a);
	assert_int_equal(v.export_state, ADMIN_EXPORT_CHOOSE);
	assert_false(v.export_erase);
	assert_string_equal(H.erase_parent, "");
	/* A plain export after the cancel exports only. */
	assert_true(admin_press(a, "target:0"));
	assert_string_equal(H.export_parent, "/media/hr/STICK");
	assert_string_equal(H.erase_parent, "");
	admin_export_erased(a, "prescreen-export-x", 5, 5);   /* not an erasing export: ignored */
	assert_int_equal(view(a).export_state, ADMIN_EXPORT_RUNNING);
	admin_free(a);
	/* Nothing to erase, or the count not known yet: the button does nothing. */
	a = at_export(0);
	assert_true(admin_press(a, "export-erase:0"));
	assert_int_equal(view(a).export_state, ADMIN_EXPORT_CHOOSE);
	admin_free(a);
	a = logged_in(0);
	admin_press(a, "tab:export");
	admin_place t;
	memset(&t, 0, sizeof t);
	admin_media_done(a, &t, 1, NULL, 0);
	assert_false(view(a).status_ready);
	assert_true(admin_press(a, "export-erase:0"));
	assert_int_equal(view(a).export_state, ADMIN_EXPORT_CHOOSE);
	assert_false(admin_press(a, "export-erase:1"));
	admin_free(a);
}

static admin_found a_session(void)
{
	admin_found f;
	memset(&f, 0, sizeof f);
	snprintf(f.id, sizeof f.id, "01JDQ3ZP4K7B2M9XW5T8R6N0AC");
	f.started_at = 1764580000000LL;
	snprintf(f.language, sizeof f.language, "ja");
	f.status = SESSION_ABANDONED;
	return f;
}

static void test_erase_by_receipt_code(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	assert_true(admin_press(a, "tab:erase"));
	assert_int_equal(admin_current(a), ADMIN_ERASE);
	assert_string_equal(admin_screen_name(ADMIN_ERASE), "admin-erase");
	/* Not a code: told at once, the host not asked. */
	admin_text(a, "hello");
	admin_key(a, FLOW_KEY_RETURN);
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_BAD_CODE);
	assert_string_equal(H.receipt, "");
	for (int i = 0; i < 5; i++)
		admin_key(a, FLOW_KEY_BACKSPACE);
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_TYPING);
	assert_string_equal(view(a).code->text, "");
	/* As a candidate reads it out: lower case, a space for the dash. */
	admin_text(a, "acde fg");
	admin_text(a, "hj");
	assert_string_equal(view(a).code->text, "acde fghj");
	assert_true(admin_press(a, "erase-find"));
	admin_view v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_FINDING);
	assert_string_equal(H.receipt, "ACDE-FGHJ");
	assert_true(v.busy);
	/* Looking up: the tabs and the field wait. */
	admin_press(a, "tab:status");
	admin_text(a, "x");
	assert_int_equal(admin_current(a), ADMIN_ERASE);
	assert_string_equal(view(a).code->text, "acde fghj");
	assert_false(admin_press(a, "erase-confirm"));
	admin_found f = a_session();
	admin_receipt_done(a, 0, &f, NULL);
	v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_FOUND);
	assert_string_equal(v.found.id, f.id);
	assert_string_equal(v.found.language, "ja");
	assert_int_equal(v.found.status, SESSION_ABANDONED);
	assert_int_equal(v.found.started_at, f.started_at);
	/* Return does not erase: only the button does. */
	admin_key(a, FLOW_KEY_RETURN);
	assert_int_equal(H.nerased, 0);
	assert_true(admin_press(a, "erase-confirm"));
	assert_int_equal(H.nerased, 1);
	assert_string_equal(H.erased[0], f.id);
	assert_string_equal(H.log, "erase(ACDE-FGHJ 01JDQ3ZP4K7B2M9XW5T8R6N0AC) ");
	v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_DONE);
	assert_string_equal(v.erase_code, "ACDE-FGHJ");
	/* Once erased, another press erases nothing more. */
	assert_false(admin_press(a, "erase-confirm"));
	assert_int_equal(H.nerased, 1);
	assert_true(admin_press(a, "erase-again"));
	v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_TYPING);
	assert_string_equal(v.code->text, "");
	assert_string_equal(v.found.id, "");
	admin_free(a);
}

static void test_erase_unknown_cancel_and_failure(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:erase");
	admin_text(a, "ACDE-FGHJ");
	admin_key(a, FLOW_KEY_RETURN);
	admin_receipt_done(a, 1, NULL, NULL);
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_UNKNOWN);
	assert_false(admin_press(a, "erase-confirm"));
	/* Editing the code asks again. */
	admin_key(a, FLOW_KEY_BACKSPACE);
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_TYPING);
	admin_text(a, "K");
	admin_key(a, FLOW_KEY_RETURN);
	assert_string_equal(H.receipt, "ACDE-FGHK");
	admin_found f = a_session();
	admin_receipt_done(a, 0, &f, NULL);
	assert_true(admin_press(a, "erase-cancel"));
	admin_view v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_TYPING);
	assert_string_equal(v.code->text, "");
	assert_int_equal(H.nerased, 0);
	/* The writer's queue refused it: said so, nothing audited. */
	admin_text(a, "acdefghk");
	admin_key(a, FLOW_KEY_RETURN);
	admin_receipt_done(a, 0, &f, NULL);
	H.erase_fails = true;
	admin_press(a, "erase-confirm");
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_FAILED);
	assert_string_equal(H.log, "");
	/* The store failed the lookup: its line is shown. */
	admin_key(a, FLOW_KEY_END);
	admin_key(a, FLOW_KEY_RETURN);
	admin_receipt_done(a, -1, NULL, "prescreen.db: disk I/O error");
	v = view(a);
	assert_int_equal(v.erase_state, ADMIN_ERASE_FAILED);
	assert_string_equal(v.erase_message, "prescreen.db: disk I/O error");
	/* Leaving admin mode forgets the code. */
	admin_press(a, "close");
	admin_open(a);
	type_pin(a, "2468");
	admin_key(a, FLOW_KEY_RETURN);
	admin_pin_done(a, true);
	admin_press(a, "tab:erase");
	assert_string_equal(view(a).code->text, "");
	assert_int_equal(view(a).erase_state, ADMIN_ERASE_TYPING);
	admin_free(a);
}

static void test_status_sealed_or_not(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_view v = view(a);
	assert_false(v.sealed);      /* the default event is unsealed */
	memset(ev.public_key, 0x42, sizeof ev.public_key);
	ev.has_public_key = true;
	ev.unsealed = false;
	v = view(a);
	assert_true(v.sealed);
	char id[SEAL_KEY_ID_LEN];
	seal_key_id(ev.public_key, id);
	assert_int_equal(strlen(id), SEAL_KEY_ID_LEN - 1);
	assert_string_equal(v.seal_key_id, id);
	ev.has_public_key = false;
	ev.unsealed = true;
	assert_false(view(a).sealed);
	admin_free(a);
}

static void test_leave(void **state)
{
	(void)state;
	admin *a = logged_in(0);
	admin_press(a, "tab:leave");
	assert_int_equal(admin_current(a), ADMIN_LEAVE);
	assert_true(admin_press(a, "leave-cancel"));
	assert_int_equal(admin_current(a), ADMIN_STATUS);
	assert_int_equal(H.leaves, 0);
	admin_press(a, "tab:leave");
	assert_true(admin_press(a, "leave-confirm"));
	assert_int_equal(H.leaves, 1);
	assert_string_equal(H.log, "leave() ");
	admin_free(a);
}

static void test_screen_names(void **state)
{
	(void)state;
	assert_string_equal(admin_screen_name(ADMIN_PIN), "admin-pin");
	assert_string_equal(admin_screen_name(ADMIN_STATUS), "admin-status");
	assert_string_equal(admin_screen_name(ADMIN_EVENT), "admin-event");
	assert_string_equal(admin_screen_name(ADMIN_PACKS), "admin-packs");
	assert_string_equal(admin_screen_name(ADMIN_EXPORT), "admin-export");
	assert_string_equal(admin_screen_name(ADMIN_LEAVE), "admin-leave");
}

static int setup(void **state)
{
	(void)state;
	diag_list d = { 0 };
	int rc = pack_load(BUNDLED, &bundled, &d);
	diag_free(&d);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(&bundled);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_without_pin),
		cmocka_unit_test(test_right_pin),
		cmocka_unit_test(test_five_wrong_lock_a_minute),
		cmocka_unit_test(test_lock_survives_restart),
		cmocka_unit_test(test_wrong_pin_says_nothing_of_the_right_one),
		cmocka_unit_test(test_tabs_and_close),
		cmocka_unit_test(test_event_mix_live),
		cmocka_unit_test(test_event_few_and_full),
		cmocka_unit_test(test_settings_steppers),
		cmocka_unit_test(test_save_new_id_when_sessions_exist),
		cmocka_unit_test(test_save_same_id_without_sessions),
		cmocka_unit_test(test_load_pack),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_export_erase_asks_first),
		cmocka_unit_test(test_export_erase_failure_erases_nothing),
		cmocka_unit_test(test_export_erase_cancel_and_held),
		cmocka_unit_test(test_erase_by_receipt_code),
		cmocka_unit_test(test_erase_unknown_cancel_and_failure),
		cmocka_unit_test(test_status_sealed_or_not),
		cmocka_unit_test(test_leave),
		cmocka_unit_test(test_screen_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
