/*
 * bundle_each.c — the sessions of a bundle handed over one by one, in id
 * order. Reading, hashing and above all parsing (jansson: about 200 µs per
 * session) run on worker threads a few sessions ahead, in a ring of slots;
 * the caller's function runs on the calling thread, in order, and whatever
 * went wrong with a file is said in that same order. At most RING sessions
 * are in memory, each wiped once handed over. A sealed file is checked
 * against the manifest as it is, opened with the bundle's key on the worker
 * (X25519 costs as much as the parse), and its plaintext parsed and wiped.
 */
#include "bundle.h"
#include "bundle_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "seal.h"

#define RING 16
#define WORKERS 4

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

typedef struct {
	int state;
	size_t index;                   /* into the session keys */
	bundle_fbuf text;
	char *plain;                    /* a sealed file opened */
	size_t plain_len;
	session_record s;
	bool parsed;
	char hash[SESSION_HASH];
	diag_list d;                    /* this file's problems */
} slot;

typedef struct {
	bundle_manifest *m;
	const bundle_key *key;
	const char **keys;              /* sessions only, sorted */
	size_t n;
	size_t next;                    /* the next key a worker takes */
	size_t done;                    /* keys handed to fn (and freed) */
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t room, ready;
	slot ring[RING];
} walk;

/* The JSON a slot's session is parsed from: the file, or its box opened. */
static const char *slot_json(const slot *sl, size_t *len)
{
	*len = sl->plain ? sl->plain_len : sl->text.len;
	return sl->plain ? sl->plain : sl->text.data;
}

/* Everything one file needs before fn can see it. */
static void prepare(walk *w, slot *sl)
{
	const char *rel = w->keys[sl->index];
	const char *want = json_string_value(json_object_get(w->m->files, rel));
	bool sealed = bundle_is_sealed_path(rel);
	size_t idlen = strlen(rel) - 9 - (sealed ? 12 : 5), len;
	char file[PATH_MAX + 64];
	const char *json;

	sl->parsed = false;
	snprintf(file, sizeof file, "%s/%s", w->m->dir, rel);
	if (bundle_fbuf_read(&sl->text, w->m->dir_fd, rel, BUNDLE_FILE_MAX) != 0) {
		diag_error(&sl->d, file, 0, "%s", strerror(errno));
		return;
	}
	memcpy(sl->hash, "sha256:", 7);
	bundle_sha256_hex(sl->text.data, sl->text.len, sl->hash + 7);
	if (want == NULL || strcmp(sl->hash, want) != 0) {
		diag_error(&sl->d, file, 0, "altered: its SHA-256 differs from the manifest");
		return;
	}
	if (sealed) {
		/* bundle_each checked the key is one of the bundle's. */
		sl->plain = seal_open(&w->key->kp, sl->text.data, sl->text.len, &sl->plain_len);
		bundle_fbuf_wipe(&sl->text);
		if (sl->plain == NULL) {
			diag_error(&sl->d, file, 0, "cannot be opened with this key (damaged, or "
			           "sealed for another key)");
			return;
		}
		memcpy(sl->hash, "sha256:", 7);
		bundle_sha256_hex(sl->plain, sl->plain_len, sl->hash + 7);
	}
	json = slot_json(sl, &len);
	if (bundle_parse_session(json, len, file, &sl->s, &sl->d) != 0)
		return;
	if (strlen(sl->s.id) != idlen || strncmp(sl->s.id, rel + 9, idlen) != 0) {
		diag_error(&sl->d, file, 0, "holds session %s, not the one its name says",
		           sl->s.id);
		session_clear(&sl->s);
		return;
	}
	sl->parsed = true;
}

