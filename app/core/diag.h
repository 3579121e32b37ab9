/*
 * diag.h — collected problems, each "file:line: message", so that a checker
 * reports every problem at once instead of stopping at the first.
 */
#ifndef PRESCREEN_DIAG_H
#define PRESCREEN_DIAG_H

#include <stdio.h>

typedef struct {
	char **lines;
	int count;
	int errors;      /* lines that are errors, not warnings */
} diag_list;

/* line <= 0 omits the line number ("file: message"). */
void diag_error(diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_print(const diag_list *d, FILE *to);
void diag_free(diag_list *d);

#endif
