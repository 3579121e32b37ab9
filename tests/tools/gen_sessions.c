/*
 * gen_sessions — fills a data directory with N made-up sessions through the
 * real store (store_put), for the export benchmark (tests/perf/export.sh).
 * Answers are 300 to 700 characters in the nine languages' scripts, some
 * starting like spreadsheet formulas; the statuses cycle. Deterministic: the
 * same N gives the same sessions.
 *
 * Usage: gen_sessions DATA_DIR COUNT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "store.h"

static const char *const samples[] = {
	"I designed the REST API for our order service and kept it backwards compatible. ",
	"Usé PostgreSQL con réplicas de lectura y migraciones sin tiempo de inactividad. ",
	"J'ai réduit la latence de 40 % en ajoutant un cache devant la base de données. ",
	"Wir haben die Dienste in Go neu geschrieben und die Kosten halbiert. ",
	"Trabalhei com filas no RabbitMQ e monitoramento com Prometheus. ",
	"أستخدم REST API مع قاعدة بيانات PostgreSQL منذ خمس سنوات. ",
	"मैंने Django में भुगतान सेवा बनाई और उसके परीक्षण लिखे। ",
	"我负责过订单系统的数据库迁移，没有停机。",
	"三年間 Node.js と Express.js を使ってきました。",
	"🚀 shipped on time, naïve café bugs fixed 👩🏽‍💻 ",
};
#define NSAMPLES ((int)(sizeof samples / sizeof samples[0]))
/* Candidates type these too; the CSV must not run them. */
static const char *const formulas[] = { "=SUM(A1:A9) ", "+49 30 1234 ", "-- a list: ",
                                        "@team ", };

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void make_id(char out[SESSION_ID_LEN + 1], unsigned long n)
{
	memcpy(out, "01JDX5R7Q8", 10);
	for (int i = SESSION_ID_LEN - 1; i >= 10; i--, n >>= 5)
		out[i] = crockford[n & 31];
	out[SESSION_ID_LEN] = '\0';
}

static void answer_text(char *buf, size_t cap, unsigned long seed)
{
	size_t want = 300 + seed % 400, len = 0;
	int k = (int)(seed % NSAMPLES);

	buf[0] = '\0';
	if (seed % 7 == 0)
		len = (size_t)snprintf(buf, cap, "%s", formulas[seed % 4]);
	while (len < want && len + 200 < cap) {
		len += (size_t)snprintf(buf + len, cap - len, "%s", samples[k]);
		k = (k + 3) % NSAMPLES;
	}
}

static void fill(session_record *s, unsigned long n)
{
	static const session_status cycle[] = { SESSION_COMPLETED, SESSION_COMPLETED,
		SESSION_COMPLETED, SESSION_ABANDONED, SESSION_INTERRUPTED };
	static const char *const langs[] = { "en", "es", "fr", "de", "pt_BR", "ar",
	                                     "hi", "zh_CN", "ja" };
	int64_t start = INT64_C(1795946400000) + (int64_t)n * 600000;
	char text[2048];

	session_init(s);
	make_id(s->id, n);
	s->revision = 1 + (int64_t)(n % 40);
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "berlin-01");
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->question_count = 8;
	for (int i = 0; i < 8; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "q%02d", i * 3 + 1);
	snprintf(s->pack_id, sizeof s->pack_id, "backend-developer");
	snprintf(s->pack_version, sizeof s->pack_version, "1.1.0");
	snprintf(s->pack_hash, sizeof s->pack_hash, "sha256:%064d", 2);
	snprintf(s->language, sizeof s->language, "%s", langs[n % 9]);
	snprintf(s->consent_version, sizeof s->consent_version, "2");
	s->consent_at = start + 6000;
	snprintf(text, sizeof text, "Candidate %lu Müller-O'Brien", n);
	session_set_string(&s->name, text);
	s->contact_count = 2;
	snprintf(s->contacts[0].key, SESSION_SHORT, "email");
	snprintf(text, sizeof text, "candidate%lu@example.org", n);
	session_set_string(&s->contacts[0].value, text);
	snprintf(s->contacts[1].key, SESSION_SHORT, "phone");
	session_set_string(&s->contacts[1].value, "+49 30 1234567");
	s->status = cycle[n % 5];
	s->started_at = start;
	s->ended_at = s->status == SESSION_INTERRUPTED ? 0 : start + 1400000;
	s->answer_count = s->status == SESSION_COMPLETED ? 8 : (int)(n % 8);
	for (int i = 0; i < s->answer_count; i++) {
		answer_record *a = &s->answers[i];
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, i % 2 ? "experience" : "general");
		snprintf(text, sizeof text, "Question %d: tell us about a project you are proud of.",
		         i + 1);
		session_set_string(&a->question_text, text);
		answer_text(text, sizeof text, n * 8 + (unsigned long)i);
		session_set_string(&a->answer, text);
		a->shown_at = start + 60000 + i * 150000;
		a->first_input_ms = 4000 + i;
		a->submitted_ms = 140000 + i;
		a->total_ms = 145000 + i;
		a->active_ms = 90000 + i;
		a->keystrokes = 700 + i;
		a->deletions = 40 + i;
		a->characters = (int)strlen(text) / 2;
		a->words = (int)strlen(text) / 12;
		a->submitted = true;
	}
}

int main(int argc, char **argv)
{
	char err[1024];
	struct timespec t0, t1;
	session_record s;
	long count;
	store *st;

	if (argc != 3 || (count = strtol(argv[2], NULL, 10)) < 0) {
		fprintf(stderr, "usage: gen_sessions DATA_DIR COUNT\n");
		return 2;
	}
	if ((st = store_open(argv[1], err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long n = 0; n < count; n++) {
		fill(&s, (unsigned long)n);
		if (store_put(st, &s) != 0) {
			fprintf(stderr, "%s\n", store_error(st));
			session_clear(&s);
			store_close(st);
			return 1;
		}
		session_clear(&s);
	}
	store_scrub(st);
	store_close(st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "gen_sessions: %ld sessions in %s in %.1f s\n", count, argv[1],
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
