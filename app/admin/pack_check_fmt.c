/*
 * pack_check_fmt.c — what a translation must keep of its source: the printf
 * placeholders (compared as gettext's c-format check does: the same argument
 * numbers with the same types, so %1$s/%2$d may swap but %s %d may not), the
 * {name} placeholders and the markup tags (the same ones, in any order, as
 * word order changes between languages).
 */
#include "pack_check_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PC_MAX_ITEMS 64

typedef struct {
	char text[48];    /* as written: "%1$s", "{name}", "<b>" */
	int arg;          /* printf: argument number (1-based) */
	char type[8];     /* printf: length modifier + conversion class */
} pc_item;

typedef struct {
	pc_item item[PC_MAX_ITEMS];
	int count;
} pc_items;

static void items_add(pc_items *l, const char *s, size_t n, int arg, const char *type)
{
	pc_item *it;

	if (l->count == PC_MAX_ITEMS)
		return;
	it = &l->item[l->count++];
	if (n >= sizeof it->text)
		n = sizeof it->text - 1;
	memcpy(it->text, s, n);
	it->text[n] = '\0';
	it->arg = arg;
	snprintf(it->type, sizeof it->type, "%s", type ? type : "");
}

/* Conversions grouped as C's argument types: %d and %i take the same. */
static char conv_class(char c)
{
	switch (c) {
	case 'd': case 'i': return 'd';
	case 'o': case 'u': case 'x': case 'X': return 'u';
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': return 'f';
	case 'c': case 's': case 'p': case 'n': return c;
	default: return 0;
	}
}

/*
 * The directive at s ('%'), its length in *n; 0 when it is no directive
 * ("100% of", "%%"). The space flag is left out on purpose: "50% done"
 * would otherwise read as "% d".
 */
static int printf_directive(const char *s, size_t *n, int *arg, char *type)
{
	const char *p = s + 1, *len_start;
	int number = 0;
	char cls;

	*arg = 0;
	if (isdigit((unsigned char)*p)) {
		const char *q = p;
		while (isdigit((unsigned char)*q))
			number = number * 10 + (*q++ - '0');
		if (*q == '$' && number > 0) {
			*arg = number;
			p = q + 1;
		}
	}
	while (*p && strchr("-+0#'", *p))
		p++;
	if (*p == '*')
		p++;
	else
		while (isdigit((unsigned char)*p))
			p++;
	if (*p == '.') {
		p++;
		if (*p == '*')
			p++;
		else
			while (isdigit((unsigned char)*p))
				p++;
	}
	len_start = p;
	while (*p && strchr("hlLqjzt", *p) && p - len_start < 2)
		p++;
	if ((cls = conv_class(*p)) == 0)
		return 0;
	snprintf(type, 8, "%.*s%c", (int)(p - len_start), len_start, cls);
	*n = (size_t)(p + 1 - s);
	return 1;
}

static void scan(const char *s, pc_items *printf_l, pc_items *brace_l, pc_items *tag_l)
{
	int next = 1;

	for (const char *p = s; *p != '\0'; p++) {
		size_t n;
		int arg;
		char type[8];

		if (p[0] == '%' && p[1] == '%') {
			p++;
			continue;
		}
		if (*p == '%' && printf_directive(p, &n, &arg, type)) {
			items_add(printf_l, p, n, arg ? arg : next++, type);
			p += n - 1;
			continue;
		}
		if (*p == '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *q = p + 1;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (*q == '}') {
				items_add(brace_l, p, (size_t)(q + 1 - p), 0, NULL);
				p = q;
			}
			continue;
		}
		if (*p == '<' && (isalpha((unsigned char)p[1])
		    || (p[1] == '/' && isalpha((unsigned char)p[2])))) {
			const char *q = strpbrk(p + 1, "<>");
			if (q != NULL && *q == '>') {
				items_add(tag_l, p, (size_t)(q + 1 - p), 0, NULL);
				p = q;
			}
		}
	}
}

static void items_list(const pc_items *l, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	if (l->count == 0) {
		snprintf(out, len, "none");
		return;
	}
	for (int i = 0; i < l->count && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "",
		    l->item[i].text);
}

static int text_cmp(const void *a, const void *b)
{
	return strcmp(((const pc_item *)a)->text, ((const pc_item *)b)->text);
}

/* The same argument numbers with the same types (gettext's c-format rule). */
static int printf_same(const pc_items *a, const pc_items *b)
{
	if (a->count != b->count)
		return 0;
	for (int i = 0; i < a->count; i++) {
		int found = 0;
		for (int j = 0; j < b->count && !found; j++)
			found = a->item[i].arg == b->item[j].arg
			    && strcmp(a->item[i].type, b->item[j].type) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

static int multiset_same(const pc_items *a, const pc_items *b)
{
	pc_items x = *a, y = *b;

	if (x.count != y.count)
		return 0;
	qsort(x.item, (size_t)x.count, sizeof x.item[0], text_cmp);
	qsort(y.item, (size_t)y.count, sizeof y.item[0], text_cmp);
	for (int i = 0; i < x.count; i++)
		if (strcmp(x.item[i].text, y.item[i].text) != 0)
			return 0;
	return 1;
}

static void explain(char *why, size_t len, const char *what, const pc_items *src,
    const pc_items *tr)
{
	char a[256], b[256];
	size_t used = strlen(why);

	items_list(src, a, sizeof a);
	items_list(tr, b, sizeof b);
	snprintf(why + used, len - used, "%s%s differ from the msgid (msgid: %s; msgstr: %s)",
	    used ? "; " : "", what, a, b);
}

void pc_compare_format(const char *msgid, const char *msgstr, int skip_printf,
    char *why, size_t len)
{
	/* Three lists of 64 each, twice: too much for one stack frame of a test. */
	pc_items *l = calloc(6, sizeof *l);

	why[0] = '\0';
	if (l == NULL) {
		snprintf(why, len, "out of memory");
		return;
	}
	scan(msgid, &l[0], &l[1], &l[2]);
	scan(msgstr, &l[3], &l[4], &l[5]);
	if (!skip_printf && !printf_same(&l[0], &l[3]))
		explain(why, len, "printf placeholders", &l[0], &l[3]);
	if (!multiset_same(&l[1], &l[4]))
		explain(why, len, "{name} placeholders", &l[1], &l[4]);
	if (!multiset_same(&l[2], &l[5]))
		explain(why, len, "markup tags", &l[2], &l[5]);
	free(l);
}
