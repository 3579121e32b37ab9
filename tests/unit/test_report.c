/*
 * test_report.c — the report's figures and files over sessions and scores
 * built here: ranking (ties by code), abandoned sessions apart and never
 * ranked, combined means and flags, an empty answer counted as 1, pass at
 * exactly the threshold, merging by id, and what results.csv and report.html
 * do with hostile names (formula cells neutralised, markup escaped).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i18n.h"
#include "report_internal.h"

#define QS 3

static const char *const qids[QS] = { "q01", "q05", "q07" };

static void make_session(session_record *s, const char *id, const char *name,
                         session_status st, int threshold)
{
	session_init(s);
	snprintf(s->id, sizeof s->id, "%s", id);
	s->revision = 1;
	snprintf(s->event_id, sizeof s->event_id, "ev-1");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:e1");
	snprintf(s->pack_id, sizeof s->pack_id, "backend");
	snprintf(s->pack_hash, sizeof s->pack_hash, "sha256:p1");
	snprintf(s->language, sizeof s->language, "de");
	s->threshold = threshold;
	s->question_count = QS;
	for (int q = 0; q < QS; q++)
		snprintf(s->question_ids[q], sizeof s->question_ids[q], "%s", qids[q]);
	assert_int_equal(session_set_string(&s->name, name), 0);
	snprintf(s->contacts[0].key, sizeof s->contacts[0].key, "email");
	assert_int_equal(session_set_string(&s->contacts[0].value, "a@example.org"), 0);
	s->contact_count = 1;
	s->status = st;
	s->answer_count = st == SESSION_COMPLETED ? QS : 2;
	for (int q = 0; q < s->answer_count; q++) {
		answer_record *a = &s->answers[q];
		snprintf(a->question_id, sizeof a->question_id, "%s", qids[q]);
		assert_int_equal(session_set_string(&a->answer, "an answer"), 0);
		a->total_ms = 60000 * (q + 1);
	}
}

static void add(report_data *r, session_record *s)
{
	diag_list d = { 0 };
	assert_int_equal(report_add_session(r, s, "test.json", &d), 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	session_clear(s);
}

/* scores[k][q] for reviewer k; 0 = not scored. */
static void score(report_data *r, const char *id, int k, const int by_q[QS])
{
	report_candidate *c = report_find(r, id);
	assert_non_null(c);
	for (int q = 0; q < QS; q++)
		*report_score(r, c, q, k) = by_q[q];
}

static char *csv_of(const report_data *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(report_write_csv(r, f), 0);
	fclose(f);
	/* A copy: GCC 12 -O3 takes buf, filled through &buf, for a local (dangling-pointer). */
	char *copy = strdup(buf);
	free(buf);
	assert_non_null(copy);
	return copy;
}

static char *html_of(const report_data *r, const char *lang)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	i18n_use(lang);
	assert_int_equal(report_write_html(r, lang, f), 0);
	fclose(f);
	/* A copy: GCC 12 -O3 takes buf, filled through &buf, for a local (dangling-pointer). */
	char *copy = strdup(buf);
	free(buf);
	assert_non_null(copy);
	return copy;
}

/* The line of results.csv holding needle (a session's code), copied. */
static char *csv_line(const char *csv, const char *needle)
{
	const char *at = strstr(csv, needle);
	assert_non_null(at);
	while (at > csv && at[-1] != '\n')
		at--;
	const char *end = strstr(at, "\r\n");
	assert_non_null(end);
	return strndup(at, (size_t)(end - at));
}

static const char *ID_A = "01JDX5R7Q8W2M4N6P8R0T2V4XA";
static const char *ID_B = "01JDX5R7Q8W2M4N6P8R0T2V4XB";
static const char *ID_C = "01JDX5R7Q8W2M4N6P8R0T2V4XC";
static const char *ID_D = "01JDX5R7Q8W2M4N6P8R0T2V4XD";

