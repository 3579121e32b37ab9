/*
 * pack_check.h — `prescreen pack check DIR` (SPEC §6): every problem of a
 * pack folder at once, pack.json and each po/<lang>.po (read with GNU
 * gettext's libgettextpo, the parser translators' tools share), each as
 * "file:line: message". Errors and warnings are kept apart in the list.
 */
#ifndef PRESCREEN_PACK_CHECK_H
#define PRESCREEN_PACK_CHECK_H

#include "diag.h"

/*
 * Checks DIR: pack.json (JSON, ids, types, fields, anchors, samples, UTF-8)
 * and po/<lang>.po for each of the nine languages (present, Language:
 * header, Plural-Forms, untranslated, fuzzy, obsolete, invalid UTF-8,
 * placeholders and markup against the source, entries the pack lacks).
 * Returns the number of errors added to d (0: the pack may be installed).
 */
int pack_check(const char *dir, diag_list *d);

#endif
