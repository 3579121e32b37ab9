/*
 * pack_check_internal.h — the parts of `pack check` behind pack_check.c:
 * reading one catalog with libgettextpo (pack_check_po.c) and comparing a
 * translation's placeholders, markup and plural formula with what they must
 * be (pack_check_fmt.c, pack_check_plural.c).
 */
#ifndef PRESCREEN_PACK_CHECK_INTERNAL_H
#define PRESCREEN_PACK_CHECK_INTERNAL_H

#include <gettext-po.h>
#include <stddef.h>

#include "diag.h"

/*
 * A catalog as libgettextpo read it, and where each of its messages starts
 * in the file (libgettextpo keeps a message's position to itself).
 */
typedef struct {
	const char *file;      /* as shown in messages: "DIR/po/de.po" */
	po_file_t po;          /* NULL when it could not be parsed */
	int *starts;           /* line of each message, in iteration order */
	size_t start_count;
	char *text;            /* the bytes read, invalid UTF-8 patched */
	size_t len;
} pc_catalog;

/*
 * Reads file (shown as file) into c, reporting to d every problem
 * libgettextpo and the UTF-8 scan find. Returns 0 when c->po holds the
 * catalog, -1 when there is nothing further to check.
 */
int pc_catalog_read(pc_catalog *c, const char *file, diag_list *d);
void pc_catalog_free(pc_catalog *c);
/* The line of the k-th message (0 when unknown). */
int pc_catalog_line(const pc_catalog *c, size_t k);
/* The line of header field ("Language") in the header entry, else its start. */
int pc_catalog_field_line(const pc_catalog *c, const char *field);
/* gettext's own format check of a message flagged c-format etc., to d. */
void pc_catalog_check_format(const pc_catalog *c, po_message_t m, diag_list *d);

/* Placeholders (%s, %1$d, {name}) and tags of msgstr against msgid:
 * each difference as one sentence into why (empty when they agree). */
void pc_compare_format(const char *msgid, const char *msgstr, int skip_printf,
    char *why, size_t len);

/*
 * Checks a Plural-Forms value against the language's rule: NULL when it
 * agrees, else why not (a static string, or one written into buf).
 */
const char *pc_plural_check(const char *lang, const char *value, char *buf, size_t len);
/* The Plural-Forms line a catalog of lang should carry. */
const char *pc_plural_expected(const char *lang);

#endif