static void build(report_data *r, int threshold)
{
	session_record s;
	memset(r, 0, sizeof *r);
	make_session(&s, ID_C, "Carla", SESSION_COMPLETED, threshold);
	add(r, &s);
	make_session(&s, ID_A, "Ana", SESSION_COMPLETED, threshold);
	add(r, &s);
	make_session(&s, ID_B, "Bea", SESSION_COMPLETED, threshold);
	add(r, &s);
	make_session(&s, ID_D, "Dora", SESSION_ABANDONED, threshold);
	add(r, &s);
	report_sessions_done(r);
	assert_int_equal(report_add_reviewer(r, "maria"), 0);
	assert_int_equal(report_add_reviewer(r, "omar"), 1);
}

static void test_ranking_ties_by_code_abandoned_apart(void **state)
{
	report_data r;
	(void)state;
	build(&r, 60);
	/* A and B tie (both 75); C below; D abandoned but scored 5s. */
	score(&r, ID_A, 0, (int[QS]){ 4, 4, 4 });
	score(&r, ID_A, 1, (int[QS]){ 4, 4, 4 });
	score(&r, ID_B, 0, (int[QS]){ 5, 3, 4 });
	score(&r, ID_B, 1, (int[QS]){ 3, 5, 4 });
	score(&r, ID_C, 0, (int[QS]){ 2, 2, 2 });
	score(&r, ID_D, 0, (int[QS]){ 5, 5, 0 });
	assert_int_equal(report_compute(&r), 0);

	report_candidate *a = report_find(&r, ID_A), *b = report_find(&r, ID_B);
	report_candidate *c = report_find(&r, ID_C), *d = report_find(&r, ID_D);
	assert_int_equal(a->score100, 75);
	assert_int_equal(b->score100, 75);
	assert_int_equal(c->score100, 25);
	report_candidate *first = strcmp(a->code, b->code) < 0 ? a : b;
	report_candidate *second = first == a ? b : a;
	assert_int_equal(first->rank, 1);
	assert_int_equal(second->rank, 2);
	assert_int_equal(c->rank, 3);
	assert_int_equal(d->rank, 0);
	assert_false(d->pass);
	assert_true(a->pass && b->pass);
	assert_false(c->pass);
	/* The report's order: ranked, then the abandoned one. */
	assert_ptr_equal(&r.cands[r.order[0]], first);
	assert_ptr_equal(&r.cands[r.order[3]], d);

	char *csv = csv_of(&r);
	char *line = csv_line(csv, d->code);
	/* rank empty, score and pass empty: never ranked as zero */
	assert_true(line[0] == ',');
	assert_non_null(strstr(line, ",abandoned,5.00,5.00,,,,1,"));
	free(line);
	line = csv_line(csv, first->code);
	assert_true(strncmp(line, "1,", 2) == 0);
	assert_non_null(strstr(line, ",75,yes,2,"));
	free(line);
	free(csv);
	report_free(&r);
}

static void test_combined_means_and_flags(void **state)
{
	report_data r;
	(void)state;
	build(&r, 60);
	/* q01: 5 and 3 differ by 2 → flagged; q05: 4 and 5 → 4.50; q07: 2 and 3. */
	score(&r, ID_B, 0, (int[QS]){ 5, 4, 2 });
	score(&r, ID_B, 1, (int[QS]){ 3, 5, 3 });
	assert_int_equal(report_compute(&r), 0);
	report_candidate *b = report_find(&r, ID_B);
	assert_true(b->combined[0].flagged);
	assert_false(b->combined[1].flagged);
	assert_false(b->combined[2].flagged);
	assert_true(b->mean[1] == 4.5);
	assert_int_equal(b->reviewers, 2);
	/* round(100 × mean(.75, .875, .375)) = round(66.67) */
	assert_int_equal(b->score100, 67);
	char *csv = csv_of(&r);
	char *line = csv_line(csv, b->code);
	assert_non_null(strstr(line, ",completed,4.00,4.50,2.50,67,yes,2,q01"));
	free(line);
	free(csv);
	/* Nobody scored A or C: they are completed but not ranked. */
	assert_int_equal(report_find(&r, ID_A)->rank, 0);
	assert_int_equal(report_find(&r, ID_A)->score100, -1);
	report_free(&r);
}

