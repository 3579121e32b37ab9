#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *status_names[] = {
	[SESSION_IN_PROGRESS] = "in_progress",
	[SESSION_COMPLETED] = "completed",
	[SESSION_ABANDONED] = "abandoned",
	[SESSION_INTERRUPTED] = "interrupted",
};
#define STATUS_COUNT ((int)(sizeof status_names / sizeof status_names[0]))

void session_init(session_record *s)
{
	memset(s, 0, sizeof *s);
	s->time_percent = 100;
	/* memset gives NULL pointers on every platform we target, but be explicit
	 * for the owned ones so that the intent survives a refactor. */
	s->name = NULL;
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++)
		s->contacts[i].value = NULL;
	for (int i = 0; i < SESSION_MAX_QUESTIONS; i++) {
		s->answers[i].question_text = NULL;
		s->answers[i].answer = NULL;
	}
}

/* A candidate's words do not linger in freed memory after the reset. */
static void wipe_free(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

void session_clear(session_record *s)
{
	/* Every slot, not just the counted ones: a caller that lowered a count
	 * must not leak the strings beyond it. */
	wipe_free(s->name);
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++)
		wipe_free(s->contacts[i].value);
	for (int i = 0; i < SESSION_MAX_QUESTIONS; i++) {
		wipe_free(s->answers[i].question_text);
		wipe_free(s->answers[i].answer);
	}
	free(s->sealed);
	explicit_bzero(s, sizeof *s);
	session_init(s);
}

int session_copy(session_record *dst, const session_record *src)
{
	int rc = 0;

	session_clear(dst);
	*dst = *src;
	/* The owned strings are dst's own, never shared with src. */
	dst->name = NULL;
	rc |= session_set_string(&dst->name, src->name);
	for (int i = 0; i < SESSION_MAX_CONTACTS; i++) {
		dst->contacts[i].value = NULL;
		rc |= session_set_string(&dst->contacts[i].value, src->contacts[i].value);
	}
	for (int i = 0; i < SESSION_MAX_QUESTIONS; i++) {
		answer_record *a = &dst->answers[i];
		a->question_text = NULL;
		a->answer = NULL;
		rc |= session_set_string(&a->question_text, src->answers[i].question_text);
		rc |= session_set_string(&a->answer, src->answers[i].answer);
	}
	dst->sealed = NULL;
	if (src->sealed != NULL) {
		dst->sealed = malloc(src->sealed_len);
		if (dst->sealed != NULL)
			memcpy(dst->sealed, src->sealed, src->sealed_len);
		else
			rc = -1;
	}
	if (rc != 0) {
		session_clear(dst);
		return -1;
	}
	return 0;
}

int session_set_string(char **slot, const char *value)
{
	char *copy = NULL;

	if (value != NULL && (copy = strdup(value)) == NULL)
		return -1;
	wipe_free(*slot);
	*slot = copy;
	return 0;
}

const char *session_status_name(session_status st)
{
	if ((int)st < 0 || (int)st >= STATUS_COUNT)
		return "unknown";
	return status_names[st];
}

int session_status_parse(const char *name, session_status *out)
{
	for (int i = 0; name != NULL && i < STATUS_COUNT; i++) {
		if (strcmp(status_names[i], name) == 0) {
			*out = (session_status)i;
			return 0;
		}
	}
	return -1;
}

void session_format_time(int64_t wall_ms, char out[32])
{
	/* Floor, not truncate: a pre-epoch instant still names its own second. */
	int64_t secs = wall_ms / 1000 - (wall_ms % 1000 < 0 ? 1 : 0);
	time_t t = (time_t)secs;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* Reads exactly n decimal digits. */
static int read_digits(const char **p, int n, int *val)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*val = v;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

int session_parse_time(const char *text, int64_t *wall_ms)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = text;
	int y, mo, d, h, mi, s;
	struct tm tm;

	if (text == NULL ||
	    read_digits(&p, 4, &y) || expect(&p, '-') ||
	    read_digits(&p, 2, &mo) || expect(&p, '-') ||
	    read_digits(&p, 2, &d) || expect(&p, 'T') ||
	    read_digits(&p, 2, &h) || expect(&p, ':') ||
	    read_digits(&p, 2, &mi) || expect(&p, ':') ||
	    read_digits(&p, 2, &s) || expect(&p, 'Z') || *p != '\0')
		return -1;
	/* timegm normalises out-of-range fields silently; a malformed stamp
	 * must be rejected, not reinterpreted. */
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || s > 60)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*wall_ms = (int64_t)timegm(&tm) * 1000;
	return 0;
}
