/*
 * report_csv.c — results.csv: RFC 4180, UTF-8 with a byte-order mark, CRLF,
 * one row per session in the report's order. Cells a spreadsheet would run
 * as a formula are neutralised by the exporter's rule (csv.h).
 */
#include <string.h>

#include "csv.h"
#include "report_internal.h"

static void cell(FILE *out, const char *s, bool first)
{
	size_t n = s ? strlen(s) : 0;
	bool neutral = csv_cell_neutral(s, n);

	if (!first)
		fputc(',', out);
	if (n == 0)
		return;
	if (!neutral && strpbrk(s, ",\"\r\n") == NULL) {
		fwrite(s, 1, n, out);
		return;
	}
	fputs(neutral ? "\"'" : "\"", out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

/* Every question id of every event, in order of first appearance. */
static int question_columns(const report_data *r, const char *cols[], int cap)
{
	int n = 0;
	for (int ev = 0; ev < r->nevents; ev++) {
		const report_event *e = &r->events[ev];
		for (int q = 0; q < e->question_count; q++) {
			int j = 0;
			while (j < n && strcmp(cols[j], e->question_ids[q]) != 0)
				j++;
			if (j == n && n < cap)
				cols[n++] = e->question_ids[q];
		}
	}
	return n;
}

static void number(FILE *out, const char *fmt, double v)
{
	char buf[32];
	/* "." whatever the locale: the C library's printf would follow LC_NUMERIC. */
	snprintf(buf, sizeof buf, fmt, v);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	cell(out, buf, false);
}

static void row(FILE *out, const report_data *r, const report_candidate *c, bool events,
                const char *cols[], int ncols)
{
	const report_event *e = &r->events[c->event];
	char buf[32], flags[SESSION_MAX_QUESTIONS * SESSION_SHORT] = "";
	bool first = true;

	if (events) {
		cell(out, e->id, true);
		first = false;
	}
	if (c->rank > 0)
		snprintf(buf, sizeof buf, "%d", c->rank);
	else
		buf[0] = '\0';
	cell(out, buf, first);
	cell(out, c->code, false);
	cell(out, c->name, false);
	for (int k = 0; k < REPORT_NCONTACTS; k++)
		cell(out, c->contacts[k], false);
	cell(out, c->language, false);
	cell(out, session_status_name(c->status), false);
	for (int j = 0; j < ncols; j++) {
		int q = report_question_index(e, cols[j]);
		if (q < 0 || c->mean[q] <= 0)
			cell(out, NULL, false);
		else
			number(out, "%.2f", c->mean[q]);
		if (q >= 0 && c->combined[q].flagged) {
			if (flags[0])
				strcat(flags, " ");
			strncat(flags, e->question_ids[q], SESSION_SHORT - 1);
		}
	}
	bool scored = c->status == SESSION_COMPLETED && c->score100 >= 0;
	if (scored)
		snprintf(buf, sizeof buf, "%d", c->score100);
	cell(out, scored ? buf : NULL, false);
	cell(out, scored ? (c->pass ? "yes" : "no") : NULL, false);
	snprintf(buf, sizeof buf, "%d", c->reviewers);
	cell(out, buf, false);
	cell(out, flags, false);
	fputs("\r\n", out);
}

int report_write_csv(const report_data *r, FILE *out)
{
	/* Beyond this many distinct question ids, the rest get no column. */
	const char *cols[512];
	int ncols = question_columns(r, cols, (int)(sizeof cols / sizeof cols[0]));
	bool events = r->nevents > 1;

	fputs("\xEF\xBB\xBF", out);
	if (events)
		cell(out, "event", true);
	cell(out, "rank", !events);
	cell(out, "candidate code", false);
	cell(out, "name", false);
	for (int k = 0; k < REPORT_NCONTACTS; k++)
		cell(out, report_contact_keys[k], false);
	cell(out, "language", false);
	cell(out, "status", false);
	for (int j = 0; j < ncols; j++)
		cell(out, cols[j], false);
	cell(out, "score", false);
	cell(out, "pass", false);
	cell(out, "reviewers", false);
	cell(out, "flags", false);
	fputs("\r\n", out);
	for (int i = 0; i < r->ncands; i++)
		row(out, r, &r->cands[r->order[i]], events, cols, ncols);
	return ferror(out) ? -1 : 0;
}
