/*
 * admin.c — admin mode's state machine: the PIN pad and its lock (wall
 * clock, so that a restart does not lift it), the tab bar's navigation, the
 * status screen, leaving. The packs and export screens are in admin_media.c,
 * the event editor's draft in admin_event.c, erasing by receipt code in
 * admin_erase.c. Slow work is asked of the host; its answers
 * come back through the admin_*_done() calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "lang.h"

static int64_t wall_now(const admin *a)
{
	return a->clock.wall_ms(a->clock.ctx);
}

static int64_t mono_now(const admin *a)
{
	return a->clock.mono_ms(a->clock.ctx);
}

void admin_changed(admin *a)
{
	a->version++;
}

void admin_audit(admin *a, const char *action, const char *detail)
{
	if (a->host.audit)
		a->host.audit(a->host.ctx, action, detail ? detail : "");
}

void admin_ask_status(admin *a)
{
	a->status_ready = false;
	if (a->host.status)
		a->host.status(a->host.ctx);
}

void admin_scan(admin *a)
{
	a->scanning = true;
	a->scanned = false;
	a->ntargets = a->npacks = 0;
	admin_changed(a);
	if (a->host.scan_media)
		a->host.scan_media(a->host.ctx);
}

static void pin_wipe(admin *a)
{
	explicit_bzero(a->pin, sizeof a->pin);
	a->pin_len = 0;
}

static bool pin_set(const admin *a)
{
	return a->ev && a->ev->pin_hash[0];
}

/* Milliseconds the lock still holds, 0 when it does not. */
static int64_t lock_left(const admin *a)
{
	if (a->lock.locked_until_ms <= 0)
		return 0;
	int64_t left = a->lock.locked_until_ms - wall_now(a);
	return left > 0 ? left : 0;
}

static int lock_seconds(const admin *a)
{
	return (int)((lock_left(a) + 999) / 1000);
}

static void lock_save(admin *a)
{
	if (a->host.lock_save)
		a->host.lock_save(a->host.ctx, &a->lock);
}

/* A lock whose minute is over gives five fresh tries. */
static void lock_expire(admin *a)
{
	if (a->lock.locked_until_ms > 0 && lock_left(a) == 0) {
		a->lock.locked_until_ms = 0;
		a->lock.failures = 0;
		a->shown_lock_s = 0;
		lock_save(a);
		admin_changed(a);
	}
}

admin *admin_new(flow_clock clock, admin_host host)
{
	admin *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->clock = clock;
	a->host = host;
	a->screen = ADMIN_CLOSED;
	a->extra = 100;
	a->exported = a->erased = -1;
	textbuf_init(&a->code, ADMIN_CODE_MAX);
	admin_erase_reset(a);
	snprintf(a->language, sizeof a->language, "en");
	return a;
}

void admin_free(admin *a)
{
	if (!a)
		return;
	pin_wipe(a);
	textbuf_free(&a->code);
	explicit_bzero(a, sizeof *a);
	free(a);
}

void admin_set_lock(admin *a, const audit_lock *l)
{
	a->lock = *l;
	a->shown_lock_s = lock_seconds(a);
	admin_changed(a);
}

void admin_set_event(admin *a, const event_config *ev, const pack *p)
{
	bool new_pack = a->pack_hash[0] && p && strcmp(a->pack_hash, p->hash) != 0;
	a->ev = ev;
	a->p = p;
	snprintf(a->pack_hash, sizeof a->pack_hash, "%s", p ? p->hash : "");
	if (ev && p)
		admin_event_reset(a, new_pack);
	admin_changed(a);
}

void admin_set_translate(admin *a, flow_translate translate, void *ctx)
{
	a->translate = translate;
	a->translate_ctx = ctx;
	admin_changed(a);
}

void admin_set_language(admin *a, const char *code)
{
	const lang_info *li = lang_find(code);
	if (li) {
		snprintf(a->language, sizeof a->language, "%s", li->code);
		admin_changed(a);
	}
}

