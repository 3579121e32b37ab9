/*
 * pack_check.c — `prescreen pack check DIR` (SPEC §6). pack.json is checked
 * by pack_load; each of the nine po/<lang>.po files is read with
 * libgettextpo and held against the pack: its header (language, charset,
 * plural formula), every entry (translated, not fuzzy, the pack's current
 * source, placeholders and markup kept) and every pack string (has an entry).
 *
 * Severity: what shows a candidate or a reviewer a wrong, missing or
 * half-done text is an error; what is merely unused (obsolete entries,
 * entries the pack does not have — a msgctxt typo also leaves the real entry
 * missing, which is an error) or merely undeclared is a warning.
 */
#include "pack_check.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lang.h"
#include "pack.h"
#include "packpot.h"
#include "pack_check_internal.h"

typedef struct {
	char ctx[PACK_SHORT + 16];
	const char *source;
	int line;               /* where this catalog has it; 0: not yet seen */
} pc_string;

typedef struct {
	pc_string *s;
	int count;
} pc_strings;

static void strings_add(pc_strings *l, const char *id, const char *field, const char *src)
{
	pc_string *it = &l->s[l->count++];

	snprintf(it->ctx, sizeof it->ctx, "%s|%s", id, field);
	it->source = src;
	it->line = 0;
}

/* Every string the pack has, under the msgctxt packpot gives it. */
static int strings_of(const pack *p, pc_strings *l)
{
	l->count = 0;
	l->s = calloc(2 + 6 * (size_t)p->question_count + 2 * (size_t)p->sample_count,
	    sizeof *l->s);
	if (l->s == NULL)
		return -1;
	strings_add(l, "pack", "title", p->title);
	strings_add(l, "pack", "role", p->role);
	for (int i = 0; i < p->question_count; i++)
		for (int f = 0; f < 6; f++)
			strings_add(l, p->questions[i].id, packpot_fields[f],
			    packpot_source(&p->questions[i], packpot_fields[f]));
	for (int i = 0; i < p->sample_count; i++)
		for (int f = 0; f < 2; f++)
			strings_add(l, p->samples[i].id, packpot_sample_fields[f],
			    packpot_sample_source(&p->samples[i], packpot_sample_fields[f]));
	return 0;
}

static pc_string *strings_find(pc_strings *l, const char *ctx)
{
	for (int i = 0; ctx != NULL && i < l->count; i++)
		if (strcmp(l->s[i].ctx, ctx) == 0)
			return &l->s[i];
	return NULL;
}

/* A header field's value, or NULL (to free). */
static char *header_field(po_file_t po, const char *field)
{
	/* A copy (xstrdup) despite the const: ours to free. */
	char *header = (char *)po_file_domain_header(po, NULL);
	char *value = header ? po_header_field(header, field) : NULL;

	free(header);
	return value;
}

