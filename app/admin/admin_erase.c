/*
 * admin_erase.c — the "erase a session" screen (SPEC §14, a candidate's
 * request under GDPR art. 17): staff type the receipt code the candidate
 * was shown, the host looks it up, the screen shows which session it is
 * (when it started, its language and status, never a name), and only a
 * confirm erases it, through the host, with an audit line.
 */
#include <stdio.h>
#include <string.h>

#include "admin_internal.h"

void admin_erase_reset(admin *a)
{
	textbuf_free(&a->code);
	textbuf_init(&a->code, ADMIN_CODE_MAX);
	a->code.single_line = true;
	a->erase_state = ADMIN_ERASE_TYPING;
	explicit_bzero(a->erase_code, sizeof a->erase_code);
	explicit_bzero(&a->found, sizeof a->found);
	a->erase_message[0] = '\0';
}

/* An edit after an answer asks again: the answer was for the code as it was. */
static bool editable(admin *a)
{
	switch (a->erase_state) {
	case ADMIN_ERASE_FINDING:
	case ADMIN_ERASE_DONE:
		return false;
	case ADMIN_ERASE_TYPING:
		return true;
	default:
		a->erase_state = ADMIN_ERASE_TYPING;
		explicit_bzero(&a->found, sizeof a->found);
		return true;
	}
}

static void find(admin *a)
{
	if (!editable(a))
		return;
	if (!receipt_normalise(a->code.text ? a->code.text : "", a->erase_code)) {
		a->erase_code[0] = '\0';
		a->erase_state = ADMIN_ERASE_BAD_CODE;
		admin_changed(a);
		return;
	}
	a->erase_state = ADMIN_ERASE_FINDING;
	admin_changed(a);
	if (a->host.find_receipt)
		a->host.find_receipt(a->host.ctx, a->erase_code);
}

static void erase(admin *a)
{
	bool queued = a->host.erase_session && a->host.erase_session(a->host.ctx, a->found.id);
	if (queued) {
		char detail[RECEIPT_LEN + SESSION_ID_LEN + 4];
		snprintf(detail, sizeof detail, "%s %s", a->erase_code, a->found.id);
		admin_audit(a, "erase", detail);
		a->erase_state = ADMIN_ERASE_DONE;
		admin_ask_status(a);
	} else {
		a->erase_state = ADMIN_ERASE_FAILED;
		snprintf(a->erase_message, sizeof a->erase_message, "out of memory");
	}
	admin_changed(a);
}

bool admin_erase_press(admin *a, const char *id)
{
	if (strcmp(id, "field:code") == 0)
		return true;   /* the field has the caret already: nothing else takes text here */
	if (strcmp(id, "erase-find") == 0) {
		find(a);
		return true;
	}
	if (a->erase_state == ADMIN_ERASE_FOUND) {
		if (strcmp(id, "erase-confirm") == 0) {
			erase(a);
			return true;
		}
		if (strcmp(id, "erase-cancel") == 0) {
			admin_erase_reset(a);
			admin_changed(a);
			return true;
		}
	}
	if (strcmp(id, "erase-again") == 0 && a->erase_state == ADMIN_ERASE_DONE) {
		admin_erase_reset(a);
		admin_changed(a);
		return true;
	}
	return false;
}

void admin_erase_text(admin *a, const char *utf8)
{
	if (!editable(a))
		return;
	textbuf_insert(&a->code, utf8, NULL);
	admin_changed(a);
}

void admin_erase_key(admin *a, flow_key_id key)
{
	if (key == FLOW_KEY_RETURN) {
		if (a->erase_state == ADMIN_ERASE_FOUND)
			return;   /* erasing takes the button: Return looks a code up */
		find(a);
		return;
	}
	if (!editable(a))
		return;
	switch (key) {
	case FLOW_KEY_BACKSPACE: textbuf_backspace(&a->code); break;
	case FLOW_KEY_DELETE: textbuf_delete(&a->code); break;
	case FLOW_KEY_LEFT: textbuf_move_caret(&a->code, TB_MOVE_LEFT); break;
	case FLOW_KEY_RIGHT: textbuf_move_caret(&a->code, TB_MOVE_RIGHT); break;
	case FLOW_KEY_HOME: textbuf_move_caret(&a->code, TB_MOVE_HOME); break;
	case FLOW_KEY_END: textbuf_move_caret(&a->code, TB_MOVE_END); break;
	default: return;
	}
	admin_changed(a);
}

void admin_receipt_done(admin *a, int rc, const admin_found *f, const char *message)
{
	if (a->erase_state != ADMIN_ERASE_FINDING)
		return;
	if (rc == 0 && f) {
		a->found = *f;
		a->erase_state = ADMIN_ERASE_FOUND;
	} else if (rc == 1) {
		a->erase_state = ADMIN_ERASE_UNKNOWN;
	} else {
		a->erase_state = ADMIN_ERASE_FAILED;
		snprintf(a->erase_message, sizeof a->erase_message, "%s", message ? message : "");
	}
	admin_changed(a);
}
