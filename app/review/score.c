#include "score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define VALUES 5        /* scores 1..5 */

static bool is_score(int v)
{
	return v >= 1 && v <= VALUES;
}

int score_100(const double *s, int n)
{
	double sum = 0;
	int scored = 0;

	if (s == NULL || n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (s[i] == SCORE_NONE)
			continue;
		/* A combined mean lies in 1..5 too; anything else is a caller's bug
		 * that must not come out as a plausible mark. */
		if (!(s[i] >= 1 && s[i] <= VALUES))
			return -1;
		sum += s[i] - 1;
		scored++;
	}
	if (scored == 0)
		return -1;
	/* 100 × mean((s − 1) / 4) as 25 × Σ(s − 1) / n: with whole scores the
	 * quotient is exact whenever it ends in .5, so round() sees the true
	 * half and rounds it up, as the formula says. */
	return (int)round(25.0 * sum / scored);
}

bool score_pass(int score100, int threshold)
{
	return score100 >= 0 && score100 >= threshold;
}

score_combined score_combine(const int *by_reviewer, int n)
{
	score_combined c = { 0 };
	int sum = 0;

	for (int i = 0; by_reviewer != NULL && i < n; i++) {
		int v = by_reviewer[i];
		if (!is_score(v))
			continue;
		if (c.n == 0 || v < c.min)
			c.min = v;
		if (c.n == 0 || v > c.max)
			c.max = v;
		sum += v;
		c.n++;
	}
	if (c.n > 0)
		c.mean = (double)sum / c.n;
	c.flagged = c.n >= 2 && c.max - c.min >= 2;
	return c;
}

/*
 * Krippendorff's alpha through the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"): every ordered pair of values
 * in a unit of m values adds 1/(m − 1), so each pairable value counts once.
 */
static void alpha_ordinal(const double o[VALUES][VALUES], score_agreement *out)
{
	double nc[VALUES] = { 0 }, n = 0, observed = 0, expected = 0;

	for (int c = 0; c < VALUES; c++) {
		for (int k = 0; k < VALUES; k++)
			nc[c] += o[c][k];
		n += nc[c];
	}
	for (int c = 0; c < VALUES; c++) {
		for (int k = 0; k < VALUES; k++) {
			int lo = c < k ? c : k, hi = c < k ? k : c;
			double between = 0, d2;
			/* The ordinal distance: how many values lie between c and k,
			 * the two ends counted half. */
			for (int g = lo; g <= hi; g++)
				between += nc[g];
			d2 = between - (nc[c] + nc[k]) / 2;
			d2 *= d2;
			observed += o[c][k] * d2;
			expected += nc[c] * nc[k] * d2;
		}
	}
	/* One value alone (no variation) gives 0 / 0: the data cannot show
	 * whether coders tell answers apart, so alpha says nothing. */
	if (n < 2 || expected == 0) {
		out->alpha_defined = false;
		out->alpha = NAN;
		return;
	}
	out->alpha_defined = true;
	out->alpha = 1 - (n - 1) * observed / expected;
}

int score_agreement_compute(const int *matrix, int units, int coders, score_agreement *out)
{
	double o[VALUES][VALUES] = { { 0 } };
	long exact = 0, adjacent = 0, pairs = 0;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	out->alpha = NAN;
	if (units < 0 || coders < 0 || (matrix == NULL && units > 0 && coders > 0))
		return -1;
	for (int u = 0; u < units; u++) {
		const int *row = matrix + (size_t)u * coders;
		int m = 0;
		for (int c = 0; c < coders; c++) {
			if (row[c] == SCORE_NONE)
				continue;
			if (!is_score(row[c]))
				return -1;
			m++;
		}
		if (m < 2)
			continue;
		out->units++;
		for (int i = 0; i < coders; i++) {
			if (row[i] == SCORE_NONE)
				continue;
			for (int j = 0; j < coders; j++) {
				if (j == i || row[j] == SCORE_NONE)
					continue;
				o[row[i] - 1][row[j] - 1] += 1.0 / (m - 1);
				if (j > i) {
					int diff = row[i] > row[j] ? row[i] - row[j] : row[j] - row[i];
					pairs++;
					exact += diff == 0;
					adjacent += diff <= 1;
				}
			}
		}
	}
	alpha_ordinal((const double (*)[VALUES])o, out);
	out->pairs = pairs > INT32_MAX ? INT32_MAX : (int)pairs;
	if (pairs > 0) {
		out->exact = (double)exact / pairs;
		out->adjacent = (double)adjacent / pairs;
	}
	return 0;
}

void score_candidate_code(const char *session_id, char out[SCORE_CODE_LEN])
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char digest[crypto_hash_sha256_BYTES];
	if (session_id == NULL)
		session_id = "";
	/* Idempotent; libsodium asks for it before any other call. */
	if (sodium_init() < 0) {
		snprintf(out, SCORE_CODE_LEN, "C-\?\?\?\?-\?\?\?\?");
		return;
	}
	crypto_hash_sha256(digest, (const unsigned char *)session_id, strlen(session_id));
	/*
	 * The digest's first 40 bits, 5 to a character: with 10,000 candidates
	 * two share a code about once in 20,000 corpora (30 bits: one in 20).
	 */
	uint64_t bits = 0;
	for (int i = 0; i < 5; i++)
		bits = bits << 8 | digest[i];
	char *o = out;
	*o++ = 'C';
	*o++ = '-';
	for (int i = 0; i < 8; i++) {
		if (i == 4)
			*o++ = '-';
		*o++ = crockford[(bits >> (35 - 5 * i)) & 31];
	}
	*o = '\0';
}
