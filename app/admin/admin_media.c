/*
 * admin_media.c — the admin screens that work with mounted media: the packs
 * found there to install, the sticks to export to with the export's
 * progress and outcome ("export and erase" asking first), and the host's
 * answers for both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"

/* "pack:3" -> 3 when below n, else -1. */
static int place_index(const char *id, const char *prefix, int n)
{
	size_t pl = strlen(prefix);
	if (strncmp(id, prefix, pl) != 0 || id[pl] < '0' || id[pl] > '9')
		return -1;
	char *end;
	long i = strtol(id + pl, &end, 10);
	return *end == '\0' && i < n ? (int)i : -1;
}

bool admin_press_packs(admin *a, const char *id)
{
	int i = place_index(id, "pack:", a->npacks);
	bool known = i >= 0 || strcmp(id, "rescan") == 0 || strcmp(id, "back") == 0;
	if (!known || a->installing)
		return known;
	if (strcmp(id, "rescan") == 0) {
		admin_scan(a);
		return true;
	}
	if (strcmp(id, "back") == 0) {
		admin_back_to_draft(a);
		return true;
	}
	a->installing = true;
	a->event_done = false;
	admin_changed(a);
	if (a->host.install_pack)
		a->host.install_pack(a->host.ctx, a->packs[i].path);
	return true;
}

static void start_export(admin *a, int i, bool erase)
{
	a->export_state = ADMIN_EXPORT_RUNNING;
	a->export_erase = erase;
	a->exported = a->erased = -1;
	a->done_bytes = a->total_bytes = 0;
	a->export_message[0] = '\0';
	snprintf(a->export_target, sizeof a->export_target, "%s", a->targets[i].label);
	admin_changed(a);
	if (erase && a->host.export_erase_to)
		a->host.export_erase_to(a->host.ctx, a->targets[i].path);
	else if (!erase && a->host.export_to)
		a->host.export_to(a->host.ctx, a->targets[i].path);
}

static bool press_confirm(admin *a, const char *id)
{
	if (strcmp(id, "export-erase-confirm") == 0) {
		start_export(a, a->erase_target, true);
		return true;
	}
	if (strcmp(id, "export-erase-cancel") == 0) {
		a->export_state = ADMIN_EXPORT_CHOOSE;
		a->export_erase = false;
		admin_changed(a);
		return true;
	}
	return false;
}

bool admin_press_export(admin *a, const char *id)
{
	if (a->export_state == ADMIN_EXPORT_RUNNING)
		return false;
	if (a->export_state == ADMIN_EXPORT_CONFIRM)
		return press_confirm(a, id);
	if (a->export_state == ADMIN_EXPORT_FINISHED) {
		if (strcmp(id, "export-again") != 0)
			return false;
		a->export_state = ADMIN_EXPORT_CHOOSE;
		a->export_erase = false;
		a->exported = a->erased = -1;
		admin_scan(a);
		return true;
	}
	if (strcmp(id, "rescan") == 0) {
		admin_scan(a);
		return true;
	}
	int i = place_index(id, "export-erase:", a->ntargets);
	if (i >= 0) {
		/* Held back until the count to ask with is known, and while there is nothing to erase. */
		if (!a->status_ready || a->status.counts.total == 0)
			return true;
		a->export_state = ADMIN_EXPORT_CONFIRM;
		a->export_erase = true;
		a->erase_target = i;
		snprintf(a->export_target, sizeof a->export_target, "%s", a->targets[i].label);
		admin_changed(a);
		return true;
	}
	i = place_index(id, "target:", a->ntargets);
	if (i < 0)
		return false;
	start_export(a, i, false);
	return true;
}

void admin_media_done(admin *a, const admin_place *targets, int ntargets,
                      const admin_place *packs, int npacks)
{
	if (ntargets > ADMIN_MAX_PLACES)
		ntargets = ADMIN_MAX_PLACES;
	if (npacks > ADMIN_MAX_PLACES)
		npacks = ADMIN_MAX_PLACES;
	a->ntargets = ntargets > 0 ? ntargets : 0;
	a->npacks = npacks > 0 ? npacks : 0;
	if (a->ntargets)
		memcpy(a->targets, targets, (size_t)a->ntargets * sizeof *targets);
	if (a->npacks)
		memcpy(a->packs, packs, (size_t)a->npacks * sizeof *packs);
	a->scanning = false;
	a->scanned = true;
	admin_changed(a);
}

void admin_pack_done(admin *a, bool ok, const char *message)
{
	if (!a->installing)
		return;
	a->installing = false;
	a->event_done = true;
	a->event_ok = ok;
	snprintf(a->event_message, sizeof a->event_message, "%s", message ? message : "");
	if (ok) {
		admin_audit(a, "pack-install", message);
		/* The host's admin_set_event with the new pack resets the draft. */
		a->screen = ADMIN_EVENT;
	}
	admin_changed(a);
}

void admin_event_done(admin *a, bool ok, const char *message)
{
	if (!a->saving)
		return;
	a->saving = false;
	a->event_done = true;
	a->event_ok = ok;
	snprintf(a->event_message, sizeof a->event_message, "%s", message ? message : "");
	if (ok) {
		char detail[2 * SESSION_SHORT + 8];
		snprintf(detail, sizeof detail, "%s -> %s", a->old_id, a->new_id);
		admin_audit(a, "event-change", detail);
		admin_ask_status(a);
	}
	admin_changed(a);
}

void admin_export_progress(admin *a, long long done_bytes, long long total_bytes)
{
	if (a->export_state != ADMIN_EXPORT_RUNNING)
		return;
	a->done_bytes = done_bytes;
	a->total_bytes = total_bytes;
	admin_changed(a);
}

void admin_export_done(admin *a, bool ok, const char *message)
{
	if (a->export_state != ADMIN_EXPORT_RUNNING)
		return;
	a->export_state = ADMIN_EXPORT_FINISHED;
	a->export_ok = ok;
	snprintf(a->export_message, sizeof a->export_message, "%s", message ? message : "");
	if (ok)
		admin_ask_status(a);
	admin_changed(a);
}

void admin_export_erased(admin *a, const char *bundle, int exported, int erased)
{
	if (a->export_state != ADMIN_EXPORT_RUNNING || !a->export_erase)
		return;
	a->export_state = ADMIN_EXPORT_FINISHED;
	a->export_ok = true;
	a->exported = exported;
	a->erased = erased;
	snprintf(a->export_message, sizeof a->export_message, "%s", bundle ? bundle : "");
	char detail[320];
	snprintf(detail, sizeof detail, "%d %s", erased, a->export_message);
	admin_audit(a, "export-erase", detail);
	admin_ask_status(a);
	admin_changed(a);
}
