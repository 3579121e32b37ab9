/*
 * mo_write.c — the .mo layout (GNU gettext manual, "The Format of GNU MO
 * Files"): a 28-byte header (magic 0x950412de, revision 0, N, offsets of
 * the original and translation tables, hash table size and offset), then
 * N (length, offset) pairs for the originals sorted by strcmp, N for the
 * translations, then the NUL-terminated strings. A context is
 * "ctxt\004msgid"; plural originals are "msgid\0msgid_plural" and plural
 * translations their forms joined by NULs. Without a hash table (size 0)
 * gettext looks strings up by binary search over the sorted originals.
 */
#include "mo_write.h"

#include <errno.h>
#include <gettext-po.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"

#define MO_MAGIC 0x950412deu
#define MO_HEADER 28

typedef struct {
	char *key;        /* ctxt\004msgid[\0msgid_plural] */
	size_t key_len;   /* without the final NUL */
	char *val;        /* msgstr, or the plural forms joined by NULs */
	size_t val_len;
} mo_entry;

typedef struct {
	diag_list *d;
	const char *file;
	int errors;
	sigjmp_buf fatal;
} mo_reading;

/* libgettextpo's handler takes no user pointer. */
static _Thread_local mo_reading *reading;

static void mo_report(int severity, const char *filename, size_t lineno, const char *text)
{
	mo_reading *r = reading;
	int line = lineno > 0 && lineno < (size_t)1 << 30 ? (int)lineno : 0;
	if (!r)
		return;
	if (severity == PO_SEVERITY_WARNING)
		return;
	r->errors++;
	diag_error(r->d, filename ? filename : r->file, line, "%s", text ? text : "error");
}

static void mo_xerror(int severity, po_message_t message, const char *filename, size_t lineno,
                      size_t column, int multiline_p, const char *message_text)
{
	(void)message;
	(void)column;
	(void)multiline_p;
	mo_report(severity, filename, lineno, message_text);
	/* A fatal report must not return into libgettextpo. */
	if (severity == PO_SEVERITY_FATAL_ERROR && reading)
		siglongjmp(reading->fatal, 1);
}

static void mo_xerror2(int severity, po_message_t message1, const char *filename1,
                       size_t lineno1, size_t column1, int multiline_p1,
                       const char *message_text1, po_message_t message2,
                       const char *filename2, size_t lineno2, size_t column2,
                       int multiline_p2, const char *message_text2)
{
	(void)message1;
	(void)column1;
	(void)multiline_p1;
	(void)message2;
	(void)column2;
	(void)multiline_p2;
	mo_report(severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity,
	          filename1, lineno1, message_text1);
	mo_xerror(severity, NULL, filename2, lineno2, 0, 0, message_text2);
}

static const struct po_xerror_handler mo_handler = { mo_xerror, mo_xerror2 };

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const mo_entry *)a)->key, ((const mo_entry *)b)->key);
}

/* a then, when b is given, NUL and b: the way .mo joins two strings. */
static char *join(const char *a, const char *sep, const char *b, size_t *len)
{
	size_t na = strlen(a), ns = sep ? strlen(sep) : 0, nb = b ? strlen(b) : 0;
	size_t n = na + ns + nb + (b && !sep ? 1 : 0);
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, a, na);
	size_t at = na;
	if (sep) {
		memcpy(s + at, sep, ns);
		at += ns;
	} else if (b)
		s[at++] = '\0';
	if (b)
		memcpy(s + at, b, nb);
	s[n] = '\0';
	*len = n;
	return s;
}

/* Plural forms joined by NULs; NULL when the first is untranslated. */
static char *plural_forms(po_message_t m, size_t *len)
{
	size_t n = 0, cap = 64;
	char *s = malloc(cap);
	const char *form;
	for (int i = 0; s && (form = po_message_msgstr_plural(m, i)) != NULL; i++) {
		if (i == 0 && form[0] == '\0')
			break;
		size_t f = strlen(form);
		if (n + f + 2 > cap) {
			while (n + f + 2 > cap)
				cap *= 2;
			char *grown = realloc(s, cap);
			if (!grown) {
				free(s);
				return NULL;
			}
			s = grown;
		}
		if (i > 0)
			s[n++] = '\0';
		memcpy(s + n, form, f);
		n += f;
	}
	if (!s || n == 0) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

static void entries_free(mo_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].key);
		free(e[i].val);
	}
	free(e);
}

