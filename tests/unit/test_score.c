/*
 * test_score.c — SPEC §9's arithmetic: the score out of 100 and pass, the
 * combination of several reviewers with its flag, Krippendorff's alpha
 * (ordinal) against the published worked example and against an independent
 * implementation written here from the pairwise definition, exact and
 * adjacent agreement, and the neutral candidate code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "score.h"

/* ---- score out of 100, pass ---- */

static void test_score_100_examples(void **state)
{
	const double all5[] = { 5, 5, 5 }, all1[] = { 1, 1 }, one3[] = { 3 };
	const double mixed[] = { 4, 2, 5 }, with_none[] = { 4, 0, 2, 0, 5 };
	const double none[] = { 0, 0 };

	(void)state;
	assert_int_equal(score_100(all5, 3), 100);
	assert_int_equal(score_100(all1, 2), 0);
	assert_int_equal(score_100(one3, 1), 50);
	/* round(100 × mean(.75, .25, 1)) = round(66.67) */
	assert_int_equal(score_100(mixed, 3), 67);
	/* Unscored answers are left out, not counted as 1. */
	assert_int_equal(score_100(with_none, 5), 67);
	assert_int_equal(score_100(none, 2), -1);
	assert_int_equal(score_100(none, 0), -1);
	assert_int_equal(score_100(NULL, 3), -1);
}

static void test_score_100_fractional_and_halves(void **state)
{
	/* Combined means of several reviewers. */
	const double a[] = { 3.5, 4.5 };           /* mean(.625, .875) = .75 */
	const double b[] = { 2.5, 3, 4 };          /* mean(.375, .5, .75) = .541666… */
	const double c[] = { 4.333333333333333, 1.5 };  /* mean(.8333, .125) = .479166… */
	/* Exact halves round up: mean(.5, .75) = .625 → 62.5 → 63. */
	const double half[] = { 3, 4 };
	/* mean(0, .25, .25, .5) … = 25 × 4 / 8 = 12.5 → 13 */
	const double half2[] = { 1, 2, 2, 3, 1, 1, 1, 1 };
	const double out_of_range[] = { 3, 6 }, below[] = { 0.5 };

	(void)state;
	assert_int_equal(score_100(a, 2), 75);
	assert_int_equal(score_100(b, 3), 54);
	assert_int_equal(score_100(c, 2), 48);
	assert_int_equal(score_100(half, 2), 63);
	assert_int_equal(score_100(half2, 8), 13);
	assert_int_equal(score_100(out_of_range, 2), -1);
	assert_int_equal(score_100(below, 1), -1);
}

static void test_score_pass_threshold(void **state)
{
	(void)state;
	assert_true(score_pass(60, 60));    /* exactly at the threshold passes */
	assert_false(score_pass(59, 60));
	assert_true(score_pass(100, 60));
	assert_true(score_pass(0, 0));
	assert_false(score_pass(-1, 0));    /* nothing scored never passes */
}

/* ---- several reviewers ---- */

static void test_score_combine(void **state)
{
	const int two_apart[] = { 2, 4 }, one_apart[] = { 3, 4, 3 };
	const int with_none[] = { 0, 5, 0, 3 }, alone[] = { 0, 4 }, none[] = { 0, 0 };
	score_combined c;

	(void)state;
	c = score_combine(two_apart, 2);
	assert_int_equal(c.n, 2);
	assert_true(c.flagged);
	assert_int_equal(c.min, 2);
	assert_int_equal(c.max, 4);
	assert_true(fabs(c.mean - 3.0) < 1e-12);

	c = score_combine(one_apart, 3);
	assert_false(c.flagged);
	assert_true(fabs(c.mean - 10.0 / 3) < 1e-12);

	/* Reviewers who did not score it are left out of mean and flag. */
	c = score_combine(with_none, 4);
	assert_int_equal(c.n, 2);
	assert_true(c.flagged);
	assert_true(fabs(c.mean - 4.0) < 1e-12);

	c = score_combine(alone, 2);
	assert_int_equal(c.n, 1);
	assert_false(c.flagged);
	assert_true(fabs(c.mean - 4.0) < 1e-12);

	c = score_combine(none, 2);
	assert_int_equal(c.n, 0);
	assert_false(c.flagged);
	assert_true(c.mean == 0);
}