static void test_pass_at_exactly_the_threshold(void **state)
{
	report_data r;
	(void)state;
	build(&r, 50);
	score(&r, ID_A, 0, (int[QS]){ 3, 3, 3 });     /* 50: passes */
	score(&r, ID_B, 0, (int[QS]){ 3, 3, 2 });     /* 42: does not */
	assert_int_equal(report_compute(&r), 0);
	assert_int_equal(report_find(&r, ID_A)->score100, 50);
	assert_true(report_find(&r, ID_A)->pass);
	assert_false(report_find(&r, ID_B)->pass);
	assert_int_equal(r.events[0].passed, 1);
	report_free(&r);
}

static void test_empty_answer_counts_as_one(void **state)
{
	report_data r;
	session_record s;
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "Ana", SESSION_COMPLETED, 60);
	s.answers[2].answer[0] = '\0';          /* skipped: no text */
	add(&r, &s);
	report_sessions_done(&r);
	assert_int_equal(report_add_reviewer(&r, "maria"), 0);
	score(&r, ID_A, 0, (int[QS]){ 5, 5, 0 });
	assert_int_equal(report_compute(&r), 0);
	report_candidate *a = report_find(&r, ID_A);
	assert_true(a->mean[2] == 1);
	/* round(100 × mean(1, 1, 0)) = 67, not 100 */
	assert_int_equal(a->score100, 67);
	/* A reviewer's score for it replaces the automatic 1. */
	*report_score(&r, a, 2, 0) = 3;
	assert_int_equal(report_compute(&r), 0);
	assert_int_equal(a->score100, 83);
	report_free(&r);
}

static void test_merge_keeps_highest_revision(void **state)
{
	report_data r;
	session_record s;
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "old name", SESSION_INTERRUPTED, 60);
	add(&r, &s);
	make_session(&s, ID_A, "Ana", SESSION_COMPLETED, 60);
	s.revision = 7;
	add(&r, &s);
	make_session(&s, ID_A, "older", SESSION_INTERRUPTED, 60);
	s.revision = 0;
	add(&r, &s);
	report_sessions_done(&r);
	assert_int_equal(r.ncands, 1);
	assert_string_equal(r.cands[0].name, "Ana");
	assert_int_equal(r.cands[0].status, SESSION_COMPLETED);
	report_free(&r);
}

static void test_event_disagreeing_session_left_out(void **state)
{
	report_data r;
	session_record s;
	diag_list d = { 0 };
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "Ana", SESSION_COMPLETED, 60);
	add(&r, &s);
	make_session(&s, ID_B, "Bea", SESSION_COMPLETED, 40);      /* same event id, other threshold */
	assert_int_equal(report_add_session(&r, &s, "b/sessions/B.json", &d), 0);
	session_clear(&s);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.lines[0], "b/sessions/B.json"));
	assert_int_equal(r.ncands, 1);
	diag_free(&d);
	report_free(&r);
}

static void test_csv_neutralises_and_quotes(void **state)
{
	report_data r;
	session_record s;
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "=HYPERLINK(\"http://x\",\"y\")", SESSION_COMPLETED, 60);
	session_set_string(&s.contacts[0].value, "@evil");
	snprintf(s.contacts[1].key, sizeof s.contacts[1].key, "city");
	session_set_string(&s.contacts[1].value, "Köln, \"Mitte\"");
	snprintf(s.contacts[2].key, sizeof s.contacts[2].key, "phone");
	session_set_string(&s.contacts[2].value, "+49 30 1234");
	s.contact_count = 3;
	add(&r, &s);
	report_sessions_done(&r);
	assert_int_equal(report_compute(&r), 0);
	char *csv = csv_of(&r);
	assert_true(strncmp(csv, "\xEF\xBB\xBFrank,candidate code,name,email,phone,city,linkedin,"
	                    "language,status,q01,q05,q07,score,pass,reviewers,flags\r\n", 100) == 0);
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
	assert_non_null(strstr(csv, ",\"'@evil\",\"'+49 30 1234\",\"Köln, \"\"Mitte\"\"\","));
	assert_null(strstr(csv, ",=HYPERLINK"));
	for (const char *p = csv; *p; p++)
		if (*p == '\n')
			assert_true(p > csv && p[-1] == '\r');      /* CRLF only */
	free(csv);
	report_free(&r);
}

