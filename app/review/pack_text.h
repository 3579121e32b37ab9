/*
 * pack_text.h — a pack's strings in one reader's language, read straight from
 * the pack's po/<lang>.po (libgettextpo) rather than compiled catalogs: a
 * reviewer has only the bundle's folder. Untranslated or fuzzy entries and a
 * missing catalog fall back to the source (English) string.
 */
#ifndef PRESCREEN_PACK_TEXT_H
#define PRESCREEN_PACK_TEXT_H

#include <stdbool.h>

#include "diag.h"
#include "pack.h"

typedef struct pack_text pack_text;

/*
 * Loads DIR/pack.json and DIR/po/<lang>.po. A catalog that is missing or
 * unreadable is not fatal: *fell_back becomes true, d gets one warning line
 * naming the file, and every string is the source's. NULL only when
 * pack.json itself cannot be used (errors in d).
 */
pack_text *pack_text_open(const char *dir, const char *lang, bool *fell_back, diag_list *d);
void pack_text_free(pack_text *t);
/* The pack's source strings (questions, anchors, calibration samples). */
const pack *pack_text_pack(const pack_text *t);
/* The language the strings are in: lang, or "en" after a fall-back. */
const char *pack_text_lang(const pack_text *t);
/*
 * The string of msgctxt ctx ("q05|look_for", "q05|anchor_3", "cal01|answer",
 * "pack|title"): the translation, else the source string, else NULL for a
 * context the pack does not have.
 */
const char *pack_text_get(const pack_text *t, const char *ctx);

#endif
