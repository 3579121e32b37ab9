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
static bool key_pending;
static uint32_t key_xtime;

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
		write_series(f, "key_to_frame", &all[STATS_KEY_TO_FRAME]);
		fclose(f);
	}
	for (int i = 0; i < STATS_KINDS_; i++) {
		free(all[i].v);
		all[i] = (series){ 0 };
	}
}

void stats_key_pressed(uint32_t xtime)
{
	if (!path || key_pending)
		return;   /* the earliest press waiting for a frame is the one that waited longest */
	key_pending = true;
	key_xtime = xtime;
}

/*
 * The server's time is whole ms of CLOCK_MONOTONIC (Xorg's GetTimeInMillis),
 * so the figure reads up to 1 ms high; 32-bit ms wrap, hence the difference
 * taken in uint32_t.
 */
void stats_key_shown(void)
{
	if (!path || !key_pending)
		return;
	key_pending = false;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t now_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	int64_t now_ms = now_us / 1000;
	uint32_t ago_ms = (uint32_t)now_ms - key_xtime;
	if (ago_ms > 60000)
		return;   /* not this clock (a server on another machine) */
	stats_add(STATS_KEY_TO_FRAME, now_us - (now_ms - (int64_t)ago_ms) * 1000);
}
