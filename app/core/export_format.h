/*
 * export_format.h — private to the exporter: the session as JSON text and as
 * CSV rows, written into buffers that are wiped before they are freed,
 * shared by export.c (formatting) and export_bundle.c (the bundle on disk).
 */
#ifndef PRESCREEN_EXPORT_FORMAT_H
#define PRESCREEN_EXPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <jansson.h>
#include "session.h"

/* A fixed-size member as a (pointer, length) pair for json_pack's "s%". */
#define FIXED(m) (m), strnlen((m), sizeof(m))

/* Grows by copying and wiping, never by realloc; failed on out of memory. */
typedef struct {
	char *data;         /* NUL-terminated */
	size_t len, cap;
	bool failed;
} export_buf;

void export_buf_grow(export_buf *b, const char *s, size_t n);
/* Appends n bytes of s. */
static inline void export_buf_put(export_buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		export_buf_grow(b, s, n);
	}
}
void export_buf_free(export_buf *b);
/* Text that may hold candidate data: wiped, then freed. */
void export_wipe_free(char *text);

/* Appends the session's JSON file (jansson's JSON_INDENT(2) layout, keys in
 * the schema's order, a final newline); -1 on invalid UTF-8. */
int export_session_write(export_buf *b, const session_record *s);
json_t *export_questions_json(const session_record *s);

/* The byte-order mark and header row; then each session's rows (-1 on
 * invalid UTF-8). */
void export_csv_header(export_buf *b);
int export_csv_rows(export_buf *b, const session_record *s);

#endif
