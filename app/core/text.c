/*
 * text.c — counts and normalisation over any UTF-8 string, for what is
 * recorded (characters, words, the NFC answer) and for checking input.
 * The editing buffer itself is in textbuf.c.
 */
#include "textbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/*
 * A break iterator straight over the UTF-8 bytes: converting a long answer
 * to UTF-16 just to count it would cost a copy for nothing. The iterator
 * keeps its own shallow clone of the UText, so ours can go at once.
 */
static UBreakIterator *
open_over(UBreakIteratorType type, const char *locale, const char *s)
{
	UErrorCode	 status = U_ZERO_ERROR;
	UText		 ut = UTEXT_INITIALIZER;
	UBreakIterator	*bi;
	size_t		 len = strlen(s);

	if (len > INT32_MAX)
		return NULL;
	bi = ubrk_open(type, locale, NULL, 0, &status);
	if (U_FAILURE(status))
		return NULL;
	utext_openUTF8(&ut, s, (int64_t)len, &status);
	ubrk_setUText(bi, &ut, &status);
	utext_close(&ut);
	if (U_FAILURE(status)) {
		ubrk_close(bi);
		return NULL;
	}
	return bi;
}

int
text_count_clusters(const char *utf8)
{
	UBreakIterator	*bi;
	int		 n = 0;

	if (utf8 == NULL || *utf8 == '\0')
		return 0;
	if ((bi = open_over(UBRK_CHARACTER, "", utf8)) == NULL)
		return 0;
	ubrk_first(bi);
	while (ubrk_next(bi) != UBRK_DONE)
		n++;
	ubrk_close(bi);
	return n;
}

/*
 * Spaces and punctuation are segments too; only those the rules tag as
 * letters, numbers, kana or ideographs are words. The locale matters little
 * today (CJK goes by the dictionary whatever it is) but tailorings exist.
 */
/* Whether only a hyphen (-, U+2010 or U+2011) stands between bytes a and b. */
static bool
joined_by_hyphen(const char *s, int32_t a, int32_t b)
{
	if (b - a == 1)
		return s[a] == '-';
	return b - a == 3 && memcmp(s + a, "\xe2\x80", 2) == 0 &&
	    (s[a + 2] == '\x90' || s[a + 2] == '\x91');
}

int
text_count_words(const char *utf8, const char *language)
{
	UBreakIterator	*bi;
	int		 n = 0;

	if (utf8 == NULL || *utf8 == '\0')
		return 0;
	bi = open_over(UBRK_WORD, language != NULL ? language : "", utf8);
	if (bi == NULL)
		return 0;
	int32_t start = ubrk_first(bi), end, prev_end = -1;
	for (; (end = ubrk_next(bi)) != UBRK_DONE; start = end) {
		if (ubrk_getRuleStatus(bi) < UBRK_WORD_NONE_LIMIT)
			continue;
		/* Readers count back-end and Backend-Entwicklung as one word; ICU, two. */
		if (prev_end < 0 || !joined_by_hyphen(utf8, prev_end, start))
			n++;
		prev_end = end;
	}
	ubrk_close(bi);
	return n;
}

static char *
xstrdup_n(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		abort();
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * ICU has no C API to normalise UTF-8, so this goes through UTF-16. The
 * conversion is also what replaces invalid input: ICU substitutes one
 * U+FFFD per maximal ill-formed subpart, as textbuf does on input.
 */
char *
text_nfc(const char *utf8)
{
	const UNormalizer2	*nfc;
	UErrorCode		 status = U_ZERO_ERROR;
	UChar			*src = NULL, *dst = NULL;
	char			*out = NULL;
	int32_t			 n16, nn, n8;
	size_t			 len, dst_cap = 0;

	if (utf8 == NULL)
		return xstrdup_n("", 0);
	len = strlen(utf8);
	if (len > ((size_t)1 << 28))
		return NULL;
	nfc = unorm2_getNFCInstance(&status);
	if (U_FAILURE(status))
		return NULL;

	if ((src = malloc((len + 1) * sizeof *src)) == NULL)
		abort();
	u_strFromUTF8WithSub(src, (int32_t)len + 1, &n16, utf8, (int32_t)len,
	    0xfffd, NULL, &status);
	if (U_FAILURE(status))
		goto out;

	/* Most answers are typed already composed: skip the copy then. */
	if (unorm2_spanQuickCheckYes(nfc, src, n16, &status) == n16 &&
	    U_SUCCESS(status)) {
		dst = src;
		dst_cap = len + 1;
		nn = n16;
		src = NULL;
	} else {
		/* Composition rarely grows text; preflight only when it does. */
		int32_t	cap = n16 + 16;

		if ((dst = malloc((size_t)cap * sizeof *dst)) == NULL)
			abort();
		dst_cap = (size_t)cap;
		nn = unorm2_normalize(nfc, src, n16, dst, cap, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR) {
			explicit_bzero(dst, (size_t)cap * sizeof *dst);
			free(dst);
			cap = nn + 1;
			if ((dst = malloc((size_t)cap * sizeof *dst)) == NULL)
				abort();
			dst_cap = (size_t)cap;
			status = U_ZERO_ERROR;
			nn = unorm2_normalize(nfc, src, n16, dst, cap, &status);
		}
		if (U_FAILURE(status))
			goto out;
	}

	if ((out = malloc((size_t)nn * 3 + 1)) == NULL)
		abort();
	u_strToUTF8(out, nn * 3 + 1, &n8, dst, nn, &status);
	if (U_FAILURE(status)) {
		explicit_bzero(out, (size_t)nn * 3 + 1);
		free(out);
		out = NULL;
	}
out:
	/* The candidate's text in UTF-16 is wiped, not just freed. */
	if (src)
		explicit_bzero(src, (len + 1) * sizeof *src);
	if (dst)
		explicit_bzero(dst, dst_cap * sizeof *dst);
	free(src);
	free(dst);
	return out;
}

/*
 * Table 3-7 of the Unicode Standard, byte by byte: the second byte's range
 * depends on the first, which is what rules out overlongs (C0, C1, E0 80..9F,
 * F0 80..8F), surrogates (ED A0..BF) and code points past U+10FFFF (F4 90..).
 */
bool
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, need, k;
	unsigned char		 lo, hi;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		unsigned char	c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			return false;
		if (len - i - 1 < need)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (k = 2; k <= need; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return false;
		}
		i += need + 1;
	}
	return true;
}
