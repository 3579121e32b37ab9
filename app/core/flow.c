/*
 * flow.c — the transitions of SPEC §3 and the controls that make them:
 * which screen follows which, what each commit point records, and the
 * dialogs over the question screen. Typing is in flow_input.c, the way to
 * the store in flow_save.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "flow_internal.h"
#include "lang.h"
#include "ulid.h"

void flow_show(flow *f, flow_screen s)
{
	f->screen = s;
	f->screen_since = now_mono(f);
	f->last_activity = f->screen_since;
	f->idle_prompt = false;
	f->dialog = DIALOG_NONE;
	f->shown_tick = -1;
	f->shown_seq = ++f->seq;
	f->compose_resets++;   /* whatever the input method composed is not for this screen */
	flow_changed(f);
}

static answer_record *current_answer(flow *f)
{
	if (f->screen != SCREEN_QUESTION || f->session.answer_count == 0)
		return NULL;
	return &f->session.answers[f->session.answer_count - 1];
}

static void set_owned(char **slot, char *value)
{
	if (value) {
		session_set_string(slot, NULL);
		*slot = value;
	}
}

static void sync_identity(flow *f)
{
	/* Stored trimmed: a name is not "  Ana\n". */
	set_owned(&f->session.name, text_trim_nfc(f->fields[0].text));
	f->session.contact_count = f->field_count - 1;
	for (int i = 1; i < f->field_count; i++) {
		contact_field *c = &f->session.contacts[i - 1];
		snprintf(c->key, sizeof c->key, "%s", f->ev->contacts[i - 1]);
		set_owned(&c->value, text_trim_nfc(f->fields[i].text));
	}
}

void flow_sync(flow *f)
{
	if (f->screen == SCREEN_IDENTITY)
		sync_identity(f);
	answer_record *a = current_answer(f);
	if (!a || a->submitted)
		return;
	set_owned(&a->answer, textbuf_nfc(&f->answer));
	a->characters = text_count_clusters(a->answer);
	a->words = text_count_words(a->answer, f->session.language);
	a->total_ms = now_mono(f) - f->qclock.shown_mono - f->qclock.prompt_ms;
	if (f->idle_prompt)
		a->total_ms -= now_mono(f) - f->prompt_since;
}

/* Forgets the candidate: memory wiped, screen back to attract. */
void flow_reset(flow *f)
{
	session_clear(&f->session);
	textbuf_free(&f->answer);
	textbuf_init(&f->answer, f->ev->max_answer_chars);
	for (int i = 0; i < f->field_count; i++) {
		textbuf_free(&f->fields[i]);
		textbuf_init(&f->fields[i], FLOW_FIELD_LIMIT);
		f->fields[i].single_line = true;
	}
	f->focus = 0;
	f->stored = false;
	flow_save_forget(f);
	/* Staff still need to know of a Stop and delete the store refused. */
	f->notice = f->erase_id[0] ? NOTICE_SAVE_FAILED : NOTICE_NONE;
	flow_show(f, SCREEN_ATTRACT);
}

/* ended_at is when it ended (session.h): end_mono on the monotonic clock. */
static void finish(flow *f, session_status status, int64_t end_mono)
{
	if (!f->stored) {
		flow_reset(f);
		return;
	}
	flow_commit_compose(f);
	flow_sync(f);
	f->session.status = status;
	f->session.ended_at = now_wall(f) - (now_mono(f) - end_mono);
	flow_commit(f, status == SESSION_COMPLETED ? ACT_DONE : ACT_RESET);
}

static const char *question_field(flow *f, const pack_question *q, const char *field,
                                  const char *source)
{
	if (!f->translate)
		return source;
	return f->translate(f->translate_ctx, f->session.language, q->id, field, source);
}

static void show_question(flow *f, int index)
{
	const pack_question *q = pack_find(f->pack, f->ev->questions[index]);
	answer_record *a = &f->session.answers[index];

	memset(a, 0, sizeof *a);
	snprintf(a->question_id, sizeof a->question_id, "%s", q->id);
	snprintf(a->type, sizeof a->type, "%s", pack_type_name(q->type));
	session_set_string(&a->question_text, question_field(f, q, "text", q->text));
	session_set_string(&a->answer, "");
	a->shown_at = now_wall(f);
	a->first_input_ms = -1;
	a->submitted_ms = -1;
	f->session.answer_count = index + 1;

	/* A fresh buffer: nothing typed or composed carries over. */
	textbuf_free(&f->answer);
	textbuf_init(&f->answer, f->ev->max_answer_chars);
	f->qclock.shown_mono = now_mono(f);
	f->qclock.last_input_mono = -1;
	f->qclock.prompt_ms = 0;
	flow_show(f, SCREEN_QUESTION);
	/* Shown questions are on disk, with their shown_at, from the start. */
	flow_save(f);
}

