/*
 * gen_bundles — writes N export bundles holding M made-up sessions in all
 * (default 10 and 10,000) with the real export code, each carrying the
 * bundled pack, for the review and report benchmarks (tests/perf/review.sh).
 * Every session answers 7 questions of the bundled pack, a few hundred
 * characters each in its own language's script (one in 40 left empty, as a
 * skipped answer); statuses are mixed; each bundle is another kiosk.
 * Deterministic: the same arguments give the same sessions. With
 * GEN_SEAL=FILE (a prescreen.pub), every session is sealed for that key as a
 * sealed kiosk's export writes it (sessions/<id>.json.sealed).
 *
 * Usage: gen_bundles OUT_DIR [BUNDLES [SESSIONS]]
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "export.h"
#include "pack.h"
#include "paths.h"
#include "seal.h"
#include "session.h"

#define QUESTIONS 7

static const char *const langs[] = { "en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN",
                                     "ja" };
/* Per language, phrases a candidate might write, joined to a few hundred characters. */
static const char *const phrases[9][3] = {
	{ "I designed the REST API for our order service and kept it backwards compatible. ",
	  "We moved the nightly batch to a queue and the failures became visible at once. ",
	  "When the database was the bottleneck I added an index and measured again. " },
	{ "Usé PostgreSQL con réplicas de lectura y migraciones sin tiempo de inactividad. ",
	  "Diseñé la API pensando en los clientes móviles y en la paginación. ",
	  "Cuando algo falla, primero miro los registros y las métricas. " },
	{ "J'ai réduit la latence de 40 % en ajoutant un cache devant la base de données. ",
	  "Nous avons écrit des tests d'intégration pour chaque point d'accès. ",
	  "Je préfère une revue de code courte et fréquente à une longue. " },
	{ "Wir haben die Dienste in Go neu geschrieben und die Kosten halbiert. ",
	  "Für die Datenbank habe ich Migrationen ohne Ausfallzeit eingeführt. ",
	  "Bei Störungen schreibe ich danach eine kurze Analyse für das Team. " },
	{ "Trabalhei com filas no RabbitMQ e monitoramento com Prometheus. ",
	  "Criei testes automatizados para a API de pagamentos. ",
	  "Quando há um problema em produção, eu comunico o time primeiro. " },
	{ "أستخدم REST API مع قاعدة بيانات PostgreSQL منذ خمس سنوات. ",
	  "صممت خدمة الطلبات وكتبت لها اختبارات تكامل. ",
	  "عندما يتعطل النظام أبدأ بقراءة السجلات والمقاييس. " },
	{ "मैंने Django में भुगतान सेवा बनाई और उसके परीक्षण लिखे। ",
	  "डेटाबेस धीमा होने पर मैंने इंडेक्स जोड़ा और फिर से मापा। ",
	  "टीम के साथ कोड समीक्षा नियमित रूप से करता हूँ। " },
	{ "我负责过订单系统的数据库迁移，没有停机。",
	  "我们用消息队列把夜间任务拆开，失败一目了然。",
	  "遇到线上问题时，我先看日志和监控指标。" },
	{ "三年間 Node.js と Express.js を使ってきました。",
	  "データベースが遅いときは索引を追加して、もう一度測定しました。",
	  "障害のあとはチームに短い報告を書きます。" },
};

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void make_id(char out[SESSION_ID_LEN + 1], unsigned long n)
{
	memcpy(out, "01JDX5R7Q8", 10);
	for (int i = SESSION_ID_LEN - 1; i >= 10; i--, n >>= 5)
		out[i] = crockford[n & 31];
	out[SESSION_ID_LEN] = '\0';
}

static void answer_text(char *buf, size_t cap, int lang, unsigned long seed)
{
	size_t want = 250 + seed % 450, len = 0;
	int k = (int)(seed % 3);

	buf[0] = '\0';
	while (len < want && len + 200 < cap) {
		len += (size_t)snprintf(buf + len, cap - len, "%s", phrases[lang][k]);
		k = (k + 1) % 3;
	}
}

