#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_internal.h"
#include "lang.h"
#include "ulid.h"

static int64_t now_wall(const flow *f)
{
	return f->clock.wall_ms(f->clock.ctx);
}

static void changed(flow *f)
{
	f->version++;
}

static void show(flow *f, flow_screen s)
{
	f->screen = s;
	f->screen_since = now_mono(f);
	f->last_activity = f->screen_since;
	f->idle_prompt = false;
	changed(f);
}

/* Hands the session to the store; on failure staff see it and we retry. */
static bool save(flow *f)
{
	if (f->sink.save(f->sink.ctx, &f->session) != 0) {
		f->notice = NOTICE_SAVE_FAILED;
		/* Still unsaved: the next attempt comes a second from now, not at once. */
		f->dirty = true;
		f->dirty_since = now_mono(f) + 1000 - FLOW_AUTOSAVE_MS;
		changed(f);
		return false;
	}
	if (f->notice == NOTICE_SAVE_FAILED) {
		f->notice = NOTICE_NONE;
		changed(f);
	}
	f->dirty = false;
	return true;
}

static answer_record *current_answer(flow *f)
{
	if (f->screen != SCREEN_QUESTION || f->session.answer_count == 0)
		return NULL;
	return &f->session.answers[f->session.answer_count - 1];
}

static void sync_identity(flow *f)
{
	char *name = textbuf_nfc(&f->fields[0]);
	if (name) {
		free(f->session.name);
		f->session.name = name;
	}
	f->session.contact_count = f->field_count - 1;
	for (int i = 1; i < f->field_count; i++) {
		contact_field *c = &f->session.contacts[i - 1];
		snprintf(c->key, sizeof c->key, "%s", f->ev->contacts[i - 1]);
		char *value = textbuf_nfc(&f->fields[i]);
		if (value) {
			free(c->value);
			c->value = value;
		}
	}
}

/* Copies what was typed into the record, so a save carries it. */
static void sync_answer(flow *f)
{
	if (f->screen == SCREEN_IDENTITY)
		sync_identity(f);
	answer_record *a = current_answer(f);
	if (!a)
		return;
	char *nfc = textbuf_nfc(&f->answer);
	if (nfc) {
		free(a->answer);
		a->answer = nfc;
	}
	a->characters = text_count_clusters(a->answer);
	a->words = text_count_words(a->answer, f->session.language);
	a->total_ms = now_mono(f) - f->qclock.shown_mono - f->qclock.prompt_ms;
	if (f->idle_prompt)
		a->total_ms -= now_mono(f) - f->prompt_since;
}

/* Forgets the candidate: memory wiped, screen back to attract. */
static void reset(flow *f)
{
	session_clear(&f->session);
	textbuf_free(&f->answer);
	textbuf_init(&f->answer, f->ev->max_answer_chars);
	for (int i = 0; i < f->field_count; i++) {
		textbuf_free(&f->fields[i]);
		textbuf_init(&f->fields[i], 200);
	}
	f->focus = 0;
	f->stored = false;
	f->dirty = false;
	f->notice = NOTICE_NONE;
	show(f, SCREEN_ATTRACT);
}

static void finish(flow *f, session_status status)
{
	if (f->stored) {
		sync_answer(f);
		f->session.status = status;
		f->session.ended_at = now_wall(f);
		if (!save(f))
			return;   /* stay put: the data is still only in memory */
	}
	if (status == SESSION_COMPLETED)
		show(f, SCREEN_DONE);
	else
		reset(f);
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

	textbuf_free(&f->answer);
	textbuf_init(&f->answer, f->ev->max_answer_chars);
	f->qclock.shown_mono = now_mono(f);
	f->qclock.last_input_mono = -1;
	f->qclock.prompt_ms = 0;
	show(f, SCREEN_QUESTION);
	/* Shown questions are on disk, with their shown_at, from the start. */
	save(f);
}

static void submit_answer(flow *f, bool timed_out)
{
	answer_record *a = current_answer(f);
	if (!a)
		return;
	sync_answer(f);
	a->submitted = true;
	a->timed_out = timed_out;
	a->skipped = !timed_out && a->answer[0] == '\0';
	a->submitted_ms = now_mono(f) - f->qclock.shown_mono;
	/* Committed before the next question may show. */
	if (!save(f)) {
		a->submitted = false;
		a->timed_out = false;
		a->submitted_ms = -1;
		return;
	}
	int next = f->session.answer_count;
	if (next < f->ev->question_count)
		show_question(f, next);
	else
		finish(f, SESSION_COMPLETED);
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
	         f->ev->consent_version);
	f->session.started_at = now_wall(f);
	f->session.status = SESSION_IN_PROGRESS;
	show(f, SCREEN_CONSENT);
}

