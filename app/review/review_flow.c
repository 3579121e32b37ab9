/*
 * review_flow.c — the reviewer's state machine. Only the rows (a few dozen
 * bytes per session) and one bit per answer this reviewer scored stay in
 * memory; the session shown is read from the store when it is reached, with
 * its scores and notes, so 10,000 sessions fit in a few megabytes.
 *
 * Answer i of a session is question i of its event: the kiosk asks the
 * event's questions in the event's order (flow.c), which is what lets the
 * question-by-question order be built without reading every session.
 */
#include "review_flow_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t now_wall(const review_flow *f)
{
	return f->clk.wall_ms(f->clk.ctx);
}

static int64_t now_mono(const review_flow *f)
{
	return f->clk.mono_ms(f->clk.ctx);
}

/* splitmix64: a well-mixed stream from any seed, 0 included. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void review_shuffle(uint64_t seed, int *perm, int n)
{
	uint64_t st = seed;
	for (int i = 0; i < n; i++)
		perm[i] = i;
	for (int i = n - 1; i > 0; i--) {
		/* Rejection keeps every permutation equally likely. */
		uint64_t bound = (uint64_t)i + 1, limit = UINT64_MAX - UINT64_MAX % bound, r;
		do
			r = next_random(&st);
		while (r >= limit);
		int j = (int)(r % bound), t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
}

bool review_answer_empty(const char *text)
{
	if (!text)
		return true;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
	return true;
}

static int by_session_id(const void *a, const void *b)
{
	return strcmp(((const row_state *)a)->r.session_id, ((const row_state *)b)->r.session_id);
}

