/*
 * export_format.h — private to the exporter: the session as a JSON object
 * and as CSV rows, shared by export.c (formatting) and export_bundle.c (the
 * bundle on disk), so that files and CSV come from the same JSON.
 */
#ifndef PRESCREEN_EXPORT_FORMAT_H
#define PRESCREEN_EXPORT_FORMAT_H

#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "session.h"

/* A fixed-size member as a (pointer, length) pair for json_pack's "s%". */
#define FIXED(m) (m), strnlen((m), sizeof(m))

/* NULL when a string is not valid UTF-8 (or out of memory). */
json_t *export_session_object(const session_record *s);
json_t *export_questions_json(const session_record *s);
/* Pretty JSON with a final newline, malloc'd; NULL on failure. */
char *export_dump(const json_t *root);
/* Text that may hold candidate data: wiped, then freed. */
void export_wipe_free(char *text);

/* The byte-order mark and header row; then each session's rows. */
void export_csv_header(FILE *f);
void export_csv_rows(FILE *f, json_t *session);

#endif