static void fill(session_record *s, const pack *p, const char *kiosk, unsigned long n)
{
	static const session_status cycle[] = { SESSION_COMPLETED, SESSION_COMPLETED,
		SESSION_COMPLETED, SESSION_COMPLETED, SESSION_ABANDONED, SESSION_INTERRUPTED };
	static const int picks[QUESTIONS] = { 0, 4, 6, 11, 15, 20, 21 };
	int64_t start = INT64_C(1795946400000) + (int64_t)n * 60000;
	int lang = (int)(n % 9);
	char text[2048];

	session_init(s);
	make_id(s->id, n);
	s->revision = 20 + (int64_t)(n % 17);
	snprintf(s->kiosk_id, sizeof s->kiosk_id, "%s", kiosk);
	snprintf(s->event_id, sizeof s->event_id, "2026-11-29-berlin");
	snprintf(s->event_hash, sizeof s->event_hash, "sha256:%064d", 1);
	s->threshold = 60;
	s->question_count = QUESTIONS;
	for (int i = 0; i < QUESTIONS; i++)
		snprintf(s->question_ids[i], SESSION_SHORT, "%s",
		         p->questions[picks[i] % p->question_count].id);
	snprintf(s->pack_id, sizeof s->pack_id, "%s", p->id);
	snprintf(s->pack_version, sizeof s->pack_version, "%s", p->version);
	snprintf(s->pack_hash, sizeof s->pack_hash, "%s", p->hash);
	snprintf(s->language, sizeof s->language, "%s", langs[lang]);
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
	s->status = cycle[n % 6];
	s->started_at = start;
	s->ended_at = s->status == SESSION_INTERRUPTED ? 0 : start + 1400000;
	s->answer_count = QUESTIONS;
	for (int i = 0; i < QUESTIONS; i++) {
		answer_record *a = &s->answers[i];
		const pack_question *q = pack_find(p, s->question_ids[i]);
		unsigned long seed = n * QUESTIONS + (unsigned long)i;
		bool empty = seed % 40 == 0;
		snprintf(a->question_id, SESSION_SHORT, "%s", s->question_ids[i]);
		snprintf(a->type, SESSION_SHORT, "%s", pack_type_name(q ? q->type : QTYPE_GENERAL));
		session_set_string(&a->question_text, q ? q->text : "?");
		if (empty)
			text[0] = '\0';
		else
			answer_text(text, sizeof text, lang, seed);
		session_set_string(&a->answer, text);
		a->shown_at = start + 60000 + i * 150000;
		a->first_input_ms = empty ? -1 : 3000 + (int64_t)(seed % 9000);
		a->submitted_ms = 60000 + (int64_t)(seed % 120000);
		a->total_ms = a->submitted_ms + 500;
		a->active_ms = empty ? 0 : a->submitted_ms / 2;
		a->keystrokes = empty ? 0 : (int)strlen(text) + (int)(seed % 80);
		a->deletions = empty ? 0 : (int)(seed % 60);
		a->characters = (int)strlen(text) / 2;
		a->words = (int)strlen(text) / 9;
		a->timed_out = seed % 23 == 0;
		a->skipped = empty;
		a->submitted = true;
	}
}

/* GEN_SEAL's key into pk: 1 when set, 0 when not, -1 when not a key. */
static int seal_key(unsigned char pk[SEAL_KEY_BYTES])
{
	const char *path = getenv("GEN_SEAL");
	char line[128] = "";
	FILE *f;

	if (path == NULL || path[0] == '\0')
		return 0;
	if ((f = fopen(path, "r")) == NULL || fgets(line, sizeof line, f) == NULL) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return seal_public_parse(line, pk) == 0 ? 1 : -1;
}

/* The session as a sealed kiosk stores it: its export JSON in a box. */
static int seal_session(session_record *s, const unsigned char pk[SEAL_KEY_BYTES])
{
	char *json = export_session_json(s);

	if (json == NULL)
		return -1;
	s->sealed = seal_box(pk, json, strlen(json), &s->sealed_len);
	memcpy(s->sealed_key, pk, SEAL_KEY_BYTES);
	seal_free(json, strlen(json));
	return s->sealed ? 0 : -1;
}

int main(int argc, char **argv)
{
	long nbundles = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
	long total = argc > 3 ? strtol(argv[3], NULL, 10) : 10000;
	char pack_dir[PATH_MAX], err[1024], path[PATH_MAX], kiosk[32];
	struct timespec t0, t1;
	diag_list d = { 0 };
	session_record s;
	pack p;
	unsigned char pk[SEAL_KEY_BYTES];
	int sealed = seal_key(pk);

	if (sealed < 0) {
		fprintf(stderr, "gen_bundles: GEN_SEAL=%s is not a public key file\n",
		        getenv("GEN_SEAL"));
		return 2;
	}
	if (argc < 2 || argc > 4 || nbundles < 1 || total < 0) {
		fprintf(stderr, "usage: gen_bundles OUT_DIR [BUNDLES [SESSIONS]]\n");
		return 2;
	}
	snprintf(pack_dir, sizeof pack_dir, "%s/questions/backend-developer", paths_share_dir());
	if (pack_load(pack_dir, &p, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return 1;
	}
	mkdir(argv[1], 0700);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long b = 0; b < nbundles; b++) {
		long from = total * b / nbundles, to = total * (b + 1) / nbundles;
		snprintf(kiosk, sizeof kiosk, "kiosk-%02ld", b + 1);
		/* No kiosk data directory: the export finds the pack in the share folder. */
		export_writer *w = export_begin(argv[1], kiosk, INT64_C(1796000000000) + b * 1000,
		                                NULL, err, sizeof err);
		int rc = w ? 0 : -1;
		for (long n = from; rc == 0 && n < to; n++) {
			fill(&s, &p, kiosk, (unsigned long)n);
			rc = sealed ? seal_session(&s, pk) : 0;
			if (rc == 0)
				rc = export_add(w, &s);
			session_clear(&s);
		}
		if (rc == 0)
			rc = export_add_packs(w, "/nonexistent", paths_share_dir(), &d);
		if (rc == 0 && d.count > 0) {
			diag_print(&d, stderr);
			rc = -1;
		}
		if (rc == 0) {
			rc = export_finish(w, path, sizeof path);
			if (rc == 0)
				printf("%s\n", path);
		} else {
			export_abort(w);
		}
		if (rc != 0) {
			fprintf(stderr, "gen_bundles: %s\n", err);
			diag_free(&d);
			pack_free(&p);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "gen_bundles: %ld sessions in %ld bundles in %s in %.1f s\n", total,
	        nbundles, argv[1],
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	diag_free(&d);
	pack_free(&p);
	return 0;
}
