#include "numfmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "lang.h"

/* One formatter per language, opened on first use (opening is the slow part). */
static UNumberFormat *formatters[LANG_COUNT];
static UNumberFormat *padded[LANG_COUNT];
static UNumberFormat *fractions[LANG_COUNT];

static int slot(const char *lang)
{
	const lang_info *all = lang_all();
	for (int i = 0; i < LANG_COUNT; i++)
		if (lang && strcmp(all[i].code, lang) == 0)
			return i;
	return 0;
}

static UNumberFormat *formatter(const char *lang, bool two_digits)
{
	int i = slot(lang);
	UNumberFormat **cache = two_digits ? &padded[i] : &formatters[i];
	if (!*cache) {
		UErrorCode err = U_ZERO_ERROR;
		*cache = unum_open(UNUM_DECIMAL, NULL, 0, lang_all()[i].icu_locale, NULL, &err);
		if (U_FAILURE(err)) {
			*cache = NULL;
			return NULL;
		}
		if (two_digits) {
			unum_setAttribute(*cache, UNUM_MIN_INTEGER_DIGITS, 2);
			unum_setAttribute(*cache, UNUM_GROUPING_USED, 0);
		} else {
			/* The locale's own rule: Spanish writes 4000 but 10.000. */
			unum_setAttribute(*cache, UNUM_MINIMUM_GROUPING_DIGITS,
			                  UNUM_MINIMUM_GROUPING_DIGITS_AUTO);
		}
	}
	return *cache;
}

static void format(const char *lang, bool two_digits, long value, char *out, size_t size)
{
	UNumberFormat *nf = formatter(lang, two_digits);
	UChar buf[64];
	UErrorCode err = U_ZERO_ERROR;
	if (nf) {
		int32_t n = unum_format(nf, (int32_t)value, buf, 64, NULL, &err);
		if (U_SUCCESS(err) && n < 64) {
			u_strToUTF8(out, (int32_t)size, NULL, buf, n, &err);
			if (U_SUCCESS(err))
				return;
		}
	}
	snprintf(out, size, two_digits ? "%02ld" : "%ld", value);
}

void numfmt_int(const char *lang, long value, char *out, size_t size)
{
	format(lang, false, value, out, size);
}

void numfmt_clock(const char *lang, int seconds, char *out, size_t size)
{
	char m[32], s[32];
	if (seconds < 0)
		seconds = 0;
	format(lang, false, seconds / 60, m, sizeof m);
	format(lang, true, seconds % 60, s, sizeof s);
	snprintf(out, size, "%s:%s", m, s);
}

void numfmt_hundredths(const char *lang, long hundredths, char *out, size_t size)
{
	int i = slot(lang);
	UErrorCode err = U_ZERO_ERROR;
	UChar buf[64];
	if (!fractions[i]) {
		fractions[i] = unum_open(UNUM_DECIMAL, NULL, 0, lang_all()[i].icu_locale, NULL, &err);
		if (U_FAILURE(err))
			fractions[i] = NULL;
		else
			unum_setAttribute(fractions[i], UNUM_MAX_FRACTION_DIGITS, 2);
	}
	err = U_ZERO_ERROR;
	if (fractions[i]) {
		int32_t n = unum_formatDouble(fractions[i], (double)hundredths / 100.0, buf, 64, NULL,
		                              &err);
		if (U_SUCCESS(err) && n < 64) {
			u_strToUTF8(out, (int32_t)size, NULL, buf, n, &err);
			if (U_SUCCESS(err))
				return;
		}
	}
	if (hundredths % 100 == 0)
		snprintf(out, size, "%ld", hundredths / 100);
	else if (hundredths % 10 == 0)
		snprintf(out, size, "%ld.%ld", hundredths / 100, hundredths / 10 % 10);
	else
		snprintf(out, size, "%ld.%02ld", hundredths / 100, hundredths % 100);
}

void numfmt_cleanup(void)
{
	for (int i = 0; i < LANG_COUNT; i++) {
		if (formatters[i])
			unum_close(formatters[i]);
		if (padded[i])
			unum_close(padded[i]);
		if (fractions[i])
			unum_close(fractions[i]);
		formatters[i] = padded[i] = fractions[i] = NULL;
	}
}