void admin_set_extra_time(admin *a, int percent)
{
	a->extra = percent;
	admin_changed(a);
}

static void show(admin *a, admin_screen s)
{
	a->screen = s;
	switch (s) {
	case ADMIN_STATUS:
		admin_ask_status(a);
		break;
	case ADMIN_EVENT:
		a->event_done = false;
		if (a->ev && a->p)
			admin_event_reset(a, false);
		break;
	case ADMIN_PACKS:
		admin_scan(a);
		break;
	case ADMIN_EXPORT:
		a->export_state = ADMIN_EXPORT_CHOOSE;
		a->export_erase = false;
		a->exported = a->erased = -1;
		/* "Export and erase" asks with how many sessions the store holds now. */
		admin_ask_status(a);
		admin_scan(a);
		break;
	case ADMIN_ERASE:
		admin_erase_reset(a);
		break;
	default:
		break;
	}
	admin_changed(a);
}

void admin_open(admin *a)
{
	if (a->screen != ADMIN_CLOSED)
		return;
	pin_wipe(a);
	a->pin_wrong = false;
	a->checking = false;
	if (pin_set(a)) {
		lock_expire(a);
		a->shown_lock_s = lock_seconds(a);
		a->screen = ADMIN_PIN;
		admin_changed(a);
	} else {
		show(a, ADMIN_STATUS);
	}
}

bool admin_is_open(const admin *a)
{
	return a->screen != ADMIN_CLOSED;
}

bool admin_busy(const admin *a)
{
	return a->saving || a->installing || a->export_state == ADMIN_EXPORT_RUNNING ||
	       a->erase_state == ADMIN_ERASE_FINDING;
}

static void close_admin(admin *a, bool logged_in)
{
	pin_wipe(a);
	a->checking = false;
	a->screen = ADMIN_CLOSED;
	admin_erase_reset(a);
	if (logged_in)
		admin_audit(a, "close", "");
	admin_changed(a);
}

static void pin_digit(admin *a, char d)
{
	if (a->checking || lock_left(a) > 0 || a->pin_len >= ADMIN_PIN_MAX)
		return;
	a->pin[a->pin_len++] = d;
	a->pin[a->pin_len] = '\0';
	a->pin_wrong = false;
	admin_changed(a);
}

static void pin_back(admin *a)
{
	if (a->checking || a->pin_len == 0)
		return;
	a->pin[--a->pin_len] = '\0';
	admin_changed(a);
}

static void pin_ok(admin *a)
{
	if (a->checking || lock_left(a) > 0 || a->pin_len == 0)
		return;
	char pin[ADMIN_PIN_MAX + 1];
	memcpy(pin, a->pin, sizeof pin);
	pin_wipe(a);
	a->checking = true;
	admin_changed(a);
	/* The host copies what it needs: our copy is gone once the call returns. */
	if (a->host.verify_pin)
		a->host.verify_pin(a->host.ctx, a->ev->pin_hash, pin);
	explicit_bzero(pin, sizeof pin);
}

static bool press_pin(admin *a, const char *id)
{
	if (strcmp(id, "close") == 0) {
		if (!a->checking)
			close_admin(a, false);
		return true;
	}
	if (strncmp(id, "pin:", 4) != 0)
		return false;
	const char *k = id + 4;
	if (k[0] >= '0' && k[0] <= '9' && k[1] == '\0')
		pin_digit(a, k[0]);
	else if (strcmp(k, "back") == 0)
		pin_back(a);
	else if (strcmp(k, "ok") == 0)
		pin_ok(a);
	else
		return false;
	return true;
}

void admin_back_to_draft(admin *a)
{
	a->screen = ADMIN_EVENT;
	admin_changed(a);
}

