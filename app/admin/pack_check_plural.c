/*
 * pack_check_plural.c — a catalog's Plural-Forms held against its language:
 * the formula is evaluated (a small C-expression reader, as libintl's) for
 * n = 0..999 and some large n, and compared with the one GNU gettext's table
 * gives the language (msginit writes the same), so that "n!=1" and
 * "(n == 1 ? 0 : 1)" both pass and "(n != 1)" for French does not.
 */
#include "pack_check_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

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
