/*
 * pack_check_po.c — one pack catalog read for checking: its bytes scanned
 * for invalid UTF-8 (each bad line named, the byte replaced so that the rest
 * of the file is still checked), then parsed by GNU libgettextpo with a
 * handler that turns each of its reports into a diag line and never exits.
 *
 * libgettextpo does not tell where a message sits in the file, so the lines
 * where entries start (a msgctxt, or a msgid without one) are found in the
 * bytes and matched, in order, to the messages it returns. This only locates:
 * what an entry holds always comes from libgettextpo.
 */
#include "pack_check_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack.h"
#include "readall.h"
#include "po_read.h"

#define PC_MAX_BYTES (16u << 20)

typedef struct {
	diag_list *d;
	const char *file;
	const pc_catalog *c;   /* its entry lines, to place what libgettextpo does not */
	const char *text;
	size_t len;
	int errors;
	bool skip_second;      /* the second part of a report already folded into the first */
} pc_reading;

static void pc_report(pc_reading *r, int severity, size_t lineno, po_message_t m,
    const char *message_text)
{
	int line = lineno < (size_t)1 << 30 ? (int)lineno : 0;
	char text[512];
	size_t n;

	/* One problem, one line: libgettextpo wraps some of its sentences. */
	/* A message's own problem names its entry, as pack check's do. */
	if (m != NULL && po_message_msgctxt(m) != NULL)
		snprintf(text, sizeof text, "\"%s\": %s", po_message_msgctxt(m),
		    message_text ? message_text : "error");
	else
		snprintf(text, sizeof text, "%s", message_text ? message_text : "error");
	for (char *p = text; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	for (n = strlen(text); n > 0 && text[n - 1] == ' '; n--)
		text[n - 1] = '\0';
	/* "found N fatal errors" only sums up the lines already given. */
	if (severity == PO_SEVERITY_FATAL_ERROR && line == 0 && r->errors > 0)
		return;
	if (severity == PO_SEVERITY_WARNING) {
		diag_warning(r->d, r->file, line, "%s", text);
		return;
	}
	r->errors++;
	diag_error(r->d, r->file, line, "%s", text);
}

/* Where line starts in the text, or NULL. */
static const char *line_at(const char *text, size_t len, int line)
{
	const char *p = text, *end = text + len;

	for (int l = 1; l < line && p != NULL; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	return p;
}

/* The bytes from an entry's first keyword to its msgstr: what makes two equal. */
static size_t entry_key(const char *p, const char *end)
{
	const char *q = p;

	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		if (q != p && end - q >= 6 && strncmp(q, "msgstr", 6) == 0)
			break;
		q = nl ? nl + 1 : end;
	}
	return (size_t)(q - p);
}

/* The start line of the first entry equal to the one around line. */
static int pc_first_definition(const pc_reading *r, size_t line)
{
	const pc_catalog *c = r->c;
	const char *end = r->text + r->len, *dup;
	size_t k = 0, n;

	if (c == NULL || c->start_count == 0)
		return 0;
	while (k + 1 < c->start_count && (size_t)c->starts[k + 1] <= line)
		k++;
	if ((dup = line_at(r->text, r->len, c->starts[k])) == NULL)
		return 0;
	n = entry_key(dup, end);
	for (size_t j = 0; j < k; j++) {
		const char *p = line_at(r->text, r->len, c->starts[j]);
		if (p != NULL && entry_key(p, end) == n && memcmp(p, dup, n) == 0)
			return c->starts[j];
	}
	return 0;
}

static void pc_po_report(void *ctx, const po_report *p)
{
	pc_reading *r = ctx;
	char text[512];
	int first;

	if (p->second_of_two && r->skip_second) {
		r->skip_second = false;
		return;
	}
	/* libgettextpo 0.21 leaves out where a duplicate's first definition is. */
	if (p->first_of_two && p->then_line == 0
	    && (first = pc_first_definition(r, p->line)) > 0) {
		snprintf(text, sizeof text, "%s (first at line %d)",
		    p->text ? p->text : "error", first);
		pc_report(r, p->severity, p->line, p->message, text);
		r->skip_second = true;
		return;
	}
	pc_report(r, p->severity, p->line, p->message, p->text);
}

/* Line after line: does it open with keyword (after "#~ " when obsolete)? */
static const char *pc_keyword(const char *line, const char *end, int *is_ctx)
{
	const char *p = line;

	if (end - p >= 2 && p[0] == '#' && p[1] == '~')
		p += 2;
	else if (p < end && p[0] == '#')
		return NULL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p >= 8 && strncmp(p, "msgctxt", 7) == 0 && (p[7] == ' ' || p[7] == '\t')) {
		*is_ctx = 1;
		return p;
	}
	if (end - p >= 6 && strncmp(p, "msgid", 5) == 0 && (p[5] == ' ' || p[5] == '\t')) {
		*is_ctx = 0;
		return p;
	}
	if (end - p >= 6 && strncmp(p, "msgstr", 6) == 0) {
		*is_ctx = -1;
		return p;
	}
	return NULL;
}

