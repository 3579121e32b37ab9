/*
 * report_svg.c — the report's plots as inline SVG: the distribution of
 * scores out of 100 with the threshold drawn, time per question as box
 * plots, agreement per question as bars. A viewBox and width 100% let a
 * printed page scale them to its width; plots read left to right in every
 * language (their axes are numbers), their labels in the reader's digits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "report_internal.h"

/* One formatter per language and number of decimals, opened on first use. */
static UNumberFormat *decimal_formatters[LANG_COUNT][3];

static UNumberFormat *decimal_formatter(const char *lang, int decimals)
{
	const lang_info *all = lang_all();
	int i = 0;
	while (i < LANG_COUNT - 1 && strcmp(all[i].code, lang ? lang : "en") != 0)
		i++;
	if (strcmp(all[i].code, lang ? lang : "en") != 0)
		i = 0;
	UNumberFormat **nf = &decimal_formatters[i][decimals];
	if (!*nf) {
		UErrorCode err = U_ZERO_ERROR;
		*nf = unum_open(UNUM_DECIMAL, NULL, 0, all[i].icu_locale, NULL, &err);
		if (U_FAILURE(err)) {
			*nf = NULL;
			return NULL;
		}
		unum_setAttribute(*nf, UNUM_MIN_FRACTION_DIGITS, decimals);
		unum_setAttribute(*nf, UNUM_MAX_FRACTION_DIGITS, decimals);
	}
	return *nf;
}

void report_fmt_double(const char *lang, double value, int decimals, char *out, size_t size)
{
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormat *nf = decimals >= 0 && decimals <= 2 ? decimal_formatter(lang, decimals) : NULL;
	UChar buf[64];

	if (nf) {
		int32_t n = unum_formatDouble(nf, value, buf, 64, NULL, &err);
		if (U_SUCCESS(err) && n < 64) {
			u_strToUTF8(out, (int32_t)size, NULL, buf, n, &err);
			if (U_SUCCESS(err))
				return;
		}
	}
	snprintf(out, size, "%.*f", decimals, value);
}

void report_fmt_cleanup(void)
{
	for (int i = 0; i < LANG_COUNT; i++)
		for (int k = 0; k < 3; k++) {
			if (decimal_formatters[i][k])
				unum_close(decimal_formatters[i][k]);
			decimal_formatters[i][k] = NULL;
		}
}

static void svg_open(FILE *out, int w, int h, const char *label)
{
	fprintf(out, "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" "
	        "role=\"img\" direction=\"ltr\" aria-label=\"", w, h);
	report_html_escape(out, label);
	fputs("\">\n", out);
}

static void text(FILE *out, double x, double y, const char *anchor, const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
	report_html_escape(out, s);
	fputs("</text>\n", out);
}

/* Bins of 10 points; the last holds 90 to 100. */
void report_svg_histogram(FILE *out, const report_data *r, int event, const char *lang)
{
	const report_event *e = &r->events[event];
	int bins[10] = { 0 }, top = 1;
	const double x0 = 50, x1 = 580, y0 = 36, y1 = 210;
	char num[32];

	for (int i = 0; i < r->ncands; i++) {
		const report_candidate *c = &r->cands[i];
		if (c->event != event || c->status != SESSION_COMPLETED || c->score100 < 0)
			continue;
		int b = c->score100 / 10;
		bins[b > 9 ? 9 : b]++;
	}
	for (int b = 0; b < 10; b++)
		top = bins[b] > top ? bins[b] : top;
	svg_open(out, 600, 250, _("Score distribution"));
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>\n",
	        x0, y1, x1, y1);
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>\n",
	        x0, y0, x0, y1);
	double bw = (x1 - x0) / 10;
	for (int b = 0; b < 10; b++) {
		double h = (y1 - y0) * bins[b] / top;
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\"/>\n",
		        x0 + b * bw + 2, y1 - h, bw - 4, h);
		if (bins[b] > 0) {
			numfmt_int(lang, bins[b], num, sizeof num);
			text(out, x0 + (b + 0.5) * bw, y1 - h - 4, "middle", num);
		}
	}
	for (int t = 0; t <= 100; t += 10) {
		numfmt_int(lang, t, num, sizeof num);
		text(out, x0 + t * (x1 - x0) / 100, y1 + 16, "middle", num);
	}
	numfmt_int(lang, top, num, sizeof num);
	text(out, x0 - 6, y0 + 4, "end", num);
	double tx = x0 + e->threshold * (x1 - x0) / 100;
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" class=\"threshold\"/>\n",
	        tx, y0 - 20, tx, y1);
	char label[128];
	numfmt_int(lang, e->threshold, num, sizeof num);
	snprintf(label, sizeof label, _("threshold %s"), num);
	/* Above the bars, whose counts stand just over them. */
	text(out, tx + 4, y0 - 22, "start", label);
	text(out, (x0 + x1) / 2, 246, "middle", _("score out of 100"));
	fputs("</svg>\n", out);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The p-quantile of n sorted values, interpolated linearly. */
