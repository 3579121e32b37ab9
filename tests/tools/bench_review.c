/*
 * bench_review — the review store's figures for tests/perf/review.sh:
 *   bench_review load STORE BUNDLE...   review_load's time (fingerprint, verify,
 *                                       import; or the second open) and VmHWM
 *   bench_review import STORE BUNDLE... the store's own share of a first open: only
 *                                       the time inside rstore_add_session and
 *                                       the commits, the bundles read unverified
 *   bench_review phases BUNDLE...       the bundle side of a first open, phase by
 *                                       phase: fingerprint, bundle_open with
 *                                       verification, bundle_each (parse) alone
 *   bench_review scores STORE COUNT     COUNT rstore_score_put calls, each its own
 *                                       committed transaction: p50, p99, max
 * BENCH_KEY=FILE opens sealed bundles with that secret key (load, phases).
 * Prints one line of figures; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "review_load.h"
#include "rstore.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* This thread's only: bundle_each parses on worker threads meanwhile. */
static double thread_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* BENCH_KEY's key into k; NULL when not set (or not a key: said on stderr). */
static const bundle_key *bench_key(bundle_key *k)
{
	const char *path = getenv("BENCH_KEY");
	diag_list d = { 0 };

	if (path == NULL || path[0] == '\0')
		return NULL;
	if (bundle_key_load(k, path, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return NULL;
	}
	return k;
}

static int bench_load(const char *store, char **dirs, int n)
{
	review_data rd;
	diag_list d = { 0 };
	bundle_key k;
	const bundle_key *key = bench_key(&k);
	double t0 = now_ms(), c0 = cpu_ms();
	int rc = review_load(&rd, store, "bench", key, dirs, n, &d);
	double t1 = now_ms(), c1 = cpu_ms();

	diag_print(&d, stderr);
	if (key)
		bundle_key_wipe(&k);
	if (rc != 0)
		return 1;
	printf("load_ms %.1f cpu_ms %.1f sessions %d added %d duplicates %d refused %d problems %d "
	       "vmhwm_kb %ld\n", t1 - t0, c1 - c0, rd.sessions, rd.added, rd.duplicates,
	       rd.refused_bundles, d.errors, vm_hwm_kb());
	review_data_free(&rd);
	diag_free(&d);
	return 0;
}

typedef struct {
	rstore *rs;
	double ms, cpu;
	int added;
} timing;

static int timed_add(void *ctx, const bundle *b, const session_record *s, const char *json,
                     size_t len, const char *content_hash)
{
	timing *t = ctx;
	rstore_add_result res;
	double t0 = now_ms(), c0 = thread_cpu_ms();
	int rc = rstore_add_session(t->rs, s, content_hash, &res);

	(void)b, (void)json, (void)len;
	t->ms += now_ms() - t0;
	t->cpu += thread_cpu_ms() - c0;
	t->added += res == RSTORE_ADDED;
	return rc != 0;
}

static int bench_import(const char *store, char **dirs, int n)
{
	char err[1024];
	diag_list d = { 0 };
	timing t = { rstore_open(store, err, sizeof err), 0, 0, 0 };
	bundle b;

	if (t.rs == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (bundle_open(dirs[i], false, &b, &d) != 0)
			continue;
		double t0 = now_ms(), c0 = thread_cpu_ms();
		rstore_begin(t.rs);
		t.ms += now_ms() - t0;
		t.cpu += thread_cpu_ms() - c0;
		bundle_each(&b, timed_add, &t, &d);
		t0 = now_ms();
		c0 = thread_cpu_ms();
		if (rstore_commit(t.rs) != 0)
			fprintf(stderr, "%s\n", rstore_error(t.rs));
		t.ms += now_ms() - t0;
		t.cpu += thread_cpu_ms() - c0;
	}
	diag_print(&d, stderr);
	printf("import_ms %.1f cpu_ms %.1f added %d\n", t.ms, t.cpu, t.added);
	diag_free(&d);
	rstore_close(t.rs);
	return 0;
}

static int walk_nothing(void *ctx, const bundle *b, const session_record *s, const char *json,
                        size_t len, const char *content_hash)
{
	(void)ctx, (void)b, (void)s, (void)json, (void)len, (void)content_hash;
	return 0;
}

static int bench_phases(char **dirs, int n)
{
	double wall[3] = { 0 }, cpu[3] = { 0 };
	char fingerprint[SESSION_HASH];
	diag_list d = { 0 };
	bundle_key k;
	const bundle_key *key = bench_key(&k);
	bundle b;

	for (int i = 0; i < n; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		bundle_fingerprint(dirs[i], fingerprint, &d);
		double t1 = now_ms(), c1 = cpu_ms();
		int rc = bundle_open(dirs[i], true, &b, &d);
		double t2 = now_ms(), c2 = cpu_ms();
		if (rc == 0 && bundle_use_key(&b, key, &d) == 0)
			bundle_each(&b, walk_nothing, NULL, &d);
		double t3 = now_ms(), c3 = cpu_ms();
		wall[0] += t1 - t0, wall[1] += t2 - t1, wall[2] += t3 - t2;
		cpu[0] += c1 - c0, cpu[1] += c2 - c1, cpu[2] += c3 - c2;
	}
	diag_print(&d, stderr);
	printf("fingerprint_ms %.1f fingerprint_cpu %.1f verify_ms %.1f verify_cpu %.1f "
	       "walk_ms %.1f walk_cpu %.1f problems %d\n", wall[0], cpu[0], wall[1], cpu[1],
	       wall[2], cpu[2], d.errors);
	diag_free(&d);
	if (key)
		bundle_key_wipe(&k);
	return 0;
}

static int bench_scores(const char *store, int count)
{
	char err[1024], qid[32];
	rstore *rs = rstore_open(store, err, sizeof err);
	rstore_row *rows = NULL;
	double *ms = calloc((size_t)count, sizeof *ms);
	int nrows = 0;

	if (rs == NULL || ms == NULL || rstore_rows(rs, &rows, &nrows) != 0) {
		fprintf(stderr, "%s\n", rs ? rstore_error(rs) : err);
		return 1;
	}
	for (int i = 0; i < count; i++) {
		const char *sid = nrows ? rows[i % nrows].session_id : "01JDX5R7Q8W2M4N6P8R0T2V4X6";
		snprintf(qid, sizeof qid, "q%02d", i / (nrows ? nrows : 1) % 7 + 1);
		double t0 = now_ms();
		/* A put that changes nothing writes nothing: each time differs. */
		if (rstore_score_put(rs, "bench", sid, qid, i % 5 + 1, false,
		                     (int64_t)(t0 * 1000)) != 0) {
			fprintf(stderr, "%s\n", rstore_error(rs));
			return 1;
		}
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)count, sizeof *ms, cmp_double);
	printf("score_put n %d p50_ms %.3f p99_ms %.3f max_ms %.3f\n", count,
	       ms[count / 2], ms[(int)(count * 0.99)], ms[count - 1]);
	free(ms);
	free(rows);
	rstore_close(rs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "load") == 0)
		return bench_load(argv[2], argv + 3, argc - 3);
	if (argc >= 3 && strcmp(argv[1], "phases") == 0)
		return bench_phases(argv + 2, argc - 2);
	if (argc >= 4 && strcmp(argv[1], "import") == 0)
		return bench_import(argv[2], argv + 3, argc - 3);
	if (argc == 4 && strcmp(argv[1], "scores") == 0 && atoi(argv[3]) > 0)
		return bench_scores(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: bench_review load|import STORE BUNDLE... | phases BUNDLE... | scores STORE COUNT\n");
	return 2;
}
