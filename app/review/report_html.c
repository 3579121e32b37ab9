/*
 * report_html.c — report.html: one self-contained file (inline CSS and SVG,
 * no script, no external URL or font) in the reader's language and
 * direction, laid out to print on A4. Every string from a session or a
 * scores file is escaped: a candidate's name is data, never markup.
 */
#include <string.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "report_internal.h"

void report_html_escape(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char style[] =
	"body{font-family:sans-serif;color:#111;margin:1.5em;font-size:11pt}\n"
	"h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:2px solid #333}h3{font-size:1.05em}\n"
	"table{border-collapse:collapse;width:100%;margin:.3em 0 1em}\n"
	"th,td{border:1px solid #999;padding:2px 5px;text-align:start;vertical-align:top}\n"
	"th{background:#eee}td.n,td.code{text-align:end;white-space:nowrap}td.code{text-align:start}\n"
	"td.contact{font-size:.9em}th{word-break:keep-all}.yes,td.n{white-space:nowrap}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}\n"
	"td.flag{background:#fcd34d;font-weight:bold}.yes{font-weight:bold;color:#065f46}\n"
	"figure{margin:.5em 0 1em;break-inside:avoid;page-break-inside:avoid}\n"
	"figure svg{display:block;max-width:100%;height:auto;font-size:11px}\n"
	"svg .axis,svg .whisker{stroke:#333;stroke-width:1}svg .bar{fill:#4477aa}\n"
	"svg .threshold{stroke:#c00;stroke-width:2;stroke-dasharray:5 3}\n"
	"svg .box{fill:#ddeeff;stroke:#333}svg .median{stroke:#c00;stroke-width:2}\n"
	"svg .alpha{fill:#4477aa}svg .exact{fill:#66ccee}svg .adjacent{fill:#ccbb44}\n"
	".note{color:#444;font-size:.9em}\n"
	"@page{size:A4;margin:15mm}\n"
	"@media print{body{margin:0;font-size:9pt}table.candidates{font-size:7.5pt}section+section{break-before:page}"
	"h2,h3{break-after:avoid;page-break-after:avoid}}\n";

static void tag_text(FILE *out, const char *tag, const char *s)
{
	fprintf(out, "<%s>", tag);
	report_html_escape(out, s);
	fprintf(out, "</%s>", tag);
}

/* A candidate's words keep their own direction inside a page of the other
 * one: a phone number stays +49 30 1234567 in an Arabic report. */
static void td_data(FILE *out, const char *cls, const char *s)
{
	fprintf(out, "<td%s%s%s><bdi>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	report_html_escape(out, s ? s : "");
	fputs("</bdi></td>", out);
}

static void td_num(FILE *out, const char *s)
{
	fputs("<td class=\"n\">", out);
	report_html_escape(out, s);
	fputs("</td>", out);
}

static const char *status_text(session_status st)
{
	switch (st) {
	case SESSION_COMPLETED: return _("completed");
	case SESSION_ABANDONED: return _("abandoned");
	case SESSION_INTERRUPTED: return _("interrupted");
	default: return _("in progress");
	}
}

static void contact_cell(FILE *out, const report_candidate *c)
{
	bool any = false;
	fputs("<td class=\"contact\">", out);
	for (int k = 0; k < REPORT_NCONTACTS; k++) {
		if (!c->contacts[k])
			continue;
		fputs(any ? "<br><bdi>" : "<bdi>", out);
		/* Narrow columns break an address after "@" or before a dot, not mid-word. */
		for (const char *p = c->contacts[k]; *p; p++) {
			if (*p == '.' && p != c->contacts[k])
				fputs("<wbr>", out);
			char one[2] = { *p, '\0' };
			report_html_escape(out, one);
			if (*p == '@')
				fputs("<wbr>", out);
		}
		fputs("</bdi>", out);
		any = true;
	}
	fputs("</td>", out);
}

static void language_cell(FILE *out, const report_candidate *c)
{
	const lang_info *li = lang_find(c->language);
	td_data(out, NULL, li ? li->native : c->language);
}

static void th(FILE *out, const char *s)
{
	tag_text(out, "th", s);
}

static void question_cells(FILE *out, const report_event *e, const report_candidate *c,
                           const char *lang)
{
	char num[32];
	for (int q = 0; q < e->question_count; q++) {
		if (c->mean[q] <= 0) {
			fputs("<td class=\"n\"></td>", out);
			continue;
		}
		report_fmt_double(lang, c->mean[q], 2, num, sizeof num);
		fputs(c->combined[q].flagged ? "<td class=\"n flag\">" : "<td class=\"n\">", out);
		report_html_escape(out, num);
		fputs("</td>", out);
	}
}

static void summary(FILE *out, const report_data *r, const report_event *e, const char *lang)
{
	char num[32];
	fputs("<table class=\"summary\"><tbody>\n", out);
	const struct { const char *label; int v; } rows[] = {
		{ _("Pass threshold (out of 100)"), e->threshold },
		{ _("Completed"), e->count[SESSION_COMPLETED] },
		{ _("Passed"), e->passed },
		{ _("Abandoned"), e->count[SESSION_ABANDONED] },
		{ _("Interrupted"), e->count[SESSION_INTERRUPTED] },
		{ _("In progress"), e->count[SESSION_IN_PROGRESS] },
		{ _("Reviewers"), r->nreviewers },
	};
	fputs("<tr>", out);
	th(out, _("Pack"));
	td_data(out, NULL, e->pack_id);
	fputs("</tr>\n", out);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fputs("<tr>", out);
		th(out, rows[i].label);
		numfmt_int(lang, rows[i].v, num, sizeof num);
		td_num(out, num);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void shortlist(FILE *out, const report_data *r, int ev, const char *lang)
{
	char num[32];
	int n = 0;
	fprintf(out, "<h3>%s</h3>\n", _("Shortlist"));
	for (int i = 0; i < r->ncands; i++) {
		const report_candidate *c = &r->cands[r->order[i]];
		if (c->event != ev || !c->pass)
			continue;
		if (n++ == 0) {
			fputs("<table class=\"shortlist\"><thead><tr>", out);
			th(out, _("Rank"));
			th(out, _("Code"));
			th(out, _("Name"));
			th(out, _("Contact"));
			th(out, _("Score"));
			fputs("</tr></thead><tbody>\n", out);
		}
		fputs("<tr>", out);
		numfmt_int(lang, c->rank, num, sizeof num);
		td_num(out, num);
		td_data(out, "code", c->code);
		td_data(out, NULL, c->name);
		contact_cell(out, c);
		numfmt_int(lang, c->score100, num, sizeof num);
		td_num(out, num);
		fputs("</tr>\n", out);
	}
	if (n)
		fputs("</tbody></table>\n", out);
	else
		fprintf(out, "<p class=\"note\">%s</p>\n", _("No candidate reached the threshold."));
}

static void candidates(FILE *out, const report_data *r, int ev, const char *lang, bool completed)
{
	const report_event *e = &r->events[ev];
	char num[32];
	int n = 0;

	fprintf(out, "<h3>%s</h3>\n", completed ? _("Every candidate")
	                                        : _("Not completed (not ranked)"));
	for (int i = 0; i < r->ncands; i++) {
		const report_candidate *c = &r->cands[r->order[i]];
		if (c->event != ev || (c->status == SESSION_COMPLETED) != completed)
			continue;
		if (n++ == 0) {
			fputs("<table class=\"candidates\"><thead><tr>", out);
			if (completed)
				th(out, _("Rank"));
			th(out, _("Code"));
			th(out, _("Name"));
			th(out, _("Contact"));
			th(out, _("Language"));
			if (!completed)
				th(out, _("Status"));
			for (int q = 0; q < e->question_count; q++)
				th(out, e->question_ids[q]);
			if (completed) {
				th(out, _("Score"));
				th(out, _("Pass"));
			}
			th(out, _("Reviewers"));
			fputs("</tr></thead><tbody>\n", out);
		}
		fputs("<tr>", out);
		if (completed) {
			num[0] = '\0';
			if (c->rank > 0)
				numfmt_int(lang, c->rank, num, sizeof num);
			td_num(out, num);
		}
		td_data(out, "code", c->code);
		td_data(out, NULL, c->name);
		contact_cell(out, c);
		language_cell(out, c);
		if (!completed)
			tag_text(out, "td", status_text(c->status));
		question_cells(out, e, c, lang);
		if (completed) {
			num[0] = '\0';
			if (c->score100 >= 0)
				numfmt_int(lang, c->score100, num, sizeof num);
			td_num(out, num);
			if (c->score100 < 0)
				tag_text(out, "td", _("not scored"));
			else
				fprintf(out, "<td class=\"%s\">%s</td>", c->pass ? "yes" : "no",
				        c->pass ? _("yes") : _("no"));
		}
		numfmt_int(lang, c->reviewers, num, sizeof num);
		td_num(out, num);
		fputs("</tr>\n", out);
	}
	if (n == 0)
		fprintf(out, "<p class=\"note\">%s</p>\n", _("None."));
	else
		fputs("</tbody></table>\n", out);
	if (n && completed)
		fprintf(out, "<p class=\"note\">%s</p>\n",
		        _("Each question's score is the mean of the reviewers' scores (1 to 5). "
		          "Highlighted: reviewers differ by 2 or more."));
}

static void agreement_row(FILE *out, const char *label, const score_agreement *a,
                          const char *lang)
{
	char num[32];
	fputs("<tr>", out);
	tag_text(out, "td", label);
	numfmt_int(lang, a->units, num, sizeof num);
	td_num(out, num);
	if (a->alpha_defined)
		report_fmt_double(lang, a->alpha, 2, num, sizeof num);
	td_num(out, a->alpha_defined ? num : "–");
	report_fmt_double(lang, a->exact, 2, num, sizeof num);
	td_num(out, a->pairs > 0 ? num : "–");
	report_fmt_double(lang, a->adjacent, 2, num, sizeof num);
	td_num(out, a->pairs > 0 ? num : "–");
	fputs("</tr>\n", out);
}

static void agreement(FILE *out, const report_data *r, int ev, const char *lang)
{
	const report_event *e = &r->events[ev];
	fprintf(out, "<h3>%s</h3>\n", _("Agreement between reviewers"));
	if (r->nreviewers < 2) {
		fprintf(out, "<p class=\"note\">%s</p>\n",
		        _("Agreement needs the scores of two reviewers or more."));
		return;
	}
	fputs("<table class=\"agreement\"><thead><tr>", out);
	th(out, _("Question"));
	th(out, _("Answers scored twice or more"));
	th(out, _("Krippendorff's alpha (ordinal)"));
	th(out, _("Exact agreement"));
	th(out, _("Adjacent agreement (±1)"));
	fputs("</tr></thead><tbody>\n", out);
	for (int q = 0; q < e->question_count; q++)
		agreement_row(out, e->question_ids[q], &e->per_question[q], lang);
	agreement_row(out, _("All questions"), &e->agreement, lang);
	fputs("</tbody></table>\n<figure>\n", out);
	report_svg_agreement(out, r, ev, lang);
	fputs("</figure>\n", out);
}

static void event_section(FILE *out, const report_data *r, int ev, const char *lang)
{
	const report_event *e = &r->events[ev];
	char title[256];
	snprintf(title, sizeof title, _("Event %s"), e->id);
	fputs("<section class=\"event\">\n", out);
	tag_text(out, "h2", title);
	fputs("\n", out);
	summary(out, r, e, lang);
	shortlist(out, r, ev, lang);
	candidates(out, r, ev, lang, true);
	fprintf(out, "<h3>%s</h3>\n<figure>\n", _("Score distribution"));
	report_svg_histogram(out, r, ev, lang);
	fputs("</figure>\n", out);
	fprintf(out, "<h3>%s</h3>\n<figure>\n", _("Time per question"));
	report_svg_boxplot(out, r, ev, lang);
	fprintf(out, "</figure>\n<p class=\"note\">%s</p>\n",
	        _("Minutes each question was on screen: minimum, quartiles, median (red), maximum."));
	agreement(out, r, ev, lang);
	candidates(out, r, ev, lang, false);
	fputs("</section>\n", out);
}

int report_write_html(const report_data *r, const char *lang, FILE *out)
{
	const lang_info *li = lang_find(lang);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	        li ? li->icu_locale : "en", li && li->rtl ? "rtl" : "ltr");
	tag_text(out, "title", _("Screening report"));
	fprintf(out, "\n<style>\n%s</style>\n</head>\n<body>\n", style);
	tag_text(out, "h1", _("Screening report"));
	fputs("\n<p class=\"note\">", out);
	report_html_escape(out, _("Scored by:"));
	for (int k = 0; k < r->nreviewers; k++) {
		fputs(k ? ", " : " ", out);
		fputs("<bdi>", out);
		report_html_escape(out, r->reviewers[k]);
		fputs("</bdi>", out);
	}
	if (r->nreviewers == 0) {
		fputs(" ", out);
		report_html_escape(out, _("nobody yet"));
	}
	fputs("</p>\n", out);
	if (r->nevents == 0)
		fprintf(out, "<p>%s</p>\n", _("No sessions were loaded."));
	for (int ev = 0; ev < r->nevents; ev++)
		event_section(out, r, ev, lang);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
