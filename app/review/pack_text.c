/*
 * pack_text.c — a pack's strings in the reader's language, straight from
 * the bundle's po/<lang>.po through GNU libgettextpo. The catalog becomes one
 * sorted msgctxt → msgstr table; the source strings are looked up in the
 * pack itself at each call, so they follow whatever the pack holds
 * (questions, and calibration samples once pack.c reads them).
 * Every problem libgettextpo reports becomes a diag line (po_read.h).
 */
#include "pack_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "po_read.h"

typedef struct {
	char *ctx;
	char *str;
} pt_entry;

struct pack_text {
	pack p;
	char lang[16];
	pt_entry *entries;
	size_t count;
};

/* What reading one catalog found. Every report is a warning: a catalog the
 * reviewer cannot read falls back to English. */
typedef struct {
	diag_list *d;
	const char *file;
	int errors;
} pt_reading;

static void pt_report(void *ctx, const po_report *p)
{
	pt_reading *r = ctx;
	int line = p->line > 0 && p->line < (size_t)1 << 30 ? (int)p->line : 0;

	if (p->severity != PO_SEVERITY_WARNING)
		r->errors++;
	diag_warning(r->d, p->file ? p->file : r->file, line, "%s", p->text ? p->text : "error");
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const pt_entry *)a)->ctx, ((const pt_entry *)b)->ctx);
}

static void entries_free(pack_text *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->entries[i].ctx);
		free(t->entries[i].str);
	}
	free(t->entries);
	t->entries = NULL;
	t->count = 0;
}

/*
 * A field of the header entry ("Language: de"), or "" when it has none.
 * po_file_domain_header returns a copy (xstrdup) despite its const: ours to free.
 */
static void header_field(po_file_t file, const char *field, char *out, size_t len)
{
	char *header = (char *)po_file_domain_header(file, NULL);
	char *value = header ? po_header_field(header, field) : NULL;

	snprintf(out, len, "%s", value ? value : "");
	free(value);
	free(header);
}

/* libgettextpo hands strings over in the file's own charset. */
static bool utf8_catalog(po_file_t file)
{
	char type[128];
	const char *cs;

	header_field(file, "Content-Type", type, sizeof type);
	if ((cs = strstr(type, "charset=")) == NULL)
		return false;
	cs += 8;
	return (strncasecmp(cs, "UTF-8", 5) == 0 && (cs[5] == '\0' || cs[5] == ';' || cs[5] == ' '));
}

static int add_entries(pack_text *t, po_file_t file)
{
	po_message_iterator_t it = po_message_iterator(file, NULL);
	size_t cap = 0;
	po_message_t m;

	if (it == NULL)
		return -1;
	while ((m = po_next_message(it)) != NULL) {
		const char *ctx = po_message_msgctxt(m), *str = po_message_msgstr(m);
		pt_entry *grown;

		/* What a translator has not finished is not shown. */
		if (ctx == NULL || str == NULL || str[0] == '\0' || po_message_is_fuzzy(m) ||
		    po_message_is_obsolete(m) || po_message_msgid_plural(m) != NULL)
			continue;
		if (t->count == cap) {
			cap = cap ? 2 * cap : 256;
			if ((grown = realloc(t->entries, cap * sizeof *grown)) == NULL)
				goto fail;
			t->entries = grown;
		}
		t->entries[t->count].ctx = strdup(ctx);
		t->entries[t->count].str = strdup(str);
		t->count++;
		if (t->entries[t->count - 1].ctx == NULL || t->entries[t->count - 1].str == NULL)
			goto fail;
	}
	po_message_iterator_free(it);
	/* A catalog with nothing finished leaves entries NULL: not for qsort. */
	if (t->count > 0)
		qsort(t->entries, t->count, sizeof *t->entries, entry_cmp);
	return 0;
fail:
	po_message_iterator_free(it);
	return -1;
}

