#include "export_hash.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* Enough to keep the writer going, small beside the 40 MB budget. */
#define QUEUE_LIMIT (8u << 20)

typedef struct job {
	struct job *next;
	int index;
	size_t len;
	char data[];
} job;

struct export_hasher {
	pthread_t thread;
	bool threaded;
	pthread_mutex_t mu;
	pthread_cond_t work, room;
	job *head, *tail;
	size_t queued;
	bool closing, stop, failed;
	crypto_hash_sha256_state csv;
	char csv_hex[HASH_HEX_LEN + 1];
	char (*hex)[HASH_HEX_LEN + 1];
	int cap;
};

static void wipe_free(job *j)
{
	explicit_bzero(j->data, j->len);
	free(j);
}

/* Owned by the thread doing the hashing (the worker, or the caller without one). */
static void hash_job(export_hasher *h, job *j)
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	if (j->index == EXPORT_HASH_CSV) {
		crypto_hash_sha256_update(&h->csv, (const unsigned char *)j->data, j->len);
		return;
	}
	if (j->index >= h->cap) {
		int cap = h->cap ? 2 * h->cap : 1024;
		void *grown;
		while (cap <= j->index)
			cap *= 2;
		if ((grown = realloc(h->hex, (size_t)cap * sizeof *h->hex)) == NULL) {
			h->failed = true;
			return;
		}
		h->hex = grown;
		h->cap = cap;
	}
	crypto_hash_sha256(digest, (const unsigned char *)j->data, j->len);
	sodium_bin2hex(h->hex[j->index], HASH_HEX_LEN + 1, digest, sizeof digest);
}

static void *worker(void *arg)
{
	export_hasher *h = arg;
	job *j;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->head == NULL && !h->closing && !h->stop)
			pthread_cond_wait(&h->work, &h->mu);
		if (h->stop || h->head == NULL)
			break;
		j = h->head;
		if ((h->head = j->next) == NULL)
			h->tail = NULL;
		pthread_mutex_unlock(&h->mu);
		hash_job(h, j);
		pthread_mutex_lock(&h->mu);
		h->queued -= j->len;
		pthread_cond_signal(&h->room);
		wipe_free(j);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

export_hasher *export_hasher_start(void)
{
	export_hasher *h = calloc(1, sizeof *h);

	if (h == NULL || sodium_init() < 0) {
		free(h);
		return NULL;
	}
	crypto_hash_sha256_init(&h->csv);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->work, NULL);
	pthread_cond_init(&h->room, NULL);
	h->threaded = pthread_create(&h->thread, NULL, worker, h) == 0;
	return h;
}

int export_hasher_add(export_hasher *h, int index, const char *data, size_t len)
{
	job *j = malloc(sizeof *j + len);

	if (j == NULL)
		return -1;
	*j = (job){ .index = index, .len = len };
	memcpy(j->data, data, len);
	if (!h->threaded) {
		hash_job(h, j);
		wipe_free(j);
		return h->failed ? -1 : 0;
	}
	pthread_mutex_lock(&h->mu);
	while (h->queued > QUEUE_LIMIT)
		pthread_cond_wait(&h->room, &h->mu);
	if (h->tail != NULL)
		h->tail->next = j;
	else
		h->head = j;
	h->tail = j;
	h->queued += len;
	pthread_cond_signal(&h->work);
	pthread_mutex_unlock(&h->mu);
	return 0;
}

int export_hasher_wait(export_hasher *h)
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	if (h->threaded) {
		pthread_mutex_lock(&h->mu);
		h->closing = true;
		pthread_cond_signal(&h->work);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->thread, NULL);
		h->threaded = false;
	}
	crypto_hash_sha256_final(&h->csv, digest);
	sodium_bin2hex(h->csv_hex, sizeof h->csv_hex, digest, sizeof digest);
	return h->failed ? -1 : 0;
}

const char *export_hasher_hex(const export_hasher *h, int index)
{
	if (index == EXPORT_HASH_CSV)
		return h->csv_hex;
	return index >= 0 && index < h->cap ? h->hex[index] : "";
}

void export_hasher_free(export_hasher *h)
{
	job *j;

	if (h == NULL)
		return;
	if (h->threaded) {
		pthread_mutex_lock(&h->mu);
		h->stop = true;
		pthread_cond_signal(&h->work);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->thread, NULL);
	}
	while ((j = h->head) != NULL) {
		h->head = j->next;
		wipe_free(j);
	}
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->work);
	pthread_cond_destroy(&h->room);
	free(h->hex);
	free(h);
}