/* "pt-BR" is how BCP 47 tools write the catalog name "pt_BR": both name it. */
static int same_language(const char *value, const char *code)
{
	size_t n = strlen(code);

	if (strlen(value) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (value[i] != code[i] && !(code[i] == '_' && value[i] == '-'))
			return 0;
	return 1;
}

static int utf8_charset(const char *type)
{
	const char *cs = type ? strstr(type, "charset=") : NULL;

	if (cs == NULL)
		return 0;
	cs += 8;
	return strncasecmp(cs, "UTF-8", 5) == 0 && (cs[5] == '\0' || cs[5] == ';' || cs[5] == ' ');
}

static void check_header(const pc_catalog *c, const lang_info *li, diag_list *d)
{
	char *value, buf[512];
	const char *why;
	char *header = (char *)po_file_domain_header(c->po, NULL);
	bool has_header = header != NULL;

	free(header);
	if (!has_header) {
		diag_error(d, c->file, 1, "no header entry (msgid \"\"): start the catalog "
		    "from `prescreen pack pot`");
		return;
	}
	value = header_field(c->po, "Content-Type");
	if (!utf8_charset(value))
		diag_error(d, c->file, pc_catalog_field_line(c, "Content-Type"),
		    "the header must say \"Content-Type: text/plain; charset=UTF-8\"");
	free(value);

	value = header_field(c->po, "Language");
	if (value == NULL || value[0] == '\0')
		diag_warning(d, c->file, pc_catalog_field_line(c, "Language"),
		    "no \"Language: %s\" in the header", li->code);
	else if (!same_language(value, li->code))
		diag_error(d, c->file, pc_catalog_field_line(c, "Language"),
		    "the header says \"Language: %s\", but this is the catalog for %s (%s)",
		    value, li->english, li->code);
	free(value);

	value = header_field(c->po, "Plural-Forms");
	if (value == NULL || value[0] == '\0')
		diag_warning(d, c->file, pc_catalog_field_line(c, "Plural-Forms"),
		    "no Plural-Forms in the header (%s: %s)", li->english,
		    pc_plural_expected(li->code));
	else if ((why = pc_plural_check(li->code, value, buf, sizeof buf)) != NULL)
		diag_error(d, c->file, pc_catalog_field_line(c, "Plural-Forms"), "%s", why);
	free(value);
}

static void check_message(const pc_catalog *c, po_message_t m, int line,
    pc_strings *strings, int have_pack, diag_list *d)
{
	const char *ctx = po_message_msgctxt(m), *id = po_message_msgid(m);
	const char *str = po_message_msgstr(m);
	char why[1200];
	pc_string *s;

	if (po_message_is_obsolete(m)) {
		diag_warning(d, c->file, line, "obsolete entry%s%s%s (#~): it is not used; "
		    "remove it", ctx ? " \"" : "", ctx ? ctx : "", ctx ? "\"" : "");
		return;
	}
	if (ctx == NULL) {
		diag_warning(d, c->file, line, "entry without msgctxt: not a string of this "
		    "pack (each has \"<question id>|<field>\"), it is not used");
		return;
	}
	if (po_message_msgid_plural(m) != NULL) {
		diag_warning(d, c->file, line, "\"%s\" has plural forms: pack strings have "
		    "none, it is not used", ctx);
		return;
	}
	if (have_pack) {
		if ((s = strings_find(strings, ctx)) == NULL) {
			diag_warning(d, c->file, line, "\"%s\" is not a string of this pack: "
			    "it is not used", ctx);
			return;
		}
		if (s->line != 0) {
			diag_error(d, c->file, line, "second entry for \"%s\" (first at line %d)",
			    ctx, s->line);
			return;
		}
		s->line = line > 0 ? line : -1;
		if (strcmp(id, s->source) != 0)
			diag_error(d, c->file, line, "\"%s\": the msgid is not the text in "
			    "pack.json (translated from an older version?)", ctx);
	}
	if (po_message_is_fuzzy(m))
		diag_error(d, c->file, line, "\"%s\" is fuzzy: review the translation and "
		    "remove the fuzzy flag", ctx);
	if (str[0] == '\0') {
		diag_error(d, c->file, line, "\"%s\" is not translated (empty msgstr)", ctx);
		return;
	}
	pc_compare_format(id, str, po_message_is_format(m, "c-format"), why, sizeof why);
	if (why[0] != '\0')
		diag_error(d, c->file, line, "\"%s\": %s", ctx, why);
	pc_catalog_check_format(c, m, d);
}

static void check_catalog(const char *base, const lang_info *li, const pack *p, diag_list *d)
{
	char file[PATH_MAX + 32];
	pc_strings strings = { 0 };
	po_message_iterator_t it;
	po_message_t m;
	pc_catalog c;
	struct stat st;
	size_t k = 0;

	snprintf(file, sizeof file, "%s/po/%s.po", base, li->code);
	if (stat(file, &st) != 0 && errno == ENOENT) {
		diag_error(d, file, 0, "missing: the pack has no catalog for %s (%s)",
		    li->english, li->code);
		return;
	}
	if (pc_catalog_read(&c, file, d) != 0)
		return;
	check_header(&c, li, d);
	if (p != NULL && strings_of(p, &strings) != 0) {
		diag_error(d, file, 0, "out of memory");
		pc_catalog_free(&c);
		return;
	}
	if ((it = po_message_iterator(c.po, NULL)) == NULL) {
		diag_error(d, file, 0, "out of memory");
		goto done;
	}
	for (; (m = po_next_message(it)) != NULL; k++) {
		if (po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0') {
			/* msginit leaves it so; msgfmt uses it all the same. */
			if (po_message_is_fuzzy(m) && !po_message_is_obsolete(m))
				diag_warning(d, file, pc_catalog_line(&c, k), "the header is "
				    "marked fuzzy: review it and remove the flag");
			continue;
		}
		check_message(&c, m, pc_catalog_line(&c, k), &strings, p != NULL, d);
	}
	po_message_iterator_free(it);
	for (int i = 0; i < strings.count; i++)
		if (strings.s[i].line == 0)
			diag_error(d, file, 0, "no entry for \"%s\" (`prescreen pack pot` "
			    "and msgmerge add it)", strings.s[i].ctx);
done:
	free(strings.s);
	pc_catalog_free(&c);
}

int pack_check(const char *dir, diag_list *d)
{
	int errors_before = d->errors;
	char base[PATH_MAX];
	size_t n = strlen(dir);
	pack p;
	int have;

	/* "packs/x/" must not turn into "packs/x//po/de.po" in messages. */
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof base) {
		diag_error(d, dir, 0, "path too long");
		return d->errors - errors_before;
	}
	memcpy(base, dir, n);
	base[n] = '\0';
	have = pack_load(base, &p, d) == 0;
	for (int i = 0; i < LANG_COUNT; i++)
		check_catalog(strcmp(base, "/") == 0 ? "" : base, &lang_all()[i],
		    have ? &p : NULL, d);
	if (have)
		pack_free(&p);
	return d->errors - errors_before;
}