static void test_two_events_each_ranked_with_its_threshold(void **state)
{
	report_data r;
	session_record s;
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "Ana", SESSION_COMPLETED, 80);
	add(&r, &s);
	make_session(&s, ID_B, "Bea", SESSION_COMPLETED, 40);
	snprintf(s.event_id, sizeof s.event_id, "ev-2");
	snprintf(s.event_hash, sizeof s.event_hash, "sha256:e2");
	add(&r, &s);
	report_sessions_done(&r);
	assert_int_equal(r.nevents, 2);
	assert_int_equal(report_add_reviewer(&r, "maria"), 0);
	score(&r, ID_A, 0, (int[QS]){ 4, 4, 4 });     /* 75: under ev-1's 80 */
	score(&r, ID_B, 0, (int[QS]){ 3, 3, 3 });     /* 50: over ev-2's 40 */
	assert_int_equal(report_compute(&r), 0);
	assert_int_equal(report_find(&r, ID_A)->rank, 1);
	assert_int_equal(report_find(&r, ID_B)->rank, 1);
	assert_false(report_find(&r, ID_A)->pass);
	assert_true(report_find(&r, ID_B)->pass);
	char *csv = csv_of(&r);
	assert_true(strncmp(csv, "\xEF\xBB\xBF" "event,rank,candidate code,", 29) == 0);
	char *line = csv_line(csv, report_find(&r, ID_B)->code);
	assert_true(strncmp(line, "ev-2,1,", 7) == 0);
	assert_non_null(strstr(line, ",50,yes,1,"));
	free(line);
	free(csv);
	report_free(&r);
}

static void test_html_escapes_names(void **state)
{
	report_data r;
	session_record s;
	(void)state;
	memset(&r, 0, sizeof r);
	make_session(&s, ID_A, "<script>alert(1)</script>", SESSION_COMPLETED, 10);
	add(&r, &s);
	make_session(&s, ID_B, "\"><img src=x>", SESSION_ABANDONED, 10);
	session_set_string(&s.contacts[0].value, "x' onmouseover='alert(2)");
	add(&r, &s);
	report_sessions_done(&r);
	assert_int_equal(report_add_reviewer(&r, "<b>maria</b>"), 0);
	score(&r, ID_A, 0, (int[QS]){ 4, 4, 4 });
	assert_int_equal(report_compute(&r), 0);
	char *html = html_of(&r, "en");
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>maria"));
	assert_null(strstr(html, "' onmouseover"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x&gt;"));
	assert_non_null(strstr(html, "x&#39; onmouseover=&#39;alert(2)"));
	assert_non_null(strstr(html, "<html lang=\"en\" dir=\"ltr\">"));
	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	assert_null(strstr(html, "<link"));
	/* the shortlist holds A, who passed */
	assert_non_null(strstr(html, r.cands[0].code));
	free(html);
	html = html_of(&r, "ar");
	assert_non_null(strstr(html, "<html lang=\"ar\" dir=\"rtl\">"));
	free(html);
	i18n_use("en");
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking_ties_by_code_abandoned_apart),
		cmocka_unit_test(test_combined_means_and_flags),
		cmocka_unit_test(test_pass_at_exactly_the_threshold),
		cmocka_unit_test(test_empty_answer_counts_as_one),
		cmocka_unit_test(test_merge_keeps_highest_revision),
		cmocka_unit_test(test_event_disagreeing_session_left_out),
		cmocka_unit_test(test_csv_neutralises_and_quotes),
		cmocka_unit_test(test_two_events_each_ranked_with_its_threshold),
		cmocka_unit_test(test_html_escapes_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
