/*
 * review_view.c — what the reviewer sees of the flow's state: the item
 * shown, where it stands, the candidate blind or revealed, others' scores
 * held back until this reviewer finished the candidate.
 */
#include <string.h>

#include "review_flow_impl.h"

static int popcount8(unsigned v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static unsigned full_mask(int answers)
{
	return answers >= 8 ? 0xFFu : (1u << answers) - 1u;
}

static bool row_complete(const row_state *r)
{
	return r->r.answer_count > 0 &&
	       popcount8(r->mask & full_mask(r->r.answer_count)) == r->r.answer_count;
}

int review_flow_items(const review_flow *f, int *count)
{
	*count = f->nitems;
	return f->nitems;
}

void review_flow_item(const review_flow *f, int i, int *row, int *answer)
{
	*row = f->items[i].row;
	*answer = f->items[i].answer;
}

int review_flow_position(const review_flow *f)
{
	return f->pos;
}

/* Where the item stands among the candidates or questions of this order. */
static void position(const review_flow *f, item it, review_view *v)
{
	const row_state *rs = &f->rows[it.row];
	v->answer_index = it.answer + 1;
	v->answer_count = rs->r.answer_count;
	v->question_index = it.answer + 1;
	v->question_count = rs->event >= 0 ? f->events[rs->event].question_count : rs->r.answer_count;
	v->cand_count = f->nrows;
	for (int i = 0; i < f->nrows; i++)
		if (f->perm[i] == it.row)
			v->cand_index = i + 1;
}

void review_flow_view(review_flow *f, review_view *v)
{
	memset(v, 0, sizeof *v);
	v->order = f->order;
	v->scored = f->scored;
	v->total = f->total;
	v->failed = f->failed;
	v->sample_count = f->nsamples;
	v->note_open = f->note_open;
	v->note_buf = f->note_open ? &f->note : NULL;
	v->answer_text = "";
	if (f->pos >= f->nitems)
		return;
	item it = f->items[f->pos];
	if (it.row < 0) {
		const pack_sample *s = &f->samples[it.answer];
		v->kind = REVIEW_ITEM_SAMPLE;
		v->calibrating = true;
		v->sample_index = it.answer + 1;
		v->sample_id = s->id;
		v->question_id = s->question_id;
		v->answer_lang = s->language;
		v->answer_text = s->answer ? s->answer : "";
		v->answer_empty = review_answer_empty(s->answer);
		v->score = f->sample_score[it.answer];
		v->reference = s->score;
		v->reference_shown = v->score > 0;
		if (f->nevents > 0)
			v->pack_hash = f->events[0].pack_hash;
		return;
	}
	const row_state *rs = &f->rows[it.row];
	v->code = rs->r.code;
	v->status = rs->r.status;
	v->event_id = rs->r.event_id;
	v->pack_hash = rs->event >= 0 ? f->events[rs->event].pack_hash : NULL;
	v->answer_lang = rs->r.language;
	position(f, it, v);
	if (f->loaded != it.row || it.answer >= f->session.answer_count) {
		v->kind = REVIEW_ITEM_NONE;
		return;
	}
	v->kind = REVIEW_ITEM_ANSWER;
	const answer_record *a = &f->session.answers[it.answer];
	v->answer = a;
	v->question_id = a->question_id;
	v->answer_text = a->answer ? a->answer : "";
	v->answer_empty = review_answer_empty(a->answer);
	v->answer_lang = f->session.language[0] ? f->session.language : rs->r.language;
	v->time_percent = f->session.time_percent;
	v->score = f->my_score[it.answer];
	v->automatic = f->my_auto[it.answer];
	v->note = f->my_note[it.answer];
	v->revealed = row_complete(rs);
	if (v->revealed) {
		v->name = f->session.name ? f->session.name : "";
		v->contact_count = f->session.contact_count;
		v->contacts = f->session.contacts;
		v->others_count = f->nothers[it.answer];
		v->others = f->others[it.answer];
	} else {
		v->others_hidden = f->nothers[it.answer] > 0;
	}
}