/* ---- alpha, written here from the pairwise definition ---- */

typedef enum { NOMINAL, ORDINAL, INTERVAL } metric;

/*
 * Krippendorff's definition, without a coincidence matrix: the pairable
 * values are those of units with two or more; D_o averages δ² over the
 * ordered pairs within each unit, each unit's pairs weighted 1/(m_u − 1)
 * and the whole divided by n; D_e averages δ² over all ordered pairs of
 * distinct pairable values, wherever they are.
 */
typedef struct {
	int n;               /* pairable values */
	int value[4096];
	int count[6];        /* n_g: how often value g is among them */
} pairable;

static double delta2(const pairable *p, metric m, int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;
	double between = 0;

	switch (m) {
	case NOMINAL:
		return a == b ? 0 : 1;
	case INTERVAL:
		return (double)(a - b) * (a - b);
	case ORDINAL:
		for (int g = lo; g <= hi; g++)
			between += p->count[g];
		between -= (p->count[a] + p->count[b]) / 2.0;
		return between * between;
	}
	return 0;
}

/* 1 and alpha, or 0 when it is undefined. */
static int alpha_by_definition(const int *matrix, int units, int coders, metric m,
                               double *alpha)
{
	static pairable p;
	double d_o = 0, d_e = 0;

	memset(&p, 0, sizeof p);
	for (int u = 0; u < units; u++) {
		int mu = 0;
		for (int c = 0; c < coders; c++)
			mu += matrix[u * coders + c] != 0;
		if (mu < 2)
			continue;
		for (int c = 0; c < coders; c++) {
			int v = matrix[u * coders + c];
			if (v != 0) {
				p.value[p.n++] = v;
				p.count[v]++;
			}
		}
	}
	for (int u = 0; u < units; u++) {
		int mu = 0;
		for (int c = 0; c < coders; c++)
			mu += matrix[u * coders + c] != 0;
		if (mu < 2)
			continue;
		for (int i = 0; i < coders; i++)
			for (int j = 0; j < coders; j++) {
				int a = matrix[u * coders + i], b = matrix[u * coders + j];
				if (i != j && a != 0 && b != 0)
					d_o += delta2(&p, m, a, b) / (mu - 1);
			}
	}
	for (int i = 0; i < p.n; i++)
		for (int j = 0; j < p.n; j++)
			if (i != j)
				d_e += delta2(&p, m, p.value[i], p.value[j]);
	if (p.n < 2 || d_e == 0)
		return 0;
	d_o /= p.n;
	d_e /= (double)p.n * (p.n - 1);
	*alpha = 1 - d_o / d_e;
	return 1;
}

/* Exact and adjacent agreement by counting unordered pairs of coders. */
static void agreement_by_counting(const int *matrix, int units, int coders,
                                  int *pairs, int *exact, int *adjacent)
{
	*pairs = *exact = *adjacent = 0;
	for (int u = 0; u < units; u++)
		for (int i = 0; i < coders; i++)
			for (int j = i + 1; j < coders; j++) {
				int a = matrix[u * coders + i], b = matrix[u * coders + j];
				if (a == 0 || b == 0)
					continue;
				(*pairs)++;
				*exact += a == b;
				*adjacent += abs(a - b) <= 1;
			}
}

/*
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
 * example of four observers and twelve units with missing values; the
 * published results are nominal .743, ordinal .815, interval .849.
 * Rows are units, columns observers A B C D; 0 is missing.
 */
static const int k2011[12 * 4] = {
	1, 1, 0, 1,
	2, 2, 3, 2,
	3, 3, 3, 3,
	3, 3, 3, 3,
	2, 2, 2, 2,
	1, 2, 3, 4,
	4, 4, 4, 4,
	1, 1, 2, 1,
	2, 2, 2, 2,
	0, 5, 5, 5,
	0, 0, 1, 1,
	0, 3, 0, 0,
};