/* Reads DIR/po/<lang>.po into t; -1 (with a line in d) to fall back. */
static int read_catalog(pack_text *t, const char *lang, diag_list *d)
{
	char file[PATH_MAX + 64], language[32];
	pt_reading r = { .d = d, .file = file };
	po_file_t po;
	FILE *probe;

	snprintf(file, sizeof file, "%s/po/%s.po", t->p.dir, lang);
	/* po_file_read says only NULL when the file cannot be opened. */
	if ((probe = fopen(file, "r")) == NULL) {
		diag_warning(d, file, 0, "no catalog for %s (%s): the pack's strings are shown "
		             "in English", lang, strerror(errno));
		return -1;
	}
	fclose(probe);
	po = po_read(file, pt_report, &r);
	if (po == NULL || r.errors > 0) {
		if (po != NULL)
			po_file_free(po);
		diag_warning(d, file, 0, "the catalog cannot be read: the pack's strings are "
		             "shown in English");
		return -1;
	}
	if (!utf8_catalog(po)) {
		po_file_free(po);
		diag_warning(d, file, 0, "the catalog is not in UTF-8 (its header says no "
		             "charset=UTF-8): the pack's strings are shown in English");
		return -1;
	}
	header_field(po, "Language", language, sizeof language);
	if (language[0] != '\0' && strcmp(language, lang) != 0) {
		po_file_free(po);
		diag_warning(d, file, 0, "the catalog is for \"%s\", not \"%s\": the pack's "
		             "strings are shown in English", language, lang);
		return -1;
	}
	if (add_entries(t, po) != 0) {
		po_file_free(po);
		entries_free(t);
		diag_warning(d, file, 0, "out of memory: the pack's strings are shown in English");
		return -1;
	}
	po_file_free(po);
	return 0;
}

pack_text *pack_text_open(const char *dir, const char *lang, bool *fell_back, diag_list *d)
{
	pack_text *t = calloc(1, sizeof *t);
	bool fallback = false;

	if (fell_back != NULL)
		*fell_back = false;
	if (t == NULL) {
		diag_error(d, dir, 0, "out of memory");
		return NULL;
	}
	if (pack_load(dir, &t->p, d) != 0) {
		free(t);
		return NULL;
	}
	if (lang == NULL || lang_find(lang) == NULL) {
		diag_warning(d, dir, 0, "\"%s\" is not one of the nine languages: the pack's "
		             "strings are shown in English", lang ? lang : "");
		fallback = true;
	} else if (read_catalog(t, lang, d) != 0) {
		fallback = true;
	}
	snprintf(t->lang, sizeof t->lang, "%s", fallback ? "en" : lang);
	if (fell_back != NULL)
		*fell_back = fallback;
	return t;
}

void pack_text_free(pack_text *t)
{
	if (t == NULL)
		return;
	entries_free(t);
	pack_free(&t->p);
	free(t);
}

const pack *pack_text_pack(const pack_text *t)
{
	return t ? &t->p : NULL;
}

const char *pack_text_lang(const pack_text *t)
{
	return t ? t->lang : NULL;
}

/* The source string of "<id>|<field>", or NULL when the pack has no such. */
static const char *source(const pack *p, const char *ctx)
{
	static const char *const anchors[3] = { "anchor_1", "anchor_3", "anchor_5" };
	const char *bar = strchr(ctx, '|'), *field;
	char id[PACK_SHORT];
	const pack_question *q;

	if (bar == NULL || (size_t)(bar - ctx) >= sizeof id)
		return NULL;
	memcpy(id, ctx, (size_t)(bar - ctx));
	id[bar - ctx] = '\0';
	field = bar + 1;
	if (strcmp(id, "pack") == 0)
		return strcmp(field, "title") == 0 ? p->title
		     : strcmp(field, "role") == 0 ? p->role : NULL;
	if ((q = pack_find(p, id)) != NULL) {
		if (strcmp(field, "text") == 0)
			return q->text;
		if (strcmp(field, "look_for") == 0)
			return q->look_for;
		if (strcmp(field, "red_flag") == 0)
			return q->red_flag;
		for (int i = 0; i < 3; i++)
			if (strcmp(field, anchors[i]) == 0)
				return q->anchor[i];
		return NULL;
	}
	for (int i = 0; i < p->sample_count; i++) {
		const pack_sample *s = &p->samples[i];
		if (strcmp(s->id, id) != 0)
			continue;
		return strcmp(field, "answer") == 0 ? s->answer
		     : strcmp(field, "why") == 0 ? s->why : NULL;
	}
	return NULL;
}

const char *pack_text_get(const pack_text *t, const char *ctx)
{
	const char *src;
	pt_entry key, *hit;

	if (t == NULL || ctx == NULL || (src = source(&t->p, ctx)) == NULL)
		return NULL;
	key.ctx = (char *)ctx;
	hit = t->count == 0 ? NULL
	    : bsearch(&key, t->entries, t->count, sizeof *t->entries, entry_cmp);
	return hit ? hit->str : src;
}
