/*
 * flow_view.c — what the screen shows, computed from the flow's state and
 * the clock, and when it next changes, so that an idle kiosk sleeps.
 */
#include <string.h>

#include "flow_internal.h"

int64_t flow_question_deadline(const flow *f)
{
	/* The practice question has no limit: it is there to take one's time. */
	if (f->screen != SCREEN_QUESTION || f->ev->time_limit_s <= 0)
		return FLOW_NO_DEADLINE;
	int percent = f->session.time_percent > 0 ? f->session.time_percent : 100;
	return f->qclock.shown_mono + (int64_t)f->ev->time_limit_s * 10 * percent;
}

int64_t flow_prompt_deadline(const flow *f)
{
	return f->prompt_since + (int64_t)f->ev->idle_prompt_s * 1000;
}

static int64_t done_deadline(const flow *f)
{
	return f->screen_since + (int64_t)f->ev->done_s * 1000;
}

int flow_attract_language(const flow *f)
{
	int n = f->ev->language_count;
	if (n <= 1)
		return 0;
	return (int)((now_mono(f) - f->screen_since) / FLOW_ATTRACT_CYCLE_MS % n);
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

int64_t flow_view_tick(const flow *f)
{
	int64_t elapsed = now_mono(f) - f->screen_since;
	switch (f->screen) {
	case SCREEN_ATTRACT:
		return flow_attract_language(f);
	case SCREEN_DONE:
		return elapsed / 1000;
	default:
		return 0;   /* countdowns there are redrawn at their deadlines */
	}
}

int64_t flow_next_deadline(const flow *f)
{
	int64_t now = now_mono(f);
	int64_t d = flow_save_deadline(f);

	switch (f->screen) {
	case SCREEN_ATTRACT:
		if (f->ev->language_count > 1) {
			int64_t k = (now - f->screen_since) / FLOW_ATTRACT_CYCLE_MS + 1;
			d = min64(d, f->screen_since + k * FLOW_ATTRACT_CYCLE_MS);
		}
		return d;
	case SCREEN_DONE:
		d = min64(d, done_deadline(f));
		return min64(d, next_second(f->screen_since, now));
	default:
		break;
	}
	/* Held for the store: only its retry is due; time-outs wait for it. */
	if (flow_held(f))
		return d;
	if (f->idle_prompt) {
		d = min64(d, flow_prompt_deadline(f));
		d = min64(d, next_second(f->prompt_since, now));
	} else {
		d = min64(d, f->last_activity + (int64_t)f->ev->idle_s * 1000);
	}
	int64_t qd = flow_question_deadline(f);
	if (qd != FLOW_NO_DEADLINE) {
		d = min64(d, qd);
		d = min64(d, next_second(f->qclock.shown_mono, now));
	}
	if (f->dirty && f->stored && f->retry.ms == 0)
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

/* The event's title in language, else the pack's through its catalog. */
static const char *title_in(const flow *f, const char *language)
{
	const char *t = event_title(f->ev, language);
	if (t)
		return t;
	const char *source = f->pack && f->pack->title ? f->pack->title : "";
	if (!f->translate || !language)
		return source;
	return f->translate(f->translate_ctx, language, "pack", "title", source);
}

static const char *ui_language(const flow *f)
{
	if (f->session.language[0])
		return f->session.language;
	if (f->ev->language_count == 0)
		return "en";
	int i = f->screen == SCREEN_ATTRACT ? flow_attract_language(f) : f->attract_language;
	return f->ev->languages[i < f->ev->language_count ? i : 0];
}

void flow_view_get(const flow *f, flow_view *v)
{
	int64_t now = now_mono(f);

	memset(v, 0, sizeof *v);
	v->screen = f->screen;
	v->language = f->session.language[0] ? f->session.language : NULL;
	v->ui_language = ui_language(f);
	v->title = title_in(f, v->ui_language);
	v->idle_prompt = f->idle_prompt;
	if (f->idle_prompt)
		v->idle_remaining_s = seconds_left(flow_prompt_deadline(f), now);
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
	if (f->screen == SCREEN_PRACTICE) {
		v->answer = &f->answer;
		v->answer_limit = f->ev->max_answer_chars;
		v->answer_words = f->practice_words;
	}
	if (f->screen == SCREEN_DONE) {
		v->done_remaining_s = seconds_left(done_deadline(f), now);
		receipt_code(f->session.id, v->receipt);
	}
	v->field_count = f->field_count;
	for (int i = 0; i < f->field_count; i++) {
		v->field_keys[i] = i == 0 ? "name" : f->ev->contacts[i - 1];
		v->fields[i] = &f->fields[i];
	}
	v->focus = f->focus;
	v->notice = f->notice;
	v->dialog = f->dialog;
	v->saving = flow_held(f);
	v->staff_hint = f->ev->pin_hash[0] == '\0';
	v->organisation = f->ev->organisation;
	v->contact = f->ev->contact;
	v->retention_days = f->ev->retention_days;
	v->language_count = f->ev->language_count;
	for (int i = 0; i < f->ev->language_count; i++)
		v->languages[i] = f->ev->languages[i];
}

uint64_t flow_compose_resets(const flow *f)
{
	return f->compose_resets;
}

const session_record *flow_session(const flow *f)
{
	return f->stored ? &f->session : NULL;
}

const char *flow_screen_name(flow_screen s)
{
	static const char *names[] = {
		"attract", "language", "consent", "identity", "practice", "question", "done",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