static int find_row(const review_flow *f, const char *session_id)
{
	int lo = 0, hi = f->nrows - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(f->rows[mid].r.session_id, session_id);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int question_index(const review_flow *f, int event, const char *question_id)
{
	if (event < 0)
		return -1;
	const rstore_event *e = &f->events[event];
	for (int q = 0; q < e->question_count; q++)
		if (strcmp(e->question_ids[q], question_id) == 0)
			return q;
	return -1;
}

static int build_items(review_flow *f)
{
	int n = f->nsamples;
	for (int r = 0; r < f->nrows; r++)
		n += f->rows[r].r.answer_count;
	item *items = malloc(sizeof *items * (size_t)(n ? n : 1));
	if (!items)
		return -1;
	int k = 0;
	for (int s = 0; s < f->nsamples; s++)
		items[k++] = (item){ -1, s };
	if (f->order == REVIEW_BY_CANDIDATE) {
		for (int i = 0; i < f->nrows; i++) {
			int r = f->perm[i];
			for (int a = 0; a < f->rows[r].r.answer_count; a++)
				items[k++] = (item){ r, a };
		}
	} else {
		/* Each event's questions in turn; sessions of an unknown event last. */
		for (int e = 0; e <= f->nevents; e++) {
			int ev = e < f->nevents ? e : -1;
			for (int q = 0; q < SESSION_MAX_QUESTIONS; q++)
				for (int i = 0; i < f->nrows; i++) {
					int r = f->perm[i];
					if (f->rows[r].event == ev && f->rows[r].r.answer_count > q)
						items[k++] = (item){ r, q };
				}
		}
	}
	free(f->items);
	f->items = items;
	f->nitems = k;
	return 0;
}

static void forget_session(review_flow *f)
{
	session_clear(&f->session);
	for (int a = 0; a < SESSION_MAX_QUESTIONS; a++) {
		if (f->my_note[a]) {
			explicit_bzero(f->my_note[a], strlen(f->my_note[a]));
			free(f->my_note[a]);
		}
		f->my_note[a] = NULL;
		f->my_score[a] = 0;
		f->my_auto[a] = false;
		f->nothers[a] = 0;
	}
	explicit_bzero(f->others, sizeof f->others);
	f->loaded = -1;
}

static int answer_of(const review_flow *f, const char *question_id)
{
	for (int a = 0; a < f->session.answer_count; a++)
		if (strcmp(f->session.answers[a].question_id, question_id) == 0)
			return a;
	return -1;
}

static void load_row(review_flow *f, int r)
{
	if (f->loaded == r)
		return;
	forget_session(f);
	if (f->be.load(f->be.ctx, f->rows[r].r.session_id, &f->session) != 0) {
		session_clear(&f->session);
		f->failed = true;
		return;
	}
	f->loaded = r;
	rstore_score *list = NULL;
	int n = 0;
	if (f->be.scores(f->be.ctx, NULL, f->rows[r].r.session_id, &list, &n) != 0) {
		f->failed = true;
		return;
	}
	for (int i = 0; i < n; i++) {
		int a = answer_of(f, list[i].question_id);
		if (a < 0)
			continue;
		if (strcmp(list[i].reviewer, f->reviewer) == 0) {
			f->my_score[a] = list[i].score;
			f->my_auto[a] = list[i].automatic;
			if (list[i].note && list[i].note[0])
				f->my_note[a] = strdup(list[i].note);
		} else if (list[i].score > 0 && f->nothers[a] < REVIEW_MAX_OTHERS) {
			review_other *o = &f->others[a][f->nothers[a]++];
			snprintf(o->reviewer, sizeof o->reviewer, "%s", list[i].reviewer);
			o->score = list[i].score;
		}
	}
	f->be.scores_free(list, n);
}

static void set_scored(review_flow *f, int r, int a, bool scored)
{
	row_state *rs = &f->rows[r];
	bool was = rs->mask & (1u << a);
	if (scored == was)
		return;
	rs->mask = (uint8_t)(scored ? rs->mask | (1u << a) : rs->mask & ~(1u << a));
	f->scored += scored ? 1 : -1;
}

static int put_score(review_flow *f, int r, int a, int score, bool automatic)
{
	const char *qid = f->session.answers[a].question_id;
	if (f->be.score_put(f->be.ctx, f->reviewer, f->rows[r].r.session_id, qid, score, automatic,
	                    now_wall(f)) != 0) {
		f->failed = true;
		return -1;
	}
	f->failed = false;
	f->my_score[a] = score;
	f->my_auto[a] = automatic;
	set_scored(f, r, a, score > 0);
	return 0;
}

/* The item's session read; an empty answer seen for the first time scored 1. */
static void enter(review_flow *f)
{
	if (f->pos < 0 || f->pos >= f->nitems)
		return;
	item it = f->items[f->pos];
	if (it.row < 0)
		return;
	load_row(f, it.row);
	if (f->loaded != it.row || it.answer >= f->session.answer_count)
		return;
	if (f->my_score[it.answer] == 0 && review_answer_empty(f->session.answers[it.answer].answer))
		put_score(f, it.row, it.answer, 1, true);
}

review_flow *review_flow_new(const review_setup *s)
{
	review_flow *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	snprintf(f->reviewer, sizeof f->reviewer, "%s", s->reviewer);
	f->be = s->backend;
	f->clk = s->clock;
	f->loaded = -1;
	f->order = s->by_question ? REVIEW_BY_QUESTION : REVIEW_BY_CANDIDATE;
	f->samples = s->samples;
	f->nsamples = s->samples ? s->nsamples : 0;
	session_init(&f->session);
	f->rows = calloc((size_t)(s->nrows ? s->nrows : 1), sizeof *f->rows);
	f->events = calloc((size_t)(s->nevents ? s->nevents : 1), sizeof *f->events);
	f->perm = calloc((size_t)(s->nrows ? s->nrows : 1), sizeof *f->perm);
	f->sample_score = calloc((size_t)(f->nsamples ? f->nsamples : 1), sizeof *f->sample_score);
	if (!f->rows || !f->events || !f->perm || !f->sample_score)
		goto fail;
	f->nrows = s->nrows;
	f->nevents = s->nevents;
	if (s->nevents)
		memcpy(f->events, s->events, sizeof *f->events * (size_t)s->nevents);
	for (int r = 0; r < s->nrows; r++) {
		f->rows[r].r = s->rows[r];
		if (f->rows[r].r.answer_count > SESSION_MAX_QUESTIONS)
			f->rows[r].r.answer_count = SESSION_MAX_QUESTIONS;
		if (f->rows[r].r.answer_count < 0)
			f->rows[r].r.answer_count = 0;
	}
	/* The shuffle permutes rows in id order: the same store, the same order. */
	qsort(f->rows, (size_t)f->nrows, sizeof *f->rows, by_session_id);
	for (int r = 0; r < f->nrows; r++) {
		f->rows[r].event = -1;
		for (int e = 0; e < f->nevents; e++)
			if (strcmp(f->events[e].id, f->rows[r].r.event_id) == 0)
				f->rows[r].event = e;
		f->total += f->rows[r].r.answer_count;
	}
	review_shuffle(s->seed, f->perm, f->nrows);

	rstore_score *list = NULL;
	int n = 0;
	if (f->be.scores(f->be.ctx, f->reviewer, NULL, &list, &n) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		int r = find_row(f, list[i].session_id);
		if (r < 0 || list[i].score <= 0)
			continue;
		int q = question_index(f, f->rows[r].event, list[i].question_id);
		if (q >= 0 && q < f->rows[r].r.answer_count)
			set_scored(f, r, q, true);
	}
	f->be.scores_free(list, n);
	if (build_items(f) != 0)
		goto fail;
	enter(f);
	return f;
fail:
	review_flow_free(f);
	return NULL;
}

static void save_note(review_flow *f)
{
	if (!f->note_open || !f->note_dirty)
		return;
	item it = f->items[f->pos];
	if (it.row < 0 || f->loaded != it.row)
		return;
	char *text = textbuf_nfc(&f->note);
	if (!text) {
		f->failed = true;
		return;
	}
	const char *qid = f->session.answers[it.answer].question_id;
	if (f->be.note_put(f->be.ctx, f->reviewer, f->rows[it.row].r.session_id, qid, text,
	                   now_wall(f)) != 0) {
		/* Kept dirty: the next tick tries again. */
		f->failed = true;
		f->note_due = now_mono(f) + REVIEW_NOTE_SAVE_MS;
		explicit_bzero(text, strlen(text));
		free(text);
		return;
	}
	f->failed = false;
	f->note_dirty = false;
	f->note_saved_at = now_mono(f);
	f->note_due = REVIEW_NO_DEADLINE;
	if (f->my_note[it.answer]) {
		explicit_bzero(f->my_note[it.answer], strlen(f->my_note[it.answer]));
		free(f->my_note[it.answer]);
	}
	f->my_note[it.answer] = text[0] ? text : NULL;
	if (!text[0])
		free(text);
}

static void close_note(review_flow *f)
{
	if (!f->note_open)
		return;
	save_note(f);
	if (f->note_dirty)
		return;   /* not saved: the note stays open, nothing is thrown away */
	textbuf_free(&f->note);
	f->note_open = false;
}

static bool open_note(review_flow *f)
{
	if (f->note_open || f->pos >= f->nitems)
		return false;
	item it = f->items[f->pos];
	if (it.row < 0 || f->loaded != it.row)
		return false;
	textbuf_init(&f->note, REVIEW_NOTE_LIMIT);
	if (f->my_note[it.answer])
		textbuf_set(&f->note, f->my_note[it.answer]);
	f->note_open = true;
	f->note_dirty = false;
	f->note_saved_at = now_mono(f);
	f->note_due = REVIEW_NO_DEADLINE;
	return true;
}

void review_flow_free(review_flow *f)
{
	if (!f)
		return;
	if (f->note_open) {
		save_note(f);
		textbuf_free(&f->note);
	}
	forget_session(f);
	free(f->rows);
	free(f->events);
	free(f->perm);
	free(f->sample_score);
	free(f->items);
	free(f);
}

static void move_to(review_flow *f, int pos)
{
	if (pos < 0 || pos >= f->nitems || pos == f->pos)
		return;
	close_note(f);
	if (f->note_open)
		return;
	f->pos = pos;
	enter(f);
}

/* Candidate by candidate the group is the session; question by question, the question. */
static bool same_group(const review_flow *f, item a, item b)
{
	if (a.row < 0 || b.row < 0)
		return a.row == b.row;
	if (f->order == REVIEW_BY_CANDIDATE)
		return a.row == b.row;
	return f->rows[a.row].event == f->rows[b.row].event && a.answer == b.answer;
}

static int group_start(const review_flow *f, int pos)
{
	while (pos > 0 && same_group(f, f->items[pos - 1], f->items[pos]))
		pos--;
	return pos;
}

static void move_group(review_flow *f, int dir)
{
	if (f->nitems == 0)
		return;
	int p = f->pos;
	if (dir > 0) {
		while (p + 1 < f->nitems && same_group(f, f->items[p + 1], f->items[f->pos]))
			p++;
		move_to(f, p + 1);
	} else {
		int start = group_start(f, p);
		move_to(f, start == p && p > 0 ? group_start(f, p - 1) : start);
	}
}

static void switch_order(review_flow *f)
{
	close_note(f);
	if (f->note_open)
		return;
	item cur = f->nitems ? f->items[f->pos] : (item){ -1, -1 };
	f->order = f->order == REVIEW_BY_CANDIDATE ? REVIEW_BY_QUESTION : REVIEW_BY_CANDIDATE;
	if (build_items(f) != 0) {
		f->failed = true;
		return;
	}
	f->pos = 0;
	for (int i = 0; i < f->nitems; i++)
		if (f->items[i].row == cur.row && f->items[i].answer == cur.answer)
			f->pos = i;
	enter(f);
}

int review_flow_score(review_flow *f, int score)
{
	if (score < 1 || score > 5 || f->pos >= f->nitems)
		return -1;
	item it = f->items[f->pos];
	if (it.row < 0) {
		f->sample_score[it.answer] = score;
		return 0;
	}
	if (f->loaded != it.row || it.answer >= f->session.answer_count)
		return -1;
	return put_score(f, it.row, it.answer, score, false);
}

static void note_edited(review_flow *f)
{
	f->note_dirty = true;
	int64_t now = now_mono(f);
	/* At most once a second while typing, and never later than a second after. */
	if (now - f->note_saved_at >= REVIEW_NOTE_SAVE_MS)
		save_note(f);
	else if (f->note_due == REVIEW_NO_DEADLINE)
		f->note_due = f->note_saved_at + REVIEW_NOTE_SAVE_MS;
}

bool review_flow_key(review_flow *f, review_key k)
{
	if (f->note_open) {
		textbuf *tb = &f->note;
		switch (k) {
		case REVIEW_KEY_CLOSE:
		case REVIEW_KEY_NOTE:
			close_note(f);
			return true;
		case REVIEW_KEY_BACKSPACE:
			if (textbuf_backspace(tb))
				note_edited(f);
			return true;
		case REVIEW_KEY_DELETE:
			if (textbuf_delete(tb))
				note_edited(f);
			return true;
		case REVIEW_KEY_LEFT: textbuf_move_caret(tb, TB_MOVE_LEFT); return true;
		case REVIEW_KEY_RIGHT: textbuf_move_caret(tb, TB_MOVE_RIGHT); return true;
		case REVIEW_KEY_HOME: textbuf_move_caret(tb, TB_MOVE_HOME); return true;
		case REVIEW_KEY_END: textbuf_move_caret(tb, TB_MOVE_END); return true;
		case REVIEW_KEY_RETURN:
			review_flow_text(f, "\n");
			return true;
		default:
			break;
		}
	}
	switch (k) {
	case REVIEW_KEY_NEXT: move_to(f, f->pos + 1); return true;
	case REVIEW_KEY_PREV: move_to(f, f->pos - 1); return true;
	case REVIEW_KEY_NEXT_GROUP: move_group(f, 1); return true;
	case REVIEW_KEY_PREV_GROUP: move_group(f, -1); return true;
	case REVIEW_KEY_ORDER: switch_order(f); return true;
	case REVIEW_KEY_NOTE: return open_note(f);
	default: return false;
	}
}

void review_flow_text(review_flow *f, const char *utf8)
{
	if (!f->note_open)
		return;
	textbuf_set_compose(&f->note, "");
	if (textbuf_insert(&f->note, utf8, NULL) > 0)
		note_edited(f);
}

void review_flow_compose(review_flow *f, const char *utf8)
{
	if (f->note_open)
		textbuf_set_compose(&f->note, utf8);
}

void review_flow_note_caret(review_flow *f, size_t offset)
{
	if (f->note_open)
		textbuf_set_caret(&f->note, offset);
}

bool review_flow_press(review_flow *f, const char *id)
{
	if (strncmp(id, "score:", 6) == 0 && id[6] >= '1' && id[6] <= '5' && !id[7]) {
		if (f->note_open)
			close_note(f);
		return review_flow_score(f, id[6] - '0') == 0;
	}
	static const struct { const char *id; review_key k; } keys[] = {
		{ "next", REVIEW_KEY_NEXT }, { "prev", REVIEW_KEY_PREV },
		{ "next-group", REVIEW_KEY_NEXT_GROUP }, { "prev-group", REVIEW_KEY_PREV_GROUP },
		{ "order", REVIEW_KEY_ORDER }, { "note", REVIEW_KEY_NOTE },
		{ "note-close", REVIEW_KEY_CLOSE },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(id, keys[i].id) == 0) {
			/* The note's button closes an open note; nothing else edits it. */
			if (f->note_open && keys[i].k != REVIEW_KEY_NOTE && keys[i].k != REVIEW_KEY_CLOSE)
				close_note(f);
			return review_flow_key(f, keys[i].k);
		}
	return strcmp(id, "answer") == 0 && f->note_open;
}

void review_flow_tick(review_flow *f)
{
	if (f->note_open && f->note_dirty && now_mono(f) >= f->note_due)
		save_note(f);
}

int64_t review_flow_next_deadline(const review_flow *f)
{
	return f->note_open && f->note_dirty ? f->note_due : REVIEW_NO_DEADLINE;
}

void review_flow_goto(review_flow *f, int i)
{
	move_to(f, i);
}