static double quantile(const double *v, int n, double p)
{
	double at = p * (n - 1);
	int lo = (int)floor(at);
	int hi = lo + 1 < n ? lo + 1 : lo;
	return v[lo] + (v[hi] - v[lo]) * (at - lo);
}

/* Minutes each question was on screen, min / quartiles / median / max. */
void report_svg_boxplot(FILE *out, const report_data *r, int event, const char *lang)
{
	const report_event *e = &r->events[event];
	const double x0 = 80, x1 = 580, row = 30, y0 = 10;
	int nq = e->question_count, h = (int)(y0 + row * nq + 40);
	double *v = malloc((size_t)(r->ncands ? r->ncands : 1) * sizeof *v);
	double most = 0;
	char num[32];

	if (!v)
		return;
	for (int i = 0; i < r->ncands; i++)
		for (int q = 0; q < nq; q++)
			if (r->cands[i].event == event && r->cands[i].total_ms[q] / 60000.0 > most)
				most = r->cands[i].total_ms[q] / 60000.0;
	most = most <= 0 ? 1 : ceil(most);
	svg_open(out, 600, h, _("Time per question"));
	for (int q = 0; q < nq; q++) {
		int n = 0;
		double y = y0 + row * q + row / 2;
		for (int i = 0; i < r->ncands; i++)
			if (r->cands[i].event == event && r->cands[i].total_ms[q] >= 0)
				v[n++] = r->cands[i].total_ms[q] / 60000.0;
		text(out, x0 - 8, y + 4, "end", e->question_ids[q]);
		if (n == 0)
			continue;
		qsort(v, (size_t)n, sizeof *v, cmp_double);
		double p[5] = { v[0], quantile(v, n, 0.25), quantile(v, n, 0.5), quantile(v, n, 0.75),
		                v[n - 1] };
		double x[5];
		for (int k = 0; k < 5; k++)
			x[k] = x0 + p[k] / most * (x1 - x0);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"whisker\"/>\n",
		        x[0], y, x[4], y);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"whisker\"/>\n"
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"whisker\"/>\n",
		        x[0], y - 6, x[0], y + 6, x[4], y - 6, x[4], y + 6);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"box\"/>\n",
		        x[1], y - 9, x[3] - x[1] > 0.5 ? x[3] - x[1] : 0.5, 18.0);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"median\"/>\n",
		        x[2], y - 9, x[2], y + 9);
	}
	double ya = y0 + row * nq + 4;
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" class=\"axis\"/>\n",
	        x0, ya, x1, ya);
	int step = most > 10 ? (int)ceil(most / 10) : 1;
	for (int t = 0; t <= (int)most; t += step) {
		numfmt_int(lang, t, num, sizeof num);
		text(out, x0 + t / most * (x1 - x0), ya + 16, "middle", num);
	}
	text(out, (x0 + x1) / 2, ya + 34, "middle", _("minutes on screen"));
	fputs("</svg>\n", out);
	free(v);
}

/* Alpha, exact and adjacent agreement per question, on a 0 to 1 scale. */
void report_svg_agreement(FILE *out, const report_data *r, int event, const char *lang)
{
	const report_event *e = &r->events[event];
	const double x0 = 80, x1 = 540, row = 42, y0 = 30;
	int nq = e->question_count, h = (int)(y0 + row * nq + 30);
	const char *cls[3] = { "alpha", "exact", "adjacent" };
	const char *names[3] = { _("alpha"), _("exact"), _("adjacent") };
	char num[32];

	svg_open(out, 600, h, _("Agreement per question"));
	for (int k = 0; k < 3; k++) {
		fprintf(out, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" class=\"%s\"/>\n",
		        80 + 150 * k, cls[k]);
		text(out, 96 + 150 * k, 16, "start", names[k]);
	}
	for (int q = 0; q < nq; q++) {
		const score_agreement *a = &e->per_question[q];
		double vals[3] = { a->alpha, a->exact, a->adjacent };
		bool defined[3] = { a->alpha_defined, a->pairs > 0, a->pairs > 0 };
		double y = y0 + row * q;
		text(out, x0 - 8, y + 20, "end", e->question_ids[q]);
		for (int k = 0; k < 3; k++) {
			double yk = y + 2 + 12 * k, v = vals[k] < 0 ? 0 : vals[k] > 1 ? 1 : vals[k];
			if (!defined[k]) {
				text(out, x0 + 4, yk + 9, "start", "–");
				continue;
			}
			fprintf(out, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" class=\"%s\"/>\n",
			        x0, yk, v * (x1 - x0), cls[k]);
			report_fmt_double(lang, vals[k], 2, num, sizeof num);
			text(out, x0 + v * (x1 - x0) + 4, yk + 9, "start", num);
		}
	}
	double ya = y0 + row * nq;
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" class=\"axis\"/>\n",
	        x0, ya, x1, ya);
	for (int t = 0; t <= 4; t++) {
		report_fmt_double(lang, t / 4.0, 2, num, sizeof num);
		text(out, x0 + t / 4.0 * (x1 - x0), ya + 16, "middle", num);
	}
	fputs("</svg>\n", out);
}
