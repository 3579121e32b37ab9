/*
 * cmd_erase.c — `prescreen erase CODE [--data DIR] [--review-store FILE]`:
 * a candidate's request to have their session erased (GDPR art. 17), by the
 * receipt code the done screen showed them, from the kiosk's store and the
 * reviewer's store. Says what it erased by id and start time, never by name.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "commands.h"
#include "paths.h"
#include "receipt.h"
#include "review_load.h"
#include "rstore.h"
#include "store.h"

typedef struct {
	const char *code;           /* as typed, for messages */
	char normal[RECEIPT_LEN + 1];
	char kiosk_dir[PATH_MAX];   /* "" when the kiosk store is not used */
	char review_path[PATH_MAX]; /* "" when the review store is not used */
	store *st;
	rstore *rs;
	char kiosk_id[SESSION_ID_LEN + 1];
	char review_id[SESSION_ID_LEN + 1];
} erasing;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void utc(int64_t wall_ms, char *out, size_t len)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, len, "%lld ms", (long long)wall_ms);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Which stores: those named, else the default places that hold one. */
static int choose_stores(erasing *e, const char *data, const char *review)
{
	char db[PATH_MAX + 16];

	if (data != NULL || review == NULL) {
		if (paths_data_dir(data, e->kiosk_dir, sizeof e->kiosk_dir) != 0) {
			if (data != NULL) {
				fprintf(stderr, "prescreen erase: %s: path too long\n", data);
				return -1;
			}
			e->kiosk_dir[0] = '\0';
		}
		snprintf(db, sizeof db, "%s/prescreen.db", e->kiosk_dir);
		if (e->kiosk_dir[0] && !exists(db)) {
			if (data != NULL) {
				fprintf(stderr, "%s: no prescreen database here\n", data);
				return -1;
			}
			e->kiosk_dir[0] = '\0';
		}
	}
	if (review != NULL || data == NULL) {
		if (review != NULL)
			snprintf(e->review_path, sizeof e->review_path, "%s", review);
		else if (review_default_store(e->review_path, sizeof e->review_path) != 0)
			e->review_path[0] = '\0';
		if (e->review_path[0] && !exists(e->review_path)) {
			if (review != NULL) {
				fprintf(stderr, "%s: no review store here: %s\n", review, strerror(errno));
				return -1;
			}
			e->review_path[0] = '\0';
		}
	}
	if (!e->kiosk_dir[0] && !e->review_path[0]) {
		fprintf(stderr, "prescreen erase: no kiosk data directory or review store here; "
		        "use --data DIR or --review-store FILE\n");
		return -1;
	}
	return 0;
}

static int open_stores(erasing *e)
{
	char err[1024];
	int rc;

	if (e->kiosk_dir[0]) {
		if ((e->st = store_open(e->kiosk_dir, err, sizeof err)) == NULL) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
		if ((rc = store_find_receipt(e->st, e->normal, e->kiosk_id)) < 0) {
			fprintf(stderr, "%s\n", store_error(e->st));
			return -1;
		}
	}
	if (e->review_path[0]) {
		if ((e->rs = rstore_open(e->review_path, err, sizeof err)) == NULL) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
		if ((rc = rstore_find_receipt(e->rs, e->normal, e->review_id)) < 0) {
			fprintf(stderr, "%s\n", rstore_error(e->rs));
			return -1;
		}
	}
	return 0;
}

static int erase_kiosk(erasing *e, int64_t now)
{
	char db[PATH_MAX + 16], when[32], detail[96];
	session_record s;
	int64_t started = 0;

	snprintf(db, sizeof db, "%s/prescreen.db", e->kiosk_dir);
	if (!e->kiosk_id[0]) {
		printf("no session with this code in the kiosk store %s\n", db);
		return 0;
	}
	/* Only its start time is kept from the load; the record is wiped. */
	if (store_load(e->st, e->kiosk_id, &s) == 0)
		started = s.started_at;
	session_clear(&s);
	if (store_delete(e->st, e->kiosk_id) != 0) {
		fprintf(stderr, "%s\n", store_error(e->st));
		return -1;
	}
	snprintf(detail, sizeof detail, "%s %s", e->normal, e->kiosk_id);
	if (audit_add(e->st, now, "erase", detail) != 0)
		fprintf(stderr, "prescreen erase: warning: the audit trail was not written: %s\n",
		        store_error(e->st));
	/* The deleted pages are zeroed in the WAL; folding it into the database
	 * overwrites their old copies there as well. */
	if (store_scrub(e->st) != 0)
		fprintf(stderr, "prescreen erase: warning: %s\n", store_error(e->st));
	utc(started, when, sizeof when);
	printf("erased session %s (started %s) from the kiosk store %s\n", e->kiosk_id, when, db);
	return 0;
}

static int erase_review(erasing *e, int64_t now)
{
	const char *id = e->review_id[0] ? e->review_id : e->kiosk_id;
	char when[32];
	int64_t started = 0;
	int rc;

	if (!id[0]) {
		printf("no session with this code in the review store %s\n", e->review_path);
		return 0;
	}
	if ((rc = rstore_erase(e->rs, id, now, &started)) < 0) {
		fprintf(stderr, "%s\n", rstore_error(e->rs));
		return -1;
	}
	if (rc == 1) {
		printf("session %s is not in the review store %s; it will not be imported there\n",
		       id, e->review_path);
		return 0;
	}
	utc(started, when, sizeof when);
	printf("erased session %s (started %s) with its scores and notes from the review store "
	       "%s\n", id, when, e->review_path);
	return 0;
}

static int run(erasing *e)
{
	int64_t now = now_ms();
	int rc = 0;

	if (open_stores(e) != 0)
		return 1;
	if (!e->kiosk_id[0] && !e->review_id[0]) {
		fprintf(stderr, "%s: no session has this receipt code\n", e->code);
		return 1;
	}
	if (e->kiosk_id[0] && e->review_id[0] && strcmp(e->kiosk_id, e->review_id) != 0) {
		fprintf(stderr, "%s: the kiosk store and the review store each have a different "
		        "session with this code (%s, %s); nothing erased\n", e->code, e->kiosk_id,
		        e->review_id);
		return 1;
	}
	if (e->st != NULL && erase_kiosk(e, now) != 0)
		rc = 1;
	if (e->rs != NULL && erase_review(e, now) != 0)
		rc = 1;
	return rc;
}

int cmd_erase(int argc, char **argv)
{
	const char *data = NULL, *review = NULL, *code = NULL;
	erasing e;
	int rc;

	memset(&e, 0, sizeof e);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage_print("erase", 0);
			return 0;
		} else if ((strcmp(a, "--data") == 0 || strcmp(a, "--review-store") == 0) &&
		           i + 1 < argc) {
			*(a[2] == 'd' ? &data : &review) = argv[++i];
		} else if (a[0] != '-' && code == NULL) {
			code = a;
		} else {
			fprintf(stderr, "prescreen erase: unexpected '%s'\n", a);
			usage_print("erase", 1);
			return 2;
		}
	}
	if (code == NULL) {
		fprintf(stderr, "prescreen erase: give the receipt CODE\n");
		usage_print("erase", 1);
		return 2;
	}
	e.code = code;
	if (!receipt_normalise(code, e.normal)) {
		fprintf(stderr, "%s: not a receipt code (8 letters and digits, such as ACDE-FG34)\n",
		        code);
		return 1;
	}
	if (choose_stores(&e, data, review) != 0)
		return 1;
	rc = run(&e);
	store_close(e.st);
	rstore_close(e.rs);
	return rc;
}