static void test_alpha_published_example(void **state)
{
	score_agreement a;
	double nominal, ordinal, interval;

	(void)state;
	/* The definition written here reproduces all three published figures,
	 * which is what lets it stand as the reference below. */
	assert_int_equal(alpha_by_definition(k2011, 12, 4, NOMINAL, &nominal), 1);
	assert_int_equal(alpha_by_definition(k2011, 12, 4, ORDINAL, &ordinal), 1);
	assert_int_equal(alpha_by_definition(k2011, 12, 4, INTERVAL, &interval), 1);
	assert_true(fabs(nominal - 0.743) < 0.0005);
	assert_true(fabs(ordinal - 0.815) < 0.0005);
	assert_true(fabs(interval - 0.849) < 0.0005);

	assert_int_equal(score_agreement_compute(k2011, 12, 4, &a), 0);
	assert_true(a.alpha_defined);
	assert_true(fabs(a.alpha - 0.815) < 0.0005);
	assert_true(fabs(a.alpha - ordinal) < 1e-9);
	/* Unit 12 has one value only and does not count. */
	assert_int_equal(a.units, 11);
	/* Pairs: units 1, 10 have 3 values (3 pairs each), 11 has 2 (1),
	 * the other eight 4 (6 each): 55. */
	assert_int_equal(a.pairs, 55);
}

static uint64_t rng;

