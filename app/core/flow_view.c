#include <string.h>

#include "flow_internal.h"

int64_t flow_question_deadline(const flow *f)
{
	if (f->screen != SCREEN_QUESTION || f->ev->time_limit_s <= 0)
		return FLOW_NO_DEADLINE;
	return f->qclock.shown_mono + (int64_t)f->ev->time_limit_s * 1000;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* The next whole second of a countdown that started at `since`. */
static int64_t next_second(int64_t since, int64_t now)
{
	int64_t elapsed = now - since;
	return since + (elapsed / 1000 + 1) * 1000;
}

int64_t flow_next_deadline(const flow *f)
{
	int64_t now = now_mono(f);
	int64_t d = FLOW_NO_DEADLINE;

	switch (f->screen) {
	case SCREEN_ATTRACT:
		return FLOW_NO_DEADLINE;
	case SCREEN_DONE:
		return f->screen_since + (int64_t)f->ev->done_s * 1000;
	default:
		break;
	}
	if (f->idle_prompt) {
		d = min64(d, f->prompt_since + (int64_t)f->ev->idle_prompt_s * 1000);
		d = min64(d, next_second(f->prompt_since, now));
	} else {
		d = min64(d, f->last_activity + (int64_t)f->ev->idle_s * 1000);
	}
	int64_t qd = flow_question_deadline(f);
	if (qd != FLOW_NO_DEADLINE) {
		d = min64(d, qd);
		d = min64(d, next_second(f->qclock.shown_mono, now));
	}
	if (f->dirty && f->stored)
		d = min64(d, f->dirty_since + FLOW_AUTOSAVE_MS);
	return d;
}

uint64_t flow_version(const flow *f)
{
	return f->version;
}

static int seconds_left(int64_t deadline, int64_t now)
{
	int64_t ms = deadline - now;
	if (ms <= 0)
		return 0;
	return (int)((ms + 999) / 1000);
}

void flow_view_get(const flow *f, flow_view *v)
{
	int64_t now = now_mono(f);

	memset(v, 0, sizeof *v);
	v->screen = f->screen;
	v->language = f->session.language[0] ? f->session.language : NULL;
	v->title = f->ev->title;
	v->idle_prompt = f->idle_prompt;
	if (f->idle_prompt)
		v->idle_remaining_s = seconds_left(
			f->prompt_since + (int64_t)f->ev->idle_prompt_s * 1000, now);
	v->question_count = f->ev->question_count;
	v->question_index = f->session.answer_count > 0 ? f->session.answer_count - 1 : 0;
	v->remaining_s = -1;
	if (f->screen == SCREEN_QUESTION) {
		const answer_record *a = &f->session.answers[v->question_index];
		v->question_text = a->question_text;
		v->answer = &f->answer;
		v->answer_limit = f->ev->max_answer_chars;
		v->answer_words = a->words;
		int64_t qd = flow_question_deadline(f);
		if (qd != FLOW_NO_DEADLINE) {
			v->remaining_s = seconds_left(qd, now);
			v->warning = v->remaining_s <= FLOW_WARNING_S;
		}
	}
	v->field_count = f->field_count;
	for (int i = 0; i < f->field_count; i++) {
		v->field_keys[i] = i == 0 ? "name" : f->ev->contacts[i - 1];
		v->fields[i] = &f->fields[i];
	}
	v->focus = f->focus;
	v->notice = f->notice;
	v->language_count = f->ev->language_count;
	for (int i = 0; i < f->ev->language_count; i++)
		v->languages[i] = f->ev->languages[i];
}

const session_record *flow_session(const flow *f)
{
	return f->stored ? &f->session : NULL;
}

const char *flow_screen_name(flow_screen s)
{
	static const char *names[] = {
		"attract", "language", "consent", "identity", "question", "done",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