/* The line where each entry starts: a msgctxt, or a msgid that has none. */
static int pc_locate(pc_catalog *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t cap = 0;
	int line = 1, after_ctx = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		int is_ctx;

		if (pc_keyword(p, eol, &is_ctx) != NULL) {
			if (is_ctx == 1 || (is_ctx == 0 && !after_ctx)) {
				if (c->start_count == cap) {
					int *grown;
					cap = cap ? cap * 2 : 256;
					if ((grown = realloc(c->starts, cap * sizeof *grown)) == NULL)
						return -1;
					c->starts = grown;
				}
				c->starts[c->start_count++] = line;
			}
			after_ctx = is_ctx == 1;
		}
		line++;
		p = eol + 1;
	}
	return 0;
}

int pc_catalog_read(pc_catalog *c, const char *file, diag_list *d)
{
	pc_reading r = { .d = d, .file = file, .c = c };
	po_file_t po;
	FILE *copy = NULL;
	char *text = NULL, path[64];
	const char *from = file;
	size_t len = 0;

	memset(c, 0, sizeof *c);
	c->file = file;
	if (readall(file, PC_MAX_BYTES, &text, &len) != 0) {
		diag_error(d, file, 0, "cannot be read: %s",
		    errno == EFBIG ? "larger than 16 MB" : strerror(errno));
		return -1;
	}
	if (pack_utf8_patch(file, text, len, d) > 0) {
		/* libgettextpo reads only files: it gets the patched bytes as one. */
		if ((copy = tmpfile()) == NULL || fwrite(text, 1, len, copy) != len
		    || fflush(copy) != 0) {
			diag_error(d, file, 0, "cannot be checked further: %s", strerror(errno));
			goto fail;
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(copy));
		from = path;
	}
	if (pc_locate(c, text, len) != 0) {
		diag_error(d, file, 0, "out of memory");
		goto fail;
	}
	r.text = text;
	r.len = len;
	po = po_read(from, pc_po_report, &r);
	if (po == NULL && r.errors == 0)
		diag_error(d, file, 0, "cannot be read: %s", strerror(errno));
	if (po != NULL && r.errors > 0) {
		po_file_free(po);
		po = NULL;
	}
	if (po == NULL)
		goto fail;
	c->po = po;
	if (copy != NULL)
		fclose(copy);
	c->text = text;
	c->len = len;
	return 0;
fail:
	if (copy != NULL)
		fclose(copy);
	free(text);
	free(c->starts);
	c->starts = NULL;
	c->start_count = 0;
	return -1;
}

void pc_catalog_free(pc_catalog *c)
{
	if (c->po != NULL)
		po_file_free(c->po);
	free(c->starts);
	free(c->text);
	memset(c, 0, sizeof *c);
}

int pc_catalog_line(const pc_catalog *c, size_t k)
{
	return k < c->start_count ? c->starts[k] : 0;
}

int pc_catalog_field_line(const pc_catalog *c, const char *field)
{
	int first = pc_catalog_line(c, 0), last = pc_catalog_line(c, 1), line = 1;
	size_t n = strlen(field);

	for (const char *p = c->text; p != NULL && p < c->text + c->len; line++) {
		const char *nl = strchr(p, '\n');
		if (line > first && (last == 0 || line < last) && p[0] == '"'
		    && strncmp(p + 1, field, n) == 0 && p[1 + n] == ':')
			return line;
		p = nl ? nl + 1 : NULL;
	}
	return first;
}

void pc_catalog_check_format(const pc_catalog *c, po_message_t m, diag_list *d)
{
	pc_reading r = { .d = d, .file = c->file };

	po_read_check_format(m, pc_po_report, &r);
}
