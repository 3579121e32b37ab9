/*
 * po_read.h — reading a PO file with GNU gettext's libgettextpo (the parser
 * translators' tools share) without ever letting it end the process. Its
 * error handler takes no user pointer, may not return from a fatal error
 * and by default prints and exits; here every report is handed to the
 * caller's function instead, and a fatal one jumps back out of the read.
 * Every reader of catalogs (pack check, the reviewer's pack text, the .mo
 * compiler) goes through this one place.
 */
#ifndef PRESCREEN_PO_READ_H
#define PRESCREEN_PO_READ_H

#include <gettext-po.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
	int severity;           /* PO_SEVERITY_WARNING, _ERROR or _FATAL_ERROR */
	po_message_t message;   /* the entry it is about, or NULL */
	const char *file;       /* as libgettextpo names it; may be NULL */
	size_t line;            /* 0 when it gives none */
	const char *text;
	/*
	 * A two-part report (a duplicate entry, then its first definition)
	 * arrives as two calls: the first with first_of_two (severity at most
	 * an error) and then_line, the line of the second part (0 unknown);
	 * then the second with second_of_two.
	 */
	bool first_of_two, second_of_two;
	size_t then_line;
} po_report;

typedef void (*po_report_fn)(void *ctx, const po_report *r);

/* po_file_read, each report to fn; NULL after a fatal one or when the file cannot be opened. */
po_file_t po_read(const char *path, po_report_fn fn, void *ctx);
/* po_message_check_format (the c-format and other checks msgfmt -c makes), reports to fn. */
void po_read_check_format(po_message_t m, po_report_fn fn, void *ctx);

#endif