/* A warm-up that nothing records: the record holds no answer for it. */
static void show_practice(flow *f)
{
	textbuf_free(&f->answer);
	textbuf_init(&f->answer, f->ev->max_answer_chars);
	f->practice_words = 0;
	flow_show(f, SCREEN_PRACTICE);
}

/* show_question's fresh buffer wipes what was typed in practice. */
static void leave_practice(flow *f)
{
	f->practice_words = 0;
	show_question(f, 0);
}

static void submit_answer(flow *f, bool timed_out)
{
	answer_record *a = current_answer(f);
	if (!a)
		return;
	flow_commit_compose(f);
	flow_sync(f);
	a->submitted = true;
	a->timed_out = timed_out;
	a->skipped = !timed_out && a->answer[0] == '\0';
	a->submitted_ms = now_mono(f) - f->qclock.shown_mono;
	f->dialog = DIALOG_NONE;
	if (f->session.answer_count < f->ev->question_count) {
		flow_commit(f, ACT_NEXT);
		return;
	}
	/* The last answer and the end are one write. */
	f->session.status = SESSION_COMPLETED;
	f->session.ended_at = now_wall(f);
	flow_commit(f, ACT_DONE);
}

void flow_perform(flow *f, flow_action act)
{
	switch (act) {
	case ACT_IDENTITY: flow_show(f, SCREEN_IDENTITY); break;
	case ACT_QUESTIONS:
		if (f->ev->practice)
			show_practice(f);
		else
			show_question(f, 0);
		break;
	case ACT_NEXT: show_question(f, f->session.answer_count); break;
	case ACT_DONE: flow_show(f, SCREEN_DONE); break;
	case ACT_RESET: flow_reset(f); break;
	case ACT_NONE:
	case ACT_HOLD:
		break;
	}
}

static void choose_language(flow *f, const char *code)
{
	uint8_t rnd[10];

	session_clear(&f->session);
	f->clock.random(f->clock.ctx, rnd, sizeof rnd);
	ulid_make(now_wall(f), rnd, f->session.id);
	snprintf(f->session.kiosk_id, sizeof f->session.kiosk_id, "%s", f->ev->kiosk_id);
	snprintf(f->session.event_id, sizeof f->session.event_id, "%s", f->ev->id);
	snprintf(f->session.event_hash, sizeof f->session.event_hash, "%s", f->ev->hash);
	f->session.threshold = f->ev->threshold;
	f->session.question_count = f->ev->question_count;
	for (int i = 0; i < f->ev->question_count; i++)
		snprintf(f->session.question_ids[i], SESSION_SHORT, "%s", f->ev->questions[i]);
	snprintf(f->session.pack_id, sizeof f->session.pack_id, "%s", f->pack->id);
	snprintf(f->session.pack_version, sizeof f->session.pack_version, "%s", f->pack->version);
	snprintf(f->session.pack_hash, sizeof f->session.pack_hash, "%s", f->pack->hash);
	snprintf(f->session.language, sizeof f->session.language, "%s", code);
	snprintf(f->session.consent_version, sizeof f->session.consent_version, "%s",
	         f->consent_version);
	f->session.started_at = now_wall(f);
	f->session.status = SESSION_IN_PROGRESS;
	flow_show(f, SCREEN_CONSENT);
}

static void give_consent(flow *f)
{
	f->session.consent_at = now_wall(f);
	/*
	 * The grant goes to the first session recorded after it, and to no one
	 * after: a passer-by who declines or walks away does not use it up.
	 */
	f->session.time_percent = f->extra_time;
	f->extra_time = 100;
	f->stored = true;
	flow_commit(f, ACT_IDENTITY);
}

void flow_submit_identity(flow *f)
{
	flow_commit_compose(f);
	sync_identity(f);
	if (f->session.name == NULL || f->session.name[0] == '\0') {
		f->notice = NOTICE_NAME_REQUIRED;
		flow_focus(f, 0);
		flow_changed(f);
		return;
	}
	f->notice = NOTICE_NONE;
	flow_commit(f, ACT_QUESTIONS);
}

