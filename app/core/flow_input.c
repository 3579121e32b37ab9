/*
 * flow_input.c — what the candidate types: text, the input method's
 * composition, keys, the caret, and the recording of SPEC §4 that goes with
 * each (keystrokes, deletions, first input, active time). A composition
 * counts as typing while it is being composed, and is kept as shown whenever
 * the text it belongs to stops being the one typed into.
 */
#include <string.h>

#include "flow_internal.h"

textbuf *flow_focused(flow *f)
{
	if ((f->screen == SCREEN_QUESTION || f->screen == SCREEN_PRACTICE)
	    && f->dialog == DIALOG_NONE)
		return &f->answer;
	if (f->screen == SCREEN_IDENTITY)
		return &f->fields[f->focus];
	return NULL;
}

void flow_note_activity(flow *f)
{
	int64_t now = now_mono(f);
	if (f->idle_prompt) {
		f->qclock.prompt_ms += now - f->prompt_since;
		f->idle_prompt = false;
		flow_changed(f);
	}
	f->last_activity = now;
}

static void mark_dirty(flow *f, int64_t now)
{
	/* The practice answer is never saved: nothing for autosave to carry. */
	if (f->screen == SCREEN_PRACTICE)
		return;
	if (!f->dirty) {
		f->dirty = true;
		f->dirty_since = now;
	}
}

static answer_record *typed_answer(flow *f)
{
	if (f->screen != SCREEN_QUESTION || f->session.answer_count == 0)
		return NULL;
	answer_record *a = &f->session.answers[f->session.answer_count - 1];
	return a->submitted ? NULL : a;
}

/* Keystroke accounting for the answer on screen (SPEC §4). */
static void record_input(flow *f, bool deletion)
{
	int64_t now = now_mono(f);
	mark_dirty(f, now);
	f->typed_seq = ++f->seq;
	if (f->screen == SCREEN_PRACTICE)
		f->practice_words = text_count_words(f->answer.text, f->session.language);
	answer_record *a = typed_answer(f);
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

/* Typing goes nowhere before a language is chosen or while the store is awaited. */
static textbuf *typing_target(flow *f)
{
	if (f->screen == SCREEN_ATTRACT) {
		flow_touch(f);
		return NULL;
	}
	if (flow_held(f))
		return NULL;
	flow_note_activity(f);
	return flow_focused(f);
}

void flow_commit_compose(flow *f)
{
	textbuf *tb = flow_focused(f);
	if (!tb || tb->compose[0] == '\0')
		return;
	/* Its keystrokes were counted as it was composed. */
	textbuf_commit_compose(tb);
	f->compose_resets++;
	mark_dirty(f, now_mono(f));
	if (f->screen == SCREEN_PRACTICE)
		f->practice_words = text_count_words(f->answer.text, f->session.language);
	answer_record *a = typed_answer(f);
	if (a && tb == &f->answer) {
		a->characters = f->answer.clusters;
		a->words = text_count_words(f->answer.text, f->session.language);
	}
	flow_changed(f);
}

void flow_focus(flow *f, int field)
{
	if (field < 0 || field >= f->field_count)
		return;
	flow_commit_compose(f);
	if (field != f->focus)
		f->compose_resets++;
	f->focus = field;
	flow_changed(f);
}

void flow_text(flow *f, const char *utf8)
{
	textbuf *tb = typing_target(f);
	if (!tb)
		return;
	/* The input method commits what it composed: this replaces the preedit. */
	textbuf_set_compose(tb, "");
	textbuf_insert(tb, utf8, NULL);
	if (f->screen == SCREEN_IDENTITY && f->notice == NOTICE_NAME_REQUIRED)
		f->notice = NOTICE_NONE;
	record_input(f, false);
	flow_changed(f);
}

void flow_compose(flow *f, const char *utf8)
{
	textbuf *tb = typing_target(f);
	if (!tb)
		return;
	size_t before = strlen(tb->compose);
	bool same = strcmp(tb->compose, utf8 ? utf8 : "") == 0;
	textbuf_set_compose(tb, utf8);
	/* Every change of the preedit is a keystroke; the empty update an input
	 * method sends after committing changes nothing and is none. */
	if (!same)
		record_input(f, strlen(tb->compose) < before);
	flow_changed(f);
}

void flow_compose_segment(flow *f, size_t start, size_t len)
{
	if (flow_held(f))
		return;
	textbuf *tb = flow_focused(f);
	if (!tb)
		return;
	textbuf_set_compose_segment_cp(tb, start, len);
	flow_changed(f);
}

void flow_caret_to(flow *f, size_t offset)
{
	textbuf *tb = typing_target(f);
	if (!tb)
		return;
	/* Committing first: the offset is into the text as it is shown. */
	flow_commit_compose(f);
	textbuf_set_caret(tb, offset);
	flow_changed(f);
}

static void move(flow *f, textbuf *tb, textbuf_move how)
{
	flow_commit_compose(f);
	textbuf_move_caret(tb, how);
}

void flow_key(flow *f, flow_key_id key)
{
	textbuf *tb = typing_target(f);
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
	case FLOW_KEY_LEFT: move(f, tb, TB_MOVE_LEFT); break;
	case FLOW_KEY_RIGHT: move(f, tb, TB_MOVE_RIGHT); break;
	case FLOW_KEY_WORD_LEFT: move(f, tb, TB_MOVE_WORD_LEFT); break;
	case FLOW_KEY_WORD_RIGHT: move(f, tb, TB_MOVE_WORD_RIGHT); break;
	case FLOW_KEY_HOME: move(f, tb, TB_MOVE_HOME); break;
	case FLOW_KEY_END: move(f, tb, TB_MOVE_END); break;
	case FLOW_KEY_RETURN:
		if (f->screen == SCREEN_QUESTION || f->screen == SCREEN_PRACTICE) {
			flow_commit_compose(f);
			textbuf_insert(tb, "\n", NULL);
			record_input(f, false);
		} else if (f->focus + 1 < f->field_count) {
			flow_focus(f, f->focus + 1);   /* one line each: on to the next */
		} else {
			flow_submit_identity(f);
		}
		break;
	case FLOW_KEY_TAB:
		if (f->screen == SCREEN_IDENTITY)
			flow_focus(f, (f->focus + 1) % f->field_count);
		break;
	}
	flow_changed(f);
}