static uint32_t next_random(void)
{
	/* splitmix64: seeded, the same matrices on every run. */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static void test_alpha_random_matrices(void **state)
{
	static int matrix[60 * 7];
	int defined = 0, undefined = 0;

	(void)state;
	rng = 20261201;
	for (int trial = 0; trial < 400; trial++) {
		int units = 1 + (int)(next_random() % 60);
		int coders = 1 + (int)(next_random() % 7);
		int missing = (int)(next_random() % 60);     /* percent */
		/* Some matrices use few values, some agree a lot: variety in alpha. */
		int spread = 1 + (int)(next_random() % 5);
		int agreeing = (int)(next_random() % 100);
		score_agreement a;
		double expect;
		int pairs, exact, adjacent, has;

		for (int u = 0; u < units; u++) {
			int truth = 1 + (int)(next_random() % 5);
			for (int c = 0; c < coders; c++) {
				int v;
				if ((int)(next_random() % 100) < missing) {
					v = 0;
				} else if ((int)(next_random() % 100) < agreeing) {
					v = truth;
				} else {
					v = 1 + (int)(next_random() % (unsigned)spread);
				}
				matrix[u * coders + c] = v;
			}
		}
		assert_int_equal(score_agreement_compute(matrix, units, coders, &a), 0);
		has = alpha_by_definition(matrix, units, coders, ORDINAL, &expect);
		assert_int_equal(a.alpha_defined, has);
		if (has) {
			defined++;
			if (fabs(a.alpha - expect) >= 1e-9)
				fail_msg("trial %d: alpha %.12f, by definition %.12f",
				    trial, a.alpha, expect);
		} else {
			undefined++;
			assert_true(isnan(a.alpha));
		}
		agreement_by_counting(matrix, units, coders, &pairs, &exact, &adjacent);
		assert_int_equal(a.pairs, pairs);
		if (pairs > 0) {
			assert_true(fabs(a.exact - (double)exact / pairs) < 1e-12);
			assert_true(fabs(a.adjacent - (double)adjacent / pairs) < 1e-12);
		} else {
			assert_true(a.exact == 0 && a.adjacent == 0);
		}
	}
	/* The generator must have exercised both outcomes. */
	assert_true(defined > 300);
	assert_true(undefined > 0);
}

/* ---- edge cases ---- */

static void test_alpha_edges(void **state)
{
	/* Everyone gives every answer the same 3: no variation, undefined. */
	const int same[] = { 3, 3, 3, 3, 3, 3 };
	/* Perfect agreement with variation across answers: 1. */
	const int perfect[] = { 1, 1, 4, 4, 5, 5 };
	/* One coder only: no unit has two values. */
	const int one_coder[] = { 1, 4, 5 };
	/* Units with one value are skipped: the same alpha as without them. */
	const int with_lone[] = { 1, 2, 0, 5, 4, 4, 3, 0, 2, 3 };
	const int without_lone[] = { 1, 2, 4, 4, 2, 3 };
	/* Systematic disagreement goes below 0. */
	const int opposite[] = { 1, 5, 5, 1 };
	const int bad[] = { 1, 6 };
	score_agreement a, b;

	(void)state;
	assert_int_equal(score_agreement_compute(same, 3, 2, &a), 0);
	assert_false(a.alpha_defined);
	assert_true(isnan(a.alpha));
	assert_int_equal(a.units, 3);
	assert_int_equal(a.pairs, 3);
	assert_true(a.exact == 1 && a.adjacent == 1);

	assert_int_equal(score_agreement_compute(perfect, 3, 2, &a), 0);
	assert_true(a.alpha_defined);
	assert_true(fabs(a.alpha - 1) < 1e-12);

	assert_int_equal(score_agreement_compute(one_coder, 3, 1, &a), 0);
	assert_false(a.alpha_defined);
	assert_int_equal(a.units, 0);
	assert_int_equal(a.pairs, 0);
	assert_true(a.exact == 0 && a.adjacent == 0);

	assert_int_equal(score_agreement_compute(with_lone, 5, 2, &a), 0);
	assert_int_equal(score_agreement_compute(without_lone, 3, 2, &b), 0);
	assert_true(a.alpha_defined && b.alpha_defined);
	assert_true(fabs(a.alpha - b.alpha) < 1e-12);
	assert_int_equal(a.units, 3);
	assert_int_equal(a.pairs, 3);
	/* (1,2) adjacent, (4,4) exact, (2,3) adjacent */
	assert_true(fabs(a.exact - 1.0 / 3) < 1e-12);
	assert_true(fabs(a.adjacent - 1.0) < 1e-12);

	assert_int_equal(score_agreement_compute(opposite, 2, 2, &a), 0);
	assert_true(a.alpha_defined);
	assert_true(a.alpha < 0);
	assert_true(a.exact == 0 && a.adjacent == 0);

	assert_int_equal(score_agreement_compute(NULL, 0, 0, &a), 0);
	assert_false(a.alpha_defined);
	assert_int_equal(score_agreement_compute(bad, 1, 2, &a), -1);
	assert_int_equal(score_agreement_compute(same, -1, 2, &a), -1);
	assert_int_equal(score_agreement_compute(same, 3, 2, NULL), -1);
}

/* ---- the candidate code ---- */

static void test_candidate_code(void **state)
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char a[SCORE_CODE_LEN], b[SCORE_CODE_LEN];

	(void)state;
	/* Known answers, worked out with Python's hashlib from SHA-256's
	 * first 40 bits (SHA-256("") begins e3b0c44298). */
	score_candidate_code("", a);
	assert_string_equal(a, "C-WERC-8GMR");
	score_candidate_code("01JDX3Q7ZK8M2N4P6R8T0V2W4Y", a);
	assert_string_equal(a, "C-CWVS-9PZB");
	score_candidate_code("01JDX3Q7ZK8M2N4P6R8T0V2W4Z", b);
	assert_string_equal(b, "C-11GV-D28J");

	/* Same id, same code, for every reviewer; never the id itself. */
	score_candidate_code("01JDX3Q7ZK8M2N4P6R8T0V2W4Y", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 11);
	assert_int_equal(a[6], '-');
	for (int i = 2; i < 11; i++)
		if (i != 6)
			assert_non_null(strchr(crockford, a[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_100_examples),
		cmocka_unit_test(test_score_100_fractional_and_halves),
		cmocka_unit_test(test_score_pass_threshold),
		cmocka_unit_test(test_score_combine),
		cmocka_unit_test(test_alpha_published_example),
		cmocka_unit_test(test_alpha_random_matrices),
		cmocka_unit_test(test_alpha_edges),
		cmocka_unit_test(test_candidate_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
