/*
 * numfmt.h — numbers and clock times written the way the language writes
 * them (ICU): digits, grouping, and the m:ss of a countdown.
 */
#ifndef PRESCREEN_NUMFMT_H
#define PRESCREEN_NUMFMT_H

#include <stddef.h>

/* Writes value formatted for lang (a lang.h code) into out. */
void numfmt_int(const char *lang, long value, char *out, size_t size);
/* Writes seconds as m:ss with the language's digits into out. */
void numfmt_clock(const char *lang, int seconds, char *out, size_t size);
/* Writes hundredths / 100 with at most two decimals (150 -> "1.5", "1,5", "١٫٥"). */
void numfmt_hundredths(const char *lang, long hundredths, char *out, size_t size);
void numfmt_cleanup(void);

#endif
