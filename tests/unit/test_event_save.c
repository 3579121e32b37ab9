/*
 * test_event_save.c — event_write gives back, through event_load, the same
 * settings and hash (the bundled default event, the defaults and varied
 * ones); the saved events' `current` link; the next id for a changed event.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "event_save.h"
#include "seal.h"

#define BUNDLED TEST_SOURCE_DIR "/questions/backend-developer"
#define DEFAULT_EVENT TEST_SOURCE_DIR "/assets/default-event.json"

static pack bundled;
static char tmpdir[64];

static int setup(void **state)
{
	diag_list d = { 0 };

	(void)state;
	if (pack_load(BUNDLED, &bundled, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -1;
	}
	strcpy(tmpdir, "/tmp/prescreen-test-evsave-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	pack_free(&bundled);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Every field event_load sets, one by one, so a failure names the field. */
static void assert_same_event(const event_config *a, const event_config *b)
{
	assert_string_equal(a->id, b->id);
	assert_string_equal(a->title, b->title);
	assert_int_equal(a->title_count, b->title_count);
	for (int i = 0; i < a->title_count; i++) {
		assert_string_equal(a->title_langs[i], b->title_langs[i]);
		assert_string_equal(a->titles[i], b->titles[i]);
	}
	assert_string_equal(a->pack_id, b->pack_id);
	assert_int_equal(a->question_count, b->question_count);
	for (int i = 0; i < a->question_count; i++)
		assert_string_equal(a->questions[i], b->questions[i]);
	assert_int_equal(a->language_count, b->language_count);
	for (int i = 0; i < a->language_count; i++)
		assert_string_equal(a->languages[i], b->languages[i]);
	assert_int_equal(a->time_limit_s, b->time_limit_s);
	assert_int_equal(a->idle_s, b->idle_s);
	assert_int_equal(a->idle_prompt_s, b->idle_prompt_s);
	assert_int_equal(a->done_s, b->done_s);
	assert_int_equal(a->max_answer_chars, b->max_answer_chars);
	assert_string_equal(a->kiosk_id, b->kiosk_id);
	assert_int_equal(a->contact_count, b->contact_count);
	for (int i = 0; i < a->contact_count; i++)
		assert_string_equal(a->contacts[i], b->contacts[i]);
	assert_int_equal(a->threshold, b->threshold);
	assert_string_equal(a->consent_version, b->consent_version);
	assert_string_equal(a->organisation, b->organisation);
	assert_string_equal(a->contact, b->contact);
	assert_int_equal(a->retention_days, b->retention_days);
	assert_int_equal(a->practice, b->practice);
	assert_string_equal(a->pin_hash, b->pin_hash);
	assert_int_equal(a->has_public_key, b->has_public_key);
	assert_int_equal(a->unsealed, b->unsealed);
	assert_memory_equal(a->public_key, b->public_key, sizeof a->public_key);
	assert_string_equal(a->hash, b->hash);
}