static void *worker(void *arg)
{
	walk *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		/* The slot of key i is free once key i - RING was handed over. */
		while (!w->stop && w->next < w->n && w->next >= w->done + RING)
			pthread_cond_wait(&w->room, &w->mu);
		if (w->stop || w->next >= w->n)
			break;
		slot *sl = &w->ring[w->next % RING];
		sl->index = w->next++;
		sl->state = SLOT_BUSY;
		pthread_mutex_unlock(&w->mu);
		prepare(w, sl);
		pthread_mutex_lock(&w->mu);
		sl->state = SLOT_READY;
		pthread_cond_broadcast(&w->ready);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void slot_clear(slot *sl)
{
	session_clear(&sl->s);
	seal_free(sl->plain, sl->plain_len);
	sl->plain = NULL;
	sl->plain_len = 0;
	bundle_fbuf_wipe(&sl->text);
	diag_free(&sl->d);
	sl->state = SLOT_FREE;
}

static int hand(const slot *sl, const bundle *b, bundle_session_fn fn, void *ctx)
{
	size_t len;
	const char *json = slot_json(sl, &len);

	return fn(ctx, b, &sl->s, json, len, sl->hash);
}

static int hand_over(walk *w, const bundle *b, bundle_session_fn fn, void *ctx,
                     diag_list *d)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < w->n; i++) {
		slot *sl = &w->ring[i % RING];
		pthread_mutex_lock(&w->mu);
		while (!(sl->state == SLOT_READY && sl->index == i))
			pthread_cond_wait(&w->ready, &w->mu);
		pthread_mutex_unlock(&w->mu);
		for (int k = 0; k < sl->d.count; k++)
			diag_error(d, NULL, 0, "%s", sl->d.lines[k]);
		if (sl->parsed && hand(sl, b, fn, ctx) != 0)
			rc = 1;
		slot_clear(sl);
		pthread_mutex_lock(&w->mu);
		w->done = i + 1;
		if (rc != 0)
			w->stop = true;
		pthread_cond_broadcast(&w->room);
		pthread_mutex_unlock(&w->mu);
	}
	return rc;
}

int bundle_each(const bundle *b, bundle_session_fn fn, void *ctx, diag_list *d)
{
	pthread_t threads[WORKERS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char **all;
	size_t count = 0;
	int started = 0, rc;
	bundle_manifest m;
	walk *w;

	/* Said before anything is read, and once, not per session. */
	if (bundle_key_check(b, b->key, d) != 0)
		return -1;
	if (bundle_manifest_open(&m, b->dir, d) != 0)
		return -1;
	/* The list walked must be the one that was verified. */
	if (strcmp(m.hash, b->manifest_hash) != 0) {
		diag_error(d, m.file, 0, "changed since the bundle was opened");
		bundle_manifest_close(&m);
		return -1;
	}
	w = calloc(1, sizeof *w);
	if (w == NULL || (all = bundle_manifest_keys(&m, &count)) == NULL) {
		free(w);
		diag_error(d, m.file, 0, "out of memory");
		bundle_manifest_close(&m);
		return -1;
	}
	for (size_t i = 0; i < count; i++)
		if (bundle_is_session_path(all[i]))
			all[w->n++] = all[i];
	w->m = &m;
	w->key = b->key;
	w->keys = all;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->room, NULL);
	pthread_cond_init(&w->ready, NULL);
	bundle_json_wipes();
	for (long t = 0; t < (cpus > 1 ? cpus : 1) && t < WORKERS; t++)
		if (pthread_create(&threads[started], NULL, worker, w) == 0)
			started++;
	if (started == 0) {
		/* No thread to be had: the same work, here. */
		w->stop = false;
		rc = 0;
		for (size_t i = 0; rc == 0 && i < w->n; i++) {
			slot *sl = &w->ring[0];
			sl->index = i;
			prepare(w, sl);
			for (int k = 0; k < sl->d.count; k++)
				diag_error(d, NULL, 0, "%s", sl->d.lines[k]);
			if (sl->parsed && hand(sl, b, fn, ctx) != 0)
				rc = 1;
			slot_clear(sl);
		}
	} else {
		rc = hand_over(w, b, fn, ctx, d);
	}
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->room);
	pthread_mutex_unlock(&w->mu);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	/* What was read ahead of a stop is wiped unseen. */
	for (int k = 0; k < RING; k++) {
		slot_clear(&w->ring[k]);
		bundle_fbuf_free(&w->ring[k].text);
	}
	pthread_cond_destroy(&w->ready);
	pthread_cond_destroy(&w->room);
	pthread_mutex_destroy(&w->mu);
	free(w);
	free(all);
	bundle_manifest_close(&m);
	return rc;
}