static void give_consent(flow *f)
{
	f->session.consent_at = now_wall(f);
	f->stored = true;
	if (!save(f)) {
		f->stored = false;
		return;
	}
	show(f, SCREEN_IDENTITY);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

static void submit_identity(flow *f)
{
	if (blank(f->fields[0].text)) {
		f->notice = NOTICE_NAME_REQUIRED;
		f->focus = 0;
		changed(f);
		return;
	}
	sync_identity(f);
	f->notice = NOTICE_NONE;
	if (!save(f))
		return;
	show_question(f, 0);
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
	session_init(&f->session);
	textbuf_init(&f->answer, ev->max_answer_chars);
	f->field_count = 1 + ev->contact_count;
	for (int i = 0; i < f->field_count; i++)
		textbuf_init(&f->fields[i], 200);
	show(f, SCREEN_ATTRACT);
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
	free(f);
}

static void note_activity(flow *f)
{
	int64_t now = now_mono(f);
	if (f->idle_prompt) {
		f->qclock.prompt_ms += now - f->prompt_since;
		f->idle_prompt = false;
		changed(f);
	}
	f->last_activity = now;
}

void flow_touch(flow *f)
{
	if (f->screen == SCREEN_ATTRACT) {
		show(f, SCREEN_LANGUAGE);
		return;
	}
	note_activity(f);
}

static bool language_offered(const flow *f, const char *code)
{
	for (int i = 0; i < f->ev->language_count; i++)
		if (strcmp(f->ev->languages[i], code) == 0)
			return true;
	return false;
}

bool flow_press(flow *f, const char *id)
{
	if (f->screen == SCREEN_ATTRACT) {
		flow_touch(f);
		return true;
	}
	bool was_prompt = f->idle_prompt;
	note_activity(f);
	if (was_prompt)
		return true;   /* any tap, "still-here" or not, answers the prompt */

	switch (f->screen) {
	case SCREEN_LANGUAGE:
		if (strncmp(id, "lang:", 5) == 0 && language_offered(f, id + 5)) {
			choose_language(f, id + 5);
			return true;
		}
		if (strcmp(id, "back") == 0) {
			reset(f);
			return true;
		}
		return false;
	case SCREEN_CONSENT:
		if (strcmp(id, "agree") == 0) {
			give_consent(f);
			return true;
		}
		if (strcmp(id, "decline") == 0) {
			reset(f);   /* nothing was stored */
			return true;
		}
		return false;
	case SCREEN_IDENTITY:
		if (strncmp(id, "field:", 6) == 0) {
			for (int i = 0; i < f->field_count; i++) {
				const char *key = i == 0 ? "name" : f->ev->contacts[i - 1];
				if (strcmp(id + 6, key) == 0) {
					f->focus = i;
					changed(f);
					return true;
				}
			}
			return false;
		}
		if (strcmp(id, "next") == 0) {
			submit_identity(f);
			return true;
		}
		return false;
	case SCREEN_QUESTION:
		if (strcmp(id, "next") == 0) {
			submit_answer(f, false);
			return true;
		}
		return strcmp(id, "answer") == 0;
	case SCREEN_DONE:
		if (strcmp(id, "finish") == 0) {
			reset(f);
			return true;
		}
		return false;
	case SCREEN_ATTRACT:
		break;
	}
	return false;
}

static textbuf *focused_text(flow *f)
{
	if (f->screen == SCREEN_QUESTION)
		return &f->answer;
	if (f->screen == SCREEN_IDENTITY)
		return &f->fields[f->focus];
	return NULL;
}

static void mark_dirty(flow *f, int64_t now)
{
	if (!f->dirty) {
		f->dirty = true;
		f->dirty_since = now;
	}
}

/* Keystroke accounting for the answer on screen (SPEC §4). */
static void record_input(flow *f, bool deletion)
{
	int64_t now = now_mono(f);
	mark_dirty(f, now);
	answer_record *a = current_answer(f);
	if (!a)
		return;
	if (a->first_input_ms < 0)
		a->first_input_ms = now - f->qclock.shown_mono;
	if (f->qclock.last_input_mono >= 0) {
		int64_t gap = now - f->qclock.last_input_mono;
		if (gap <= FLOW_ACTIVE_GAP_MS)
			a->active_ms += gap;
	}
	f->qclock.last_input_mono = now;
	a->keystrokes++;
	if (deletion)
		a->deletions++;
	/* The live counts under the answer box. */
	a->characters = f->answer.clusters;
	a->words = text_count_words(f->answer.text, f->session.language);
}

void flow_text(flow *f, const char *utf8)
{
	if (f->screen == SCREEN_ATTRACT) {
		flow_touch(f);
		return;
	}
	note_activity(f);
	textbuf *tb = focused_text(f);
	if (!tb)
		return;
	textbuf_set_compose(tb, "");
	textbuf_insert(tb, utf8, NULL);
	if (f->screen == SCREEN_IDENTITY && f->notice == NOTICE_NAME_REQUIRED)
		f->notice = NOTICE_NONE;
	record_input(f, false);
	changed(f);
}

void flow_compose(flow *f, const char *utf8)
{
	note_activity(f);
	textbuf *tb = focused_text(f);
	if (!tb)
		return;
	textbuf_set_compose(tb, utf8);
	changed(f);
}

void flow_caret_to(flow *f, size_t offset)
{
	note_activity(f);
	textbuf *tb = focused_text(f);
	if (!tb)
		return;
	textbuf_set_caret(tb, offset);
	changed(f);
}

void flow_key(flow *f, flow_key_id key)
{
	if (f->screen == SCREEN_ATTRACT) {
		flow_touch(f);
		return;
	}
	note_activity(f);
	textbuf *tb = focused_text(f);
	if (!tb)
		return;
	switch (key) {
	case FLOW_KEY_BACKSPACE:
		if (textbuf_backspace(tb))
			record_input(f, true);
		break;
	case FLOW_KEY_DELETE:
		if (textbuf_delete(tb))
			record_input(f, true);
		break;
	case FLOW_KEY_LEFT: textbuf_move_caret(tb, TB_MOVE_LEFT); break;
	case FLOW_KEY_RIGHT: textbuf_move_caret(tb, TB_MOVE_RIGHT); break;
	case FLOW_KEY_WORD_LEFT: textbuf_move_caret(tb, TB_MOVE_WORD_LEFT); break;
	case FLOW_KEY_WORD_RIGHT: textbuf_move_caret(tb, TB_MOVE_WORD_RIGHT); break;
	case FLOW_KEY_HOME: textbuf_move_caret(tb, TB_MOVE_HOME); break;
	case FLOW_KEY_END: textbuf_move_caret(tb, TB_MOVE_END); break;
	case FLOW_KEY_RETURN:
		if (f->screen == SCREEN_QUESTION) {
			textbuf_insert(tb, "\n", NULL);
			record_input(f, false);
		} else {
			submit_identity(f);
		}
		break;
	case FLOW_KEY_TAB:
		if (f->screen == SCREEN_IDENTITY)
			f->focus = (f->focus + 1) % f->field_count;
		break;
	}
	changed(f);
}

void flow_tick(flow *f)
{
	int64_t now = now_mono(f);

	if (f->screen == SCREEN_DONE) {
		if (now - f->screen_since >= (int64_t)f->ev->done_s * 1000)
			reset(f);
		return;
	}
	if (f->screen == SCREEN_ATTRACT)
		return;
	if (now >= flow_question_deadline(f)) {
		if (f->idle_prompt)
			note_activity(f);
		submit_answer(f, true);
		return;
	}
	if (f->idle_prompt) {
		if (now - f->prompt_since >= (int64_t)f->ev->idle_prompt_s * 1000) {
			finish(f, SESSION_ABANDONED);
			return;
		}
	} else if (now - f->last_activity >= (int64_t)f->ev->idle_s * 1000) {
		f->idle_prompt = true;
		f->prompt_since = now;
		changed(f);
	}
	if (f->dirty && f->stored && now - f->dirty_since >= FLOW_AUTOSAVE_MS) {
		sync_answer(f);
		save(f);
	}
}

void flow_shutdown(flow *f)
{
	if (!f->stored || f->screen == SCREEN_DONE)
		return;
	sync_answer(f);
	f->session.status = SESSION_INTERRUPTED;
	f->session.ended_at = now_wall(f);
	save(f);
}