flow *flow_new(const event_config *ev, const pack *p, flow_clock clock, flow_sink sink,
               flow_translate translate, void *translate_ctx)
{
	flow *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->ev = ev;
	f->pack = p;
	f->clock = clock;
	f->sink = sink;
	f->translate = translate;
	f->translate_ctx = translate_ctx;
	f->extra_time = 100;
	/* The text the candidate agrees to is fixed for this run of the kiosk. */
	consent_version(ev, f->consent_version);
	session_init(&f->session);
	textbuf_init(&f->answer, ev->max_answer_chars);
	f->field_count = 1 + ev->contact_count;
	for (int i = 0; i < f->field_count; i++)
		textbuf_init(&f->fields[i], FLOW_FIELD_LIMIT);
	flow_reset(f);
	return f;
}

void flow_free(flow *f)
{
	if (!f)
		return;
	session_clear(&f->session);
	textbuf_free(&f->answer);
	for (int i = 0; i < f->field_count; i++)
		textbuf_free(&f->fields[i]);
	explicit_bzero(f->erase_id, sizeof f->erase_id);
	free(f);
}

static bool language_offered(const flow *f, const char *code)
{
	for (int i = 0; i < f->ev->language_count; i++)
		if (strcmp(f->ev->languages[i], code) == 0)
			return true;
	return false;
}

void flow_touch(flow *f)
{
	if (f->screen == SCREEN_ATTRACT) {
		/* The language screen goes on in the language that invited. */
		f->attract_language = flow_attract_language(f);
		flow_show(f, SCREEN_LANGUAGE);
		return;
	}
	if (!flow_held(f))
		flow_note_activity(f);
}

/*
 * A second tap of a double tap lands on what has just appeared: ignored.
 * Typing in between shows the tap is meant (only a script types that fast).
 */
static bool guarded(const flow *f, int64_t since)
{
	return now_mono(f) - since < FLOW_NEXT_GUARD_MS;
}

static bool next_guarded(const flow *f)
{
	return guarded(f, f->screen_since) && f->typed_seq < f->shown_seq;
}

static void open_dialog(flow *f, flow_dialog d)
{
	f->dialog = d;
	f->dialog_since = now_mono(f);
	flow_changed(f);
}

static void erase_session(flow *f)
{
	flow_erase_stored(f);
	flow_reset(f);
}

static bool dialog_press(flow *f, const char *id)
{
	static const struct {
		flow_dialog dialog;
		const char *id;
	} buttons[] = {
		{ DIALOG_SKIP, "skip-confirm" }, { DIALOG_SKIP, "skip-cancel" },
		{ DIALOG_ERASE, "erase-confirm" }, { DIALOG_ERASE, "erase-cancel" },
	};
	int b = -1;

	for (int i = 0; i < (int)(sizeof buttons / sizeof buttons[0]); i++)
		if (buttons[i].dialog == f->dialog && strcmp(buttons[i].id, id) == 0)
			b = i;
	if (b < 0)
		return false;   /* the dialog covers everything else */
	if (guarded(f, f->dialog_since))
		return true;
	f->dialog = DIALOG_NONE;
	flow_changed(f);
	switch (b) {
	case 0: submit_answer(f, false); break;
	case 2: erase_session(f); break;
	default: break;
	}
	return true;
}

static bool question_press(flow *f, const char *id)
{
	if (strcmp(id, "next") == 0) {
		if (next_guarded(f))
			return true;
		flow_commit_compose(f);
		if (f->answer.len == 0)
			open_dialog(f, DIALOG_SKIP);
		else
			submit_answer(f, false);
		return true;
	}
	if (strcmp(id, "erase") == 0) {
		flow_commit_compose(f);
		open_dialog(f, DIALOG_ERASE);
		return true;
	}
	return strcmp(id, "answer") == 0;
}

static bool practice_press(flow *f, const char *id)
{
	if (strcmp(id, "next") == 0) {
		/* An empty warm-up skips nothing: no dialog. */
		if (!next_guarded(f))
			leave_practice(f);
		return true;
	}
	if (strcmp(id, "erase") == 0) {
		flow_commit_compose(f);
		open_dialog(f, DIALOG_ERASE);
		return true;
	}
	return strcmp(id, "answer") == 0;
}

void flow_grant_extra_time(flow *f, int percent)
{
	if (percent == 100 || percent == 125 || percent == 150 || percent == 200)
		f->extra_time = percent;
}

int flow_extra_time(const flow *f)
{
	return f->extra_time;
}

