#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"

int64_t script_duration(const char *text)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno || v < 0 || v > 1e9)
		return -1;
	double scale;
	if (strcmp(end, "ms") == 0)
		scale = 1;
	else if (strcmp(end, "s") == 0)
		scale = 1000;
	else if (strcmp(end, "m") == 0)
		scale = 60000;
	else if (strcmp(end, "h") == 0)
		scale = 3600000;
	else
		return -1;
	return (int64_t)(v * scale + 0.5);
}

static const struct {
	const char *word;
	script_kind kind;
	int needs_arg;
} words[] = {
	{ "press", SCRIPT_PRESS, 1 },
	{ "text", SCRIPT_TEXT, 1 },
	{ "compose", SCRIPT_COMPOSE, 0 },
	{ "key", SCRIPT_KEY, 1 },
	{ "wait", SCRIPT_WAIT, 1 },
	{ "shot", SCRIPT_SHOT, 1 },
	{ "expect-screen", SCRIPT_EXPECT_SCREEN, 1 },
	{ "expect-text", SCRIPT_EXPECT_TEXT, 1 },
};

/*
 * Text and compose arguments take \n, \t, \s (a space, since trailing
 * spaces are trimmed), \\ and \u{1F600}; decoded in place.
 */
static int unescape(char *s)
{
	char *out = s;
	while (*s) {
		if (*s != '\\') {
			*out++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': *out++ = '\n'; s++; break;
		case 't': *out++ = '\t'; s++; break;
		case 's': *out++ = ' '; s++; break;
		case '\\': *out++ = '\\'; s++; break;
		case 'u': {
			char *end;
			if (s[1] != '{')
				return -1;
			unsigned long cp = strtoul(s + 2, &end, 16);
			if (*end != '}' || end == s + 2 || cp == 0 || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF))
				return -1;
			if (cp < 0x80) {
				*out++ = (char)cp;
			} else if (cp < 0x800) {
				*out++ = (char)(0xC0 | (cp >> 6));
				*out++ = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				*out++ = (char)(0xE0 | (cp >> 12));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*out++ = (char)(0x80 | (cp & 0x3F));
			} else {
				*out++ = (char)(0xF0 | (cp >> 18));
				*out++ = (char)(0x80 | ((cp >> 12) & 0x3F));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*out++ = (char)(0x80 | (cp & 0x3F));
			}
			s = end + 1;
			break;
		}
		default:
			return -1;
		}
	}
	*out = '\0';
	return 0;
}

static int add(script *s, const script_cmd *c)
{
	script_cmd *grown = realloc(s->cmds, (size_t)(s->count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	s->cmds = grown;
	s->cmds[s->count++] = *c;
	return 0;
}

static void parse_line(script *s, char *line, int lineno, diag_list *d)
{
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
	if (*line == '\0' || *line == '#')
		return;
	char *arg = strpbrk(line, " \t");
	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ' || *arg == '\t')
			arg++;
	} else {
		arg = line + n;   /* the empty string at the end */
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(words[i].word, line) != 0)
			continue;
		if (words[i].needs_arg && *arg == '\0') {
			diag_error(d, s->path, lineno, "'%s' needs an argument", line);
			return;
		}
		script_cmd c = { words[i].kind, lineno, NULL, 0 };
		if (c.kind == SCRIPT_WAIT) {
			c.ms = script_duration(arg);
			if (c.ms < 0) {
				diag_error(d, s->path, lineno,
				           "bad duration '%s' (use e.g. 500ms, 90s, 2m)", arg);
				return;
			}
		}
		c.arg = strdup(arg);
		if (c.arg && (c.kind == SCRIPT_TEXT || c.kind == SCRIPT_COMPOSE ||
		              c.kind == SCRIPT_EXPECT_TEXT) &&
		    unescape(c.arg) < 0) {
			diag_error(d, s->path, lineno,
			           "bad escape in '%s' (use \\n \\t \\s \\\\ or \\u{hex})", arg);
			free(c.arg);
			return;
		}
		if (!c.arg || add(s, &c) < 0) {
			free(c.arg);
			diag_error(d, s->path, lineno, "out of memory");
		}
		return;
	}
	diag_error(d, s->path, lineno,
	           "unknown command '%s' (press, text, compose, key, wait, shot, expect-screen, "
	           "expect-text)",
	           line);
}

int script_parse(const char *path, const char *text, size_t len, script *out, diag_list *d)
{
	int before = d->errors;
	memset(out, 0, sizeof *out);
	snprintf(out->path, sizeof out->path, "%s", path);
	int lineno = 0;
	size_t pos = 0;
	while (pos < len) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (!text_valid_utf8(text + pos, end - pos)) {
			diag_error(d, path, lineno, "not valid UTF-8");
		} else if (memchr(text + pos, '\0', end - pos)) {
			diag_error(d, path, lineno, "contains a NUL byte");
		} else {
			char *line = malloc(end - pos + 1);
			if (!line) {
				diag_error(d, path, lineno, "out of memory");
				break;
			}
			memcpy(line, text + pos, end - pos);
			line[end - pos] = '\0';
			parse_line(out, line, lineno, d);
			free(line);
		}
		pos = end + 1;
	}
	if (d->errors > before) {
		script_free(out);
		return -1;
	}
	return 0;
}

int script_load(const char *path, script *out, diag_list *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, path, 0, "%s", strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				diag_error(d, path, 0, "out of memory");
				return -1;
			}
			buf = grown;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		diag_error(d, path, 0, "read error");
		return -1;
	}
	int rc = script_parse(path, buf ? buf : "", len, out, d);
	free(buf);
	return rc;
}

void script_free(script *s)
{
	for (int i = 0; i < s->count; i++)
		free(s->cmds[i].arg);
	free(s->cmds);
	s->cmds = NULL;
	s->count = 0;
}

/* A script stands in for a keyboard: what it typed goes once used. */
static void forget_typed(script_cmd *c)
{
	if ((c->kind == SCRIPT_TEXT || c->kind == SCRIPT_COMPOSE || c->kind == SCRIPT_EXPECT_TEXT) &&
	    c->arg)
		explicit_bzero(c->arg, strlen(c->arg));
}

int script_drive(const char *path, const char *trace_path, const script_host *h)
{
	script s = { 0 };
	FILE *trace = NULL;
	if (path) {
		diag_list d = { 0 };
		int rc = script_load(path, &s, &d);
		diag_print(&d, stderr);
		diag_free(&d);
		if (rc != 0)
			return 1;
	}
	if (trace_path && !(trace = fopen(trace_path, "w"))) {
		fprintf(stderr, "%s: %s\n", trace_path, strerror(errno));
		script_free(&s);
		return 1;
	}
	int status = 0;
	h->frame(h->ctx);
	for (int i = 0; i < s.count && !h->stopped(h->ctx); i++) {
		if (h->run(h->ctx, &s, &s.cmds[i]) != 0) {
			status = 1;
			break;
		}
		h->after(h->ctx);
		forget_typed(&s.cmds[i]);
		h->frame(h->ctx);
		if (trace) {
			fprintf(trace, "%d\n", s.cmds[i].line);
			fflush(trace);
		}
	}
	if (trace)
		fclose(trace);
	script_free(&s);
	return status;
}
