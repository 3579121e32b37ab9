#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	int64_t *v;
	int n, cap;
} series;

static const char *path;
static series all[STATS_KINDS_];
static double first_frame_ms = -1;

bool stats_enabled(void)
{
	return path != NULL;
}

void stats_start(void)
{
	const char *p = getenv("PRESCREEN_STATS");
	path = p && *p ? p : NULL;
}

void stats_add(stats_kind kind, int64_t us)
{
	series *s = &all[kind];
	if (!path)
		return;
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 1024;
		int64_t *v = realloc(s->v, (size_t)cap * sizeof *v);
		if (!v)
			return;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = us;
}

/* Process start from /proc (boot-relative ticks), so dynamic loading counts too. */
static double process_age_ms(void)
{
	FILE *f = fopen("/proc/self/stat", "r");
	if (!f)
		return -1;
	char buf[1024];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	unsigned long long start = 0;
	/* Field 22 is starttime; after ")" come fields 3.. */
	int field = 2;
	for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
		if (++field == 22) {
			start = strtoull(tok, NULL, 10);
			break;
		}
	}
	struct timespec now;
	clock_gettime(CLOCK_BOOTTIME, &now);
	double now_ms = now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
	return now_ms - (double)start * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

void stats_first_frame(void)
{
	if (path && first_frame_ms < 0)
		first_frame_ms = process_age_ms();
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void write_series(FILE *f, const char *name, series *s)
{
	if (s->n == 0) {
		fprintf(f, "%s count 0\n", name);
		return;
	}
	qsort(s->v, (size_t)s->n, sizeof *s->v, cmp);
	int64_t sum = 0;
	for (int i = 0; i < s->n; i++)
		sum += s->v[i];
	fprintf(f, "%s count %d mean_us %lld p50_us %lld p99_us %lld max_us %lld\n", name, s->n,
	        (long long)(sum / s->n), (long long)s->v[s->n / 2],
	        (long long)s->v[(int)((s->n - 1) * 0.99)], (long long)s->v[s->n - 1]);
}

void stats_write(void)
{
	if (!path)
		return;
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "first_frame_ms %.1f\n", first_frame_ms);
		write_series(f, "frame_typing", &all[STATS_FRAME_TYPING]);
		write_series(f, "frame_other", &all[STATS_FRAME_OTHER]);
		write_series(f, "commit", &all[STATS_COMMIT]);
		fclose(f);
	}
	for (int i = 0; i < STATS_KINDS_; i++) {
		free(all[i].v);
		all[i] = (series){ 0 };
	}
}
