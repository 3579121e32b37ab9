/*
 * pack_check_fmt.c — what a translation must keep of its source: the printf
 * placeholders (compared as gettext's c-format check does: the same argument
 * numbers with the same types, so %1$s/%2$d may swap but %s %d may not), the
 * {name} placeholders and the markup tags (the same ones, in any order, as
 * word order changes between languages); and the plural formula each of the
 * nine languages has in GNU gettext's table (msginit writes the same).
 */
#include "pack_check_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

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

/* ---- Plural-Forms ---- */

typedef struct {
	const char *p;
	unsigned long n;
	int bad;
} pc_expr;

static unsigned long expr_ternary(pc_expr *e);

static void skip_ws(pc_expr *e)
{
	while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
		e->p++;
}

static int accept(pc_expr *e, const char *op)
{
	size_t n = strlen(op);

	skip_ws(e);
	if (strncmp(e->p, op, n) != 0)
		return 0;
	/* "<" must not take the first half of "<=", nor "!" of "!=". */
	if (n == 1 && strchr("<>!=", op[0]) && e->p[1] == '=')
		return 0;
	e->p += n;
	return 1;
}

static unsigned long expr_primary(pc_expr *e)
{
	unsigned long v = 0;

	skip_ws(e);
	if (accept(e, "!"))
		return !expr_primary(e);
	if (accept(e, "(")) {
		v = expr_ternary(e);
		if (!accept(e, ")"))
			e->bad = 1;
		return v;
	}
	if (*e->p == 'n') {
		e->p++;
		return e->n;
	}
	if (!isdigit((unsigned char)*e->p)) {
		e->bad = 1;
		return 0;
	}
	while (isdigit((unsigned char)*e->p))
		v = v * 10 + (unsigned long)(*e->p++ - '0');
	return v;
}

static unsigned long expr_mul(pc_expr *e)
{
	unsigned long v = expr_primary(e);

	for (;;) {
		int op = accept(e, "*") ? '*' : accept(e, "/") ? '/' : accept(e, "%") ? '%' : 0;
		unsigned long r;
		if (op == 0)
			return v;
		r = expr_primary(e);
		if (op != '*' && r == 0) {
			e->bad = 1;
			return 0;
		}
		v = op == '*' ? v * r : op == '/' ? v / r : v % r;
	}
}

static unsigned long expr_add(pc_expr *e)
{
	unsigned long v = expr_mul(e);

	for (;;) {
		if (accept(e, "+"))
			v += expr_mul(e);
		else if (accept(e, "-"))
			v -= expr_mul(e);
		else
			return v;
	}
}

static unsigned long expr_rel(pc_expr *e)
{
	unsigned long v = expr_add(e);

	for (;;) {
		if (accept(e, "<="))
			v = v <= expr_add(e);
		else if (accept(e, ">="))
			v = v >= expr_add(e);
		else if (accept(e, "<"))
			v = v < expr_add(e);
		else if (accept(e, ">"))
			v = v > expr_add(e);
		else
			return v;
	}
}

static unsigned long expr_eq(pc_expr *e)
{
	unsigned long v = expr_rel(e);

	for (;;) {
		if (accept(e, "=="))
			v = v == expr_rel(e);
		else if (accept(e, "!="))
			v = v != expr_rel(e);
		else
			return v;
	}
}

static unsigned long expr_and(pc_expr *e)
{
	unsigned long v = expr_eq(e);

	while (accept(e, "&&")) {
		unsigned long r = expr_eq(e);
		v = v && r;
	}
	return v;
}

static unsigned long expr_or(pc_expr *e)
{
	unsigned long v = expr_and(e);

	while (accept(e, "||")) {
		unsigned long r = expr_and(e);
		v = v || r;
	}
	return v;
}

static unsigned long expr_ternary(pc_expr *e)
{
	unsigned long c = expr_or(e), a, b;

	if (!accept(e, "?"))
		return c;
	a = expr_ternary(e);
	if (!accept(e, ":")) {
		e->bad = 1;
		return 0;
	}
	b = expr_ternary(e);
	return c ? a : b;
}

/* The form expr gives n; -1 when expr is not a valid formula. */
static long expr_eval(const char *expr, unsigned long n)
{
	pc_expr e = { .p = expr, .n = n };
	unsigned long v = expr_ternary(&e);

	skip_ws(&e);
	if (*e.p == ';')
		e.p++;
	skip_ws(&e);
	return e.bad || *e.p != '\0' ? -1 : (long)v;
}

