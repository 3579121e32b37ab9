#include "packpot.h"

#include <string.h>

const char *const packpot_fields[6] = {
	"text", "look_for", "red_flag", "anchor_1", "anchor_3", "anchor_5",
};

static const char *const field_notes[6] = {
	"the question as the candidate reads it on the kiosk",
	"interviewer tip for reviewers: what a strong answer shows",
	"interviewer tip for reviewers: the warning sign",
	"scoring anchor for reviewers: what an answer scored 1 (weak) looks like",
	"scoring anchor for reviewers: what an answer scored 3 (average) looks like",
	"scoring anchor for reviewers: what an answer scored 5 (strong) looks like",
};

const char *const packpot_sample_fields[2] = { "answer", "why" };

const char *packpot_source(const pack_question *q, const char *field)
{
	if (strcmp(field, "text") == 0)
		return q->text;
	if (strcmp(field, "look_for") == 0)
		return q->look_for;
	if (strcmp(field, "red_flag") == 0)
		return q->red_flag;
	if (strcmp(field, "anchor_1") == 0)
		return q->anchor[0];
	if (strcmp(field, "anchor_3") == 0)
		return q->anchor[1];
	if (strcmp(field, "anchor_5") == 0)
		return q->anchor[2];
	return NULL;
}

const char *packpot_sample_source(const pack_sample *s, const char *field)
{
	if (strcmp(field, "answer") == 0)
		return s->answer;
	if (strcmp(field, "why") == 0)
		return s->why;
	return NULL;
}

/* A PO string literal: quotes, backslashes and control characters escaped. */
static void po_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		switch (*s) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		default: fputc(*s, out); break;
		}
	}
	fputc('"', out);
}

static void entry(FILE *out, const char *note, const char *ctx, const char *msgid)
{
	fprintf(out, "\n#. %s\nmsgctxt ", note);
	po_string(out, ctx);
	fputs("\nmsgid ", out);
	po_string(out, msgid);
	fputs("\nmsgstr \"\"\n", out);
}

int packpot_write(const pack *p, FILE *out)
{
	fprintf(out,
	        "# Translations of the question pack \"%s\" %s.\n"
	        "# Every msgctxt names a question and a field; keep placeholders as they are.\n"
	        "msgid \"\"\n"
	        "msgstr \"\"\n"
	        "\"Project-Id-Version: %s %s\\n\"\n"
	        "\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"
	        "\"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n\"\n"
	        "\"Language-Team: LANGUAGE <LL@li.org>\\n\"\n"
	        "\"Language: \\n\"\n"
	        "\"MIME-Version: 1.0\\n\"\n"
	        "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	        "\"Content-Transfer-Encoding: 8bit\\n\"\n",
	        p->id, p->version, p->id, p->version);
	entry(out, "the pack's title, shown on the kiosk's first screen", "pack|title", p->title);
	entry(out, "the role candidates apply for", "pack|role", p->role);
	for (int i = 0; i < p->question_count; i++) {
		const pack_question *q = &p->questions[i];
		for (int f = 0; f < 6; f++) {
			char ctx[PACK_SHORT + 16], note[256];
			snprintf(ctx, sizeof ctx, "%s|%s", q->id, packpot_fields[f]);
			snprintf(note, sizeof note, "%s (%s): %s", q->id, pack_type_name(q->type),
			         field_notes[f]);
			entry(out, note, ctx, packpot_source(q, packpot_fields[f]));
		}
	}
	for (int i = 0; i < p->sample_count; i++) {
		const pack_sample *s = &p->samples[i];
		char ctx[PACK_SHORT + 16], note[512];

		/* The translated answer must stay as rough as the original, or a
		 * reviewer calibrates against a better answer than was scored. */
		snprintf(ctx, sizeof ctx, "%s|answer", s->id);
		snprintf(note, sizeof note, "%s (calibration sample for %s, reference "
		         "score %d of 5): an answer as a candidate typed it, for reviewers "
		         "to practise scoring on; keep its informal tone, its gaps and its "
		         "mistakes", s->id, s->question_id, s->score);
		entry(out, note, ctx, s->answer);
		snprintf(ctx, sizeof ctx, "%s|why", s->id);
		snprintf(note, sizeof note, "%s (calibration sample for %s, reference "
		         "score %d of 5): for reviewers: why the sample got that score, "
		         "quoting the question's scoring anchors; use the anchors' "
		         "translations", s->id, s->question_id, s->score);
		entry(out, note, ctx, s->why);
	}
	return ferror(out) ? -1 : 0;
}