/* The translated messages of po; -1 when out of memory. */
static int collect(po_file_t po, mo_entry **out, size_t *count)
{
	po_message_iterator_t it = po_message_iterator(po, NULL);
	po_message_t m;
	mo_entry *e = NULL;
	size_t n = 0, cap = 0;
	if (!it)
		return -1;
	while ((m = po_next_message(it)) != NULL) {
		const char *ctx = po_message_msgctxt(m), *id = po_message_msgid(m);
		const char *plural = po_message_msgid_plural(m);
		/* The header (msgid "") is kept even when fuzzy: it names the plural rule. */
		bool header = id[0] == '\0' && !ctx;
		if (po_message_is_obsolete(m) || (po_message_is_fuzzy(m) && !header))
			continue;
		mo_entry x = { 0 };
		if (plural)
			x.val = plural_forms(m, &x.val_len);
		else if (po_message_msgstr(m)[0] != '\0')
			x.val = join(po_message_msgstr(m), NULL, NULL, &x.val_len);
		if (!x.val)
			continue;
		char *with_ctx = ctx ? join(ctx, "\004", id, &x.key_len) : NULL;
		x.key = join(with_ctx ? with_ctx : id, NULL, plural, &x.key_len);
		free(with_ctx);
		if (!x.key || (ctx && !with_ctx))
			goto oom_entry;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 64;
			mo_entry *grown = realloc(e, c * sizeof *e);
			if (!grown)
				goto oom_entry;
			e = grown;
			cap = c;
		}
		e[n++] = x;
		continue;
	oom_entry:
		free(x.key);
		free(x.val);
		entries_free(e, n);
		po_message_iterator_free(it);
		return -1;
	}
	po_message_iterator_free(it);
	if (n > 1)
		qsort(e, n, sizeof *e, entry_cmp);
	*out = e;
	*count = n;
	return 0;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);   /* native order: the magic tells readers which */
}

/* The whole .mo image; NULL when it would not fit 32-bit offsets or memory. */
static unsigned char *mo_image(const mo_entry *e, size_t n, size_t *len)
{
	size_t size = MO_HEADER + 16 * n;
	for (size_t i = 0; i < n; i++)
		size += e[i].key_len + 1 + e[i].val_len + 1;
	if (size > UINT32_MAX)
		return NULL;
	unsigned char *b = calloc(1, size);
	if (!b)
		return NULL;
	uint32_t orig = MO_HEADER, trans = MO_HEADER + 8 * (uint32_t)n;
	uint32_t at = MO_HEADER + 16 * (uint32_t)n;
	put32(b, MO_MAGIC);
	put32(b + 4, 0);
	put32(b + 8, (uint32_t)n);
	put32(b + 12, orig);
	put32(b + 16, trans);
	put32(b + 20, 0);     /* no hash table */
	put32(b + 24, at);
	for (size_t i = 0; i < n; i++) {
		put32(b + orig + 8 * i, (uint32_t)e[i].key_len);
		put32(b + orig + 8 * i + 4, at);
		memcpy(b + at, e[i].key, e[i].key_len);
		at += (uint32_t)e[i].key_len + 1;
	}
	for (size_t i = 0; i < n; i++) {
		put32(b + trans + 8 * i, (uint32_t)e[i].val_len);
		put32(b + trans + 8 * i + 4, at);
		memcpy(b + at, e[i].val, e[i].val_len);
		at += (uint32_t)e[i].val_len + 1;
	}
	*len = size;
	return b;
}

int mo_write(const char *po_path, const char *mo_path, diag_list *d)
{
	mo_reading r = { .d = d, .file = po_path };
	po_file_t volatile po = NULL;
	FILE *probe = fopen(po_path, "r");
	if (!probe) {
		diag_error(d, po_path, 0, "%s", strerror(errno));
		return -1;
	}
	fclose(probe);
	reading = &r;
	if (sigsetjmp(r.fatal, 0) == 0)
		po = po_file_read(po_path, &mo_handler);
	reading = NULL;
	if (!po || r.errors > 0) {
		if (po)
			po_file_free(po);
		if (r.errors == 0)
			diag_error(d, po_path, 0, "cannot be read");
		return -1;
	}
	mo_entry *e = NULL;
	size_t n = 0, len = 0;
	int rc = collect(po, &e, &n);
	po_file_free(po);
	unsigned char *img = rc == 0 ? mo_image(e, n, &len) : NULL;
	entries_free(e, n);
	if (!img) {
		diag_error(d, po_path, 0, "out of memory compiling the catalog");
		return -1;
	}
	rc = atomic_write_file(mo_path, img, len, 0600);
	int err = errno;
	free(img);
	if (rc != 0) {
		diag_error(d, mo_path, 0, "%s", strerror(err));
		return -1;
	}
	return 0;
}