typedef struct {
	const char *lang;
	const char *forms;     /* what msginit writes */
	const char *also;      /* a second formula in common use, or NULL */
} pc_plural_rule;

static const pc_plural_rule rules[LANG_COUNT] = {
	{ "en", "nplurals=2; plural=(n != 1);", NULL },
	{ "es", "nplurals=2; plural=(n != 1);", NULL },
	{ "fr", "nplurals=2; plural=(n > 1);", NULL },
	{ "de", "nplurals=2; plural=(n != 1);", NULL },
	/* msginit writes (n > 1); the kiosk's own catalogs (po/pt_BR.po) have
	 * (n != 1). They differ only for n=0, which no pack string counts. */
	{ "pt_BR", "nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);" },
	{ "ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
	        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;", NULL },
	/* gettext's table has (n != 1); CLDR counts 0 as singular too. */
	{ "hi", "nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n > 1);" },
	{ "zh_CN", "nplurals=1; plural=0;", NULL },
	{ "ja", "nplurals=1; plural=0;", NULL },
};

static const pc_plural_rule *rule_of(const char *lang)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (strcmp(rules[i].lang, lang) == 0)
			return &rules[i];
	return NULL;
}

const char *pc_plural_expected(const char *lang)
{
	const pc_plural_rule *r = rule_of(lang);
	return r ? r->forms : "";
}

/* "nplurals=N; plural=EXPR;" split; 0 on success. */
static int plural_split(const char *value, int *nplurals, const char **expr)
{
	const char *p = strstr(value, "nplurals"), *q;
	char *end;
	long n;

	if (p == NULL || (q = strchr(p, '=')) == NULL)
		return -1;
	n = strtol(q + 1, &end, 10);
	if (end == q + 1 || n < 1 || n > 100)
		return -1;
	if ((p = strstr(end, "plural")) == NULL || (q = strchr(p + 6, '=')) == NULL)
		return -1;
	*nplurals = (int)n;
	*expr = q + 1;
	return 0;
}

/* 0 when both formulas give every n the same form, else the first n that differs + 1. */
static unsigned long plural_differs(const char *a, const char *b)
{
	static const unsigned long big[] = { 1000000, 1000001, 1000002, 1000003, 1000011,
	                                     1000100, 1000101, 1000102 };

	for (unsigned long n = 0; n < 1000 + sizeof big / sizeof big[0]; n++) {
		unsigned long v = n < 1000 ? n : big[n - 1000];
		if (expr_eval(a, v) != expr_eval(b, v))
			return v + 1;
	}
	return 0;
}

const char *pc_plural_check(const char *lang, const char *value, char *buf, size_t len)
{
	const pc_plural_rule *r = rule_of(lang);
	const lang_info *li = lang_find(lang);
	const char *expr, *want_expr;
	int nplurals, want_n;
	unsigned long differs;
	long form = 0;

	if (r == NULL || li == NULL)
		return NULL;
	if (plural_split(value, &nplurals, &expr) != 0) {
		snprintf(buf, len, "Plural-Forms \"%s\" is not \"nplurals=N; plural=EXPRESSION;\" "
		    "(%s: %s)", value, li->english, r->forms);
		return buf;
	}
	for (unsigned long n = 0; n < 1000 && form >= 0; n++)
		if ((form = expr_eval(expr, n)) >= nplurals) {
			snprintf(buf, len, "Plural-Forms gives n=%lu form %ld, but has "
			    "nplurals=%d", n, form, nplurals);
			return buf;
		}
	if (form < 0) {
		snprintf(buf, len, "Plural-Forms: \"plural=%s\" is not a valid formula (%s: %s)",
		    expr, li->english, r->forms);
		return buf;
	}
	plural_split(r->forms, &want_n, &want_expr);
	if (nplurals != want_n) {
		snprintf(buf, len, "Plural-Forms has nplurals=%d, but %s has %d plural form%s "
		    "(%s)", nplurals, li->english, want_n, want_n == 1 ? "" : "s", r->forms);
		return buf;
	}
	if ((differs = plural_differs(expr, want_expr)) == 0)
		return NULL;
	if (r->also != NULL) {
		const char *also_expr;
		int also_n;
		plural_split(r->also, &also_n, &also_expr);
		if (plural_differs(expr, also_expr) == 0)
			return NULL;
	}
	snprintf(buf, len, "Plural-Forms gives n=%lu form %ld, but %s uses form %ld "
	    "(%s)", differs - 1, expr_eval(expr, differs - 1), li->english,
	    expr_eval(want_expr, differs - 1), r->forms);
	return buf;
}