static bool press_tabs(admin *a, const char *id)
{
	static const struct { const char *id; admin_screen s; } tabs[] = {
		{ "tab:status", ADMIN_STATUS }, { "tab:event", ADMIN_EVENT },
		{ "tab:export", ADMIN_EXPORT }, { "tab:erase", ADMIN_ERASE },
		{ "tab:leave", ADMIN_LEAVE },
	};
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
		if (strcmp(id, tabs[i].id) == 0) {
			if (admin_busy(a) || a->screen == tabs[i].s)
				return true;
			/* The event tab stays lit over the packs: back to the draft, not a new one. */
			if (a->screen == ADMIN_PACKS && tabs[i].s == ADMIN_EVENT)
				admin_back_to_draft(a);
			else
				show(a, tabs[i].s);
			return true;
		}
	if (strcmp(id, "close") == 0) {
		if (!admin_busy(a))
			close_admin(a, true);
		return true;
	}
	return false;
}

static bool press_status(admin *a, const char *id)
{
	if (strncmp(id, "lang:", 5) == 0) {
		if (!lang_find(id + 5))
			return false;
		admin_set_language(a, id + 5);
		return true;
	}
	if (strncmp(id, "extra:", 6) == 0) {
		int pct = atoi(id + 6);
		if (pct != 100 && pct != 125 && pct != 150 && pct != 200)
			return false;
		a->extra = pct;
		if (a->host.extra_time)
			a->host.extra_time(a->host.ctx, pct);
		char detail[16];
		snprintf(detail, sizeof detail, "%d", pct);
		admin_audit(a, "extra-time", detail);
		admin_changed(a);
		return true;
	}
	return false;
}

static bool press_leave(admin *a, const char *id)
{
	if (strcmp(id, "leave-cancel") == 0) {
		show(a, ADMIN_STATUS);
		return true;
	}
	if (strcmp(id, "leave-confirm") == 0) {
		admin_audit(a, "leave", "");
		if (a->host.leave)
			a->host.leave(a->host.ctx);
		return true;
	}
	return false;
}

bool admin_press(admin *a, const char *id)
{
	switch (a->screen) {
	case ADMIN_CLOSED:
		return false;
	case ADMIN_PIN:
		return press_pin(a, id);
	default:
		break;
	}
	if (press_tabs(a, id))
		return true;
	switch (a->screen) {
	case ADMIN_STATUS: return press_status(a, id);
	case ADMIN_EVENT: return a->ev && a->p && admin_event_press(a, id);
	case ADMIN_PACKS: return admin_press_packs(a, id);
	case ADMIN_EXPORT: return admin_press_export(a, id);
	case ADMIN_ERASE: return admin_erase_press(a, id);
	case ADMIN_LEAVE: return press_leave(a, id);
	default: return false;
	}
}

void admin_text(admin *a, const char *utf8)
{
	if (a->screen == ADMIN_ERASE) {
		admin_erase_text(a, utf8);
		return;
	}
	if (a->screen != ADMIN_PIN)
		return;
	for (const char *c = utf8; *c; c++)
		if (*c >= '0' && *c <= '9')
			pin_digit(a, *c);
}

void admin_key(admin *a, flow_key_id key)
{
	if (a->screen == ADMIN_ERASE) {
		admin_erase_key(a, key);
		return;
	}
	if (a->screen != ADMIN_PIN)
		return;
	if (key == FLOW_KEY_BACKSPACE)
		pin_back(a);
	else if (key == FLOW_KEY_RETURN)
		pin_ok(a);
}

void admin_escape(admin *a)
{
	switch (a->screen) {
	case ADMIN_CLOSED:
		break;
	case ADMIN_PIN:
		if (!a->checking)
			close_admin(a, false);
		break;
	case ADMIN_STATUS:
		if (!admin_busy(a))
			close_admin(a, true);
		break;
	case ADMIN_PACKS:
		if (!admin_busy(a))
			admin_back_to_draft(a);
		break;
	default:
		if (!admin_busy(a))
			show(a, ADMIN_STATUS);
		break;
	}
}

void admin_tick(admin *a)
{
	if (a->screen != ADMIN_PIN)
		return;
	lock_expire(a);
	int s = lock_seconds(a);
	if (s != a->shown_lock_s) {
		a->shown_lock_s = s;
		admin_changed(a);
	}
}

