/*
 * diag.c — the problem list behind every checker. Messages are formatted once,
 * when added, so callers may pass temporaries and free their JSON right after.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 5, 0)))
static void diag_add(diag_list *d, int is_error, const char *file, int line,
    const char *fmt, va_list ap)
{
	const char *kind = is_error ? "" : "warning: ";
	char where[32], *msg, *text, **grown;
	va_list aq;
	int n, m;

	/* Counted before anything can fail: a lost line must not hide an error. */
	if (is_error)
		d->errors++;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL)
		return;
	vsnprintf(msg, (size_t)n + 1, fmt, ap);

	where[0] = '\0';
	if (file != NULL && line > 0)
		snprintf(where, sizeof where, ":%d", line);
	if (file != NULL)
		m = snprintf(NULL, 0, "%s%s: %s%s", file, where, kind, msg);
	else
		m = snprintf(NULL, 0, "%s%s", kind, msg);
	if (m < 0 || (text = malloc((size_t)m + 1)) == NULL) {
		free(msg);
		return;
	}
	if (file != NULL)
		snprintf(text, (size_t)m + 1, "%s%s: %s%s", file, where, kind, msg);
	else
		snprintf(text, (size_t)m + 1, "%s%s", kind, msg);
	free(msg);

	grown = realloc(d->lines, ((size_t)d->count + 1) * sizeof *d->lines);
	if (grown == NULL) {
		free(text);
		return;
	}
	d->lines = grown;
	d->lines[d->count++] = text;
}

void diag_error(diag_list *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, 1, file, line, fmt, ap);
	va_end(ap);
}

void diag_warning(diag_list *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, 0, file, line, fmt, ap);
	va_end(ap);
}

void diag_print(const diag_list *d, FILE *to)
{
	for (int i = 0; i < d->count; i++)
		fprintf(to, "%s\n", d->lines[i]);
}

void diag_free(diag_list *d)
{
	for (int i = 0; i < d->count; i++)
		free(d->lines[i]);
	free(d->lines);
	memset(d, 0, sizeof *d);
}