static bool identity_press(flow *f, const char *id)
{
	if (strncmp(id, "field:", 6) == 0) {
		for (int i = 0; i < f->field_count; i++) {
			const char *key = i == 0 ? "name" : f->ev->contacts[i - 1];
			if (strcmp(id + 6, key) == 0) {
				flow_focus(f, i);
				return true;
			}
		}
		return false;
	}
	if (strcmp(id, "next") == 0) {
		if (!next_guarded(f))
			flow_submit_identity(f);
		return true;
	}
	return false;
}

bool flow_press(flow *f, const char *id)
{
	if (f->screen == SCREEN_ATTRACT) {
		if (strncmp(id, "lang:", 5) == 0 && language_offered(f, id + 5))
			choose_language(f, id + 5);
		else
			flow_touch(f);
		return true;
	}
	/*
	 * Held presses are dropped, not queued: the screen they were aimed at
	 * is about to change, and a tap meant for it must not land on the next.
	 */
	if (flow_held(f))
		return true;
	bool was_prompt = f->idle_prompt;
	flow_note_activity(f);
	if (was_prompt)
		return true;   /* any tap, "still-here" or not, answers the prompt */
	if (f->dialog != DIALOG_NONE)
		return dialog_press(f, id);

	switch (f->screen) {
	case SCREEN_LANGUAGE:
		if (strncmp(id, "lang:", 5) == 0 && language_offered(f, id + 5)) {
			choose_language(f, id + 5);
			return true;
		}
		if (strcmp(id, "back") == 0) {
			flow_reset(f);
			return true;
		}
		return false;
	case SCREEN_CONSENT:
		if (strcmp(id, "agree") == 0) {
			give_consent(f);
			return true;
		}
		if (strcmp(id, "decline") == 0) {
			flow_reset(f);   /* nothing was stored */
			return true;
		}
		return false;
	case SCREEN_IDENTITY:
		return identity_press(f, id);
	case SCREEN_PRACTICE:
		return practice_press(f, id);
	case SCREEN_QUESTION:
		return question_press(f, id);
	case SCREEN_DONE:
		if (strcmp(id, "finish") == 0) {
			flow_reset(f);
			return true;
		}
		return false;
	case SCREEN_ATTRACT:
		break;
	}
	return false;
}

void flow_tick(flow *f)
{
	int64_t now;

	flow_save_tick(f);
	now = now_mono(f);
	if (flow_view_tick(f) != f->shown_tick) {
		f->shown_tick = flow_view_tick(f);
		flow_changed(f);
	}
	if (f->screen == SCREEN_DONE) {
		if (now - f->screen_since >= (int64_t)f->ev->done_s * 1000)
			flow_reset(f);
		return;
	}
	/* Waiting for the store, nothing else is due: the commit decides what is. */
	if (f->screen == SCREEN_ATTRACT || flow_held(f))
		return;
	if (now >= flow_question_deadline(f)) {
		if (f->idle_prompt)
			flow_note_activity(f);
		submit_answer(f, true);   /* closes a dialog too */
		return;
	}
	if (f->idle_prompt) {
		if (now >= flow_prompt_deadline(f)) {
			finish(f, SESSION_ABANDONED, flow_prompt_deadline(f));
			return;
		}
	} else if (now - f->last_activity >= (int64_t)f->ev->idle_s * 1000) {
		f->idle_prompt = true;
		f->prompt_since = now;
		flow_changed(f);
	}
	/* While a refused write waits for its retry, that retry carries the typing. */
	if (f->dirty && f->stored && f->retry.ms == 0 &&
	    now - f->dirty_since >= FLOW_AUTOSAVE_MS) {
		flow_sync(f);
		flow_save(f);
	}
}

/* Marks the session interrupted now; act follows once that is on disk. */
static void interrupt(flow *f, flow_action act)
{
	if (!f->stored)
		return;
	if (f->session.status == SESSION_IN_PROGRESS) {
		flow_commit_compose(f);
		flow_sync(f);
		f->session.status = SESSION_INTERRUPTED;
		f->session.ended_at = now_wall(f);
	} else if (f->saved_rev >= f->rev) {
		return;   /* completed and on disk */
	}
	/* This write supersedes whatever commit was waiting. */
	f->retry.ms = 0;
	flow_commit(f, act);
}

void flow_shutdown(flow *f)
{
	interrupt(f, ACT_HOLD);
}

void flow_interrupt(flow *f)
{
	if (!f->stored) {
		flow_reset(f);
		return;
	}
	interrupt(f, ACT_RESET);
	if (!flow_held(f) && f->screen != SCREEN_ATTRACT)
		flow_reset(f);   /* completed and on disk: nothing to wait for */
}