/* Writes ev, loads it back cleanly (no warning either) and compares. */
static void round_trip(const event_config *ev)
{
	char path[128], err[256] = "";
	event_config back;
	diag_list d = { 0 };

	snprintf(path, sizeof path, "%s/rt.json", tmpdir);
	if (event_write(ev, path, err, sizeof err) != 0)
		fail_msg("%s", err);
	if (event_load(path, &bundled, &back, &d) != 0 || d.count != 0) {
		diag_print(&d, stderr);
		fail_msg("the written event did not load cleanly");
	}
	diag_free(&d);
	assert_same_event(ev, &back);
	/* Written whole under another name: nothing is left beside it. */
	snprintf(path, sizeof path, "%s/rt.json.tmp", tmpdir);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_round_trip_default_file(void **state)
{
	event_config ev;
	diag_list d = { 0 };

	(void)state;
	assert_int_equal(event_load(DEFAULT_EVENT, &bundled, &ev, &d), 0);
	diag_free(&d);
	assert_int_equal(ev.title_count, 9);
	round_trip(&ev);
}

static void test_round_trip_defaults(void **state)
{
	event_config ev;

	(void)state;
	event_defaults(&ev, &bundled);
	round_trip(&ev);
}

static void test_round_trip_varied(void **state)
{
	event_config ev;
	static const char *const qs[] = { "q02", "q08", "q09", "q18", "q20", "q22", "q21", "q03" };

	(void)state;
	event_defaults(&ev, &bundled);
	strcpy(ev.id, "fair-2026_Berlin.v2");
	strcpy(ev.title, "Job fair \"Backend\" – Berlin, 3rd floor / room 7 \\ é 中文");
	for (int i = 0; i < 8; i++)
		strcpy(ev.questions[i], qs[i]);
	ev.question_count = 8;
	strcpy(ev.languages[0], "ja");
	strcpy(ev.languages[1], "ar");
	strcpy(ev.languages[2], "de");
	ev.language_count = 3;
	ev.time_limit_s = 0;
	ev.idle_s = 15;
	ev.idle_prompt_s = 300;
	ev.done_s = 120;
	ev.max_answer_chars = 20000;
	strcpy(ev.kiosk_id, "hall-b.kiosk_3");
	ev.contact_count = 4;
	strcpy(ev.contacts[0], "linkedin");
	strcpy(ev.contacts[1], "city");
	strcpy(ev.contacts[2], "phone");
	strcpy(ev.contacts[3], "email");
	ev.threshold = 100;
	strcpy(ev.consent_version, "2026b");
	strcpy(ev.organisation, "Müller & Söhne GmbH, Abteilung \"HR\"");
	strcpy(ev.contact, "datenschutz@müller.example");
	ev.retention_days = 3650;
	strcpy(ev.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG");
	event_rehash(&ev, &bundled);
	round_trip(&ev);

	/* No contact fields, no limit, threshold 0, six questions. */
	event_defaults(&ev, &bundled);
	ev.contact_count = 0;
	ev.threshold = 0;
	ev.question_count = 6;
	ev.retention_days = 1;
	event_rehash(&ev, &bundled);
	round_trip(&ev);

	/* Titles for two languages only, in an order of their own. */
	event_defaults(&ev, &bundled);
	ev.title_count = 2;
	strcpy(ev.title_langs[0], "zh_CN");
	strcpy(ev.titles[0], "后端开发工程师初筛");
	strcpy(ev.title_langs[1], "en");
	strcpy(ev.titles[1], "Backend screening");
	strcpy(ev.languages[0], "zh_CN");
	strcpy(ev.languages[1], "en");
	ev.language_count = 2;
	round_trip(&ev);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[65536];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_practice_written_only_when_true(void **state)
{
	char path[128], err[256] = "";
	event_config ev;

	(void)state;
	snprintf(path, sizeof path, "%s/practice.json", tmpdir);
	event_defaults(&ev, &bundled);
	assert_int_equal(event_write(&ev, path, err, sizeof err), 0);
	assert_null(strstr(slurp(path), "\"practice\""));
	ev.practice = true;
	assert_int_equal(event_write(&ev, path, err, sizeof err), 0);
	assert_non_null(strstr(slurp(path), "\"practice\": true"));
	round_trip(&ev);
}

/* The key goes back as the line of prescreen.pub, with "sealed": true; an
 * unsealed event says "sealed": false, for a file without either is refused. */
static void test_seal_fields_written(void **state)
{
	char path[128], err[256] = "", b64[SEAL_B64_LEN], line[128];
	seal_keypair kp;
	event_config ev;

	(void)state;
	snprintf(path, sizeof path, "%s/sealed.json", tmpdir);
	event_defaults(&ev, &bundled);
	assert_int_equal(event_write(&ev, path, err, sizeof err), 0);
	assert_non_null(strstr(slurp(path), "\"sealed\": false"));
	assert_null(strstr(slurp(path), "\"public_key\""));
	round_trip(&ev);

	assert_int_equal(seal_keygen(&kp), 0);
	memcpy(ev.public_key, kp.pk, sizeof ev.public_key);
	ev.has_public_key = true;
	ev.unsealed = false;
	assert_int_equal(event_write(&ev, path, err, sizeof err), 0);
	seal_public_format(kp.pk, b64);
	snprintf(line, sizeof line, "\"public_key\": \"%s\"", b64);
	assert_non_null(strstr(slurp(path), line));
	assert_non_null(strstr(slurp(path), "\"sealed\": true"));
	round_trip(&ev);
	seal_keypair_wipe(&kp);
}

static void test_write_failure_names_path(void **state)
{
	char path[160], err[256] = "";
	event_config ev;

	(void)state;
	snprintf(path, sizeof path, "%s/no-such-folder/e.json", tmpdir);
	event_defaults(&ev, &bundled);
	assert_int_equal(event_write(&ev, path, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file"));
}

static void test_save_current(void **state)
{
	char data[128], path[PATH_MAX], err[256] = "", link[PATH_MAX];
	event_config ev, back;
	diag_list d = { 0 };
	struct stat st;
	ssize_t n;

	(void)state;
	snprintf(data, sizeof data, "%s/data", tmpdir);
	/* Staff never saved one: the kiosk uses the bundled default. */
	assert_int_equal(event_current_path(data, path, sizeof path), 1);

	event_defaults(&ev, &bundled);
	strcpy(ev.id, "fair-2026");
	assert_int_equal(event_save_current(data, &ev, err, sizeof err), 0);
	assert_int_equal(event_current_path(data, path, sizeof path), 0);
	snprintf(link, sizeof link, "%s/events/fair-2026.json", data);
	assert_string_equal(path, link);
	assert_int_equal(stat(path, &st), 0);
	/* Settings are staff's, not the world's. */
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(event_load(path, &bundled, &back, &d), 0);
	diag_free(&d);
	assert_same_event(&ev, &back);

	/* A second event takes over; the first stays on disk. */
	strcpy(ev.id, "fair-2026-2");
	ev.threshold = 75;
	event_rehash(&ev, &bundled);
	assert_int_equal(event_save_current(data, &ev, err, sizeof err), 0);
	assert_int_equal(event_current_path(data, path, sizeof path), 0);
	assert_non_null(strstr(path, "/events/fair-2026-2.json"));
	assert_int_equal(event_load(path, &bundled, &back, &d), 0);
	diag_free(&d);
	assert_int_equal(back.threshold, 75);
	assert_int_equal(access(link, F_OK), 0);
	snprintf(link, sizeof link, "%s/events/current", data);
	char target[PATH_MAX];
	n = readlink(link, target, sizeof target - 1);
	assert_true(n > 0);
	target[n] = '\0';
	/* Relative: the data directory may be moved or mounted elsewhere. */
	assert_string_equal(target, "fair-2026-2.json");
	snprintf(link, sizeof link, "%s/events/current.tmp", data);
	assert_int_equal(access(link, F_OK), -1);

	/* An id that is not a file name is refused before anything is written. */
	strcpy(ev.id, "../x");
	assert_int_equal(event_save_current(data, &ev, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot name a file"));
}

static void expect_next(const char *old_id, const char *want)
{
	char out[SESSION_SHORT];

	event_next_id(old_id, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_next_id(void **state)
{
	char longid[SESSION_SHORT], want[SESSION_SHORT], out[SESSION_SHORT];

	(void)state;
	expect_next("fair-2026", "fair-2026-2");
	expect_next("fair-2026-2", "fair-2026-3");
	expect_next("fair-2026-3", "fair-2026-4");
	expect_next("fair-2026-9", "fair-2026-10");
	expect_next("fair-2026-99", "fair-2026-100");
	expect_next("default", "default-2");
	/* Not a counter: a "-1", a leading zero, a bare number. */
	expect_next("day-1", "day-1-2");
	expect_next("room-07", "room-07-2");
	expect_next("2", "2-2");

	/* At the limit the base gives way, the id stays a valid one. */
	memset(longid, 'a', SESSION_SHORT - 1);
	longid[SESSION_SHORT - 1] = '\0';
	memset(want, 'a', SESSION_SHORT - 3);
	strcpy(want + SESSION_SHORT - 3, "-2");
	expect_next(longid, want);
	event_next_id(want, out, sizeof out);
	assert_int_equal(strlen(out), SESSION_SHORT - 1);
	assert_string_equal(out + SESSION_SHORT - 3, "-3");
	/* A small buffer is never overrun. */
	event_next_id("fair-2026", out, 8);
	assert_string_equal(out, "fair-2");
}

/* The kiosk picks the pack by the event's "pack" before loading either. */
static void test_event_pack_id(void **state)
{
	char path[128], id[64];

	(void)state;
	assert_int_equal(event_pack_id(DEFAULT_EVENT, id, sizeof id), 0);
	assert_string_equal(id, "backend-developer");
	snprintf(path, sizeof path, "%s/other.json", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("{\"schema\": \"prescreen.event.v1\", \"pack\": \"nurse-intake\"}\n", f);
	fclose(f);
	assert_int_equal(event_pack_id(path, id, sizeof id), 0);
	assert_string_equal(id, "nurse-intake");
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("{\"id\": \"x\"}\n", f);
	fclose(f);
	assert_int_equal(event_pack_id(path, id, sizeof id), 1);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("{\"pack\": ", f);
	fclose(f);
	assert_int_equal(event_pack_id(path, id, sizeof id), -1);
	snprintf(path, sizeof path, "%s/missing.json", tmpdir);
	assert_int_equal(event_pack_id(path, id, sizeof id), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_default_file),
		cmocka_unit_test(test_round_trip_defaults),
		cmocka_unit_test(test_round_trip_varied),
		cmocka_unit_test(test_practice_written_only_when_true),
		cmocka_unit_test(test_seal_fields_written),
		cmocka_unit_test(test_write_failure_names_path),
		cmocka_unit_test(test_save_current),
		cmocka_unit_test(test_next_id),
		cmocka_unit_test(test_event_pack_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