int64_t admin_next_deadline(const admin *a)
{
	int64_t left = lock_left(a);
	if (a->screen != ADMIN_PIN || left <= 0)
		return FLOW_NO_DEADLINE;
	/* When the countdown shows the next second, or the lock ends. */
	int64_t step = left % 1000;
	return mono_now(a) + (step ? step : 1000);
}

uint64_t admin_version(const admin *a)
{
	return a->version;
}

admin_screen admin_current(const admin *a)
{
	return a->screen;
}

const char *admin_language(const admin *a)
{
	return a->language;
}

const char *admin_screen_name(admin_screen s)
{
	switch (s) {
	case ADMIN_CLOSED: return "admin-closed";
	case ADMIN_PIN: return "admin-pin";
	case ADMIN_STATUS: return "admin-status";
	case ADMIN_EVENT: return "admin-event";
	case ADMIN_PACKS: return "admin-packs";
	case ADMIN_EXPORT: return "admin-export";
	case ADMIN_ERASE: return "admin-erase";
	case ADMIN_LEAVE: return "admin-leave";
	}
	return "admin-unknown";
}

void admin_pin_done(admin *a, bool ok)
{
	if (!a->checking)
		return;
	a->checking = false;
	if (ok) {
		a->lock.failures = 0;
		a->lock.locked_until_ms = 0;
		lock_save(a);
		admin_audit(a, "login", "");
		a->pin_wrong = false;
		show(a, ADMIN_STATUS);
		return;
	}
	a->pin_wrong = true;
	a->lock.failures++;
	admin_audit(a, "pin-wrong", "");
	if (a->lock.failures >= ADMIN_MAX_FAILURES) {
		a->lock.locked_until_ms = wall_now(a) + ADMIN_LOCK_MS;
		a->shown_lock_s = lock_seconds(a);
		admin_audit(a, "locked", "");
	}
	lock_save(a);
	admin_changed(a);
}

void admin_status_done(admin *a, const admin_status *s)
{
	a->status = *s;
	a->status_ready = true;
	admin_changed(a);
}

void admin_view_get(const admin *a, admin_view *v)
{
	memset(v, 0, sizeof *v);
	v->screen = a->screen;
	v->language = a->language;
	v->busy = admin_busy(a);
	v->pin_set = pin_set(a);
	v->pin_digits = a->pin_len;
	v->checking = a->checking;
	v->pin_wrong = a->pin_wrong;
	v->locked_s = lock_seconds(a);
	v->status_ready = a->status_ready;
	v->status = a->status;
	v->event_id = a->ev ? a->ev->id : "";
	v->pack_id = a->p ? a->p->id : "";
	v->pack_version = a->p ? a->p->version : "";
	v->sealed = a->ev && a->ev->has_public_key;
	if (v->sealed)
		seal_key_id(a->ev->public_key, v->seal_key_id);
	v->extra_percent = a->extra;
	v->scanning = a->scanning;
	v->scanned = a->scanned;
	v->npacks = a->npacks;
	v->ntargets = a->ntargets;
	v->packs = a->packs;
	v->targets = a->targets;
	v->installing = a->installing;
	v->export_state = a->export_state;
	v->export_done_bytes = a->done_bytes;
	v->export_total_bytes = a->total_bytes;
	v->export_ok = a->export_ok;
	v->export_message = a->export_message;
	v->export_target = a->export_target;
	v->export_erase = a->export_erase;
	v->export_erase_count = a->status_ready ? a->status.counts.total : 0;
	v->exported = a->exported;
	v->erased = a->erased;
	v->code = &a->code;
	v->erase_state = a->erase_state;
	memcpy(v->erase_code, a->erase_code, sizeof v->erase_code);
	v->found = a->found;
	v->erase_message = a->erase_message;
	v->event_done = a->event_done;
	v->event_ok = a->event_ok;
	v->event_message = a->event_message;
	v->saving = a->saving;
	if (a->ev && a->p)
		admin_event_view(a, v);
}
