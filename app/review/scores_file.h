/*
 * scores_file.h — a reviewer's scores as a file (SPEC §9, schema
 * prescreen.scores.v1 in schema/), written by `review --export-scores` and
 * combined by `report`. The file names the events (id, hash) and packs
 * (hash) its scores were given under, so that a report can refuse scores
 * from a different event or pack.
 */
#ifndef PRESCREEN_SCORES_FILE_H
#define PRESCREEN_SCORES_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "session.h"

#define SCORES_SCHEMA "prescreen.scores.v1"

typedef struct {
	char session_id[SESSION_ID_LEN + 1];
	char question_id[SESSION_SHORT];
	int score;              /* 1..5 */
	bool automatic;         /* given by the review for an empty answer, not by the reviewer */
	char *note;             /* NULL or UTF-8 */
	int64_t scored_at;      /* wall ms */
} score_entry;

typedef struct {
	char id[SESSION_SHORT];
	char hash[SESSION_HASH];        /* the event hash of its sessions */
	char pack_hash[SESSION_HASH];
} scores_event;

typedef struct {
	char reviewer[SESSION_SHORT];
	int64_t exported_at;
	int nevents;
	scores_event *events;
	int count;
	score_entry *entries;
} scores_file;

/* Written to a temporary name, fsynced, renamed: never half a file. 0 or -1 with err. */
int scores_file_write(const char *path, const scores_file *f, char *err, size_t errlen);
/* Every problem is "path:line: message" in d. 0, or -1 (out is then empty). */
int scores_file_read(const char *path, scores_file *out, diag_list *d);
/* Wipes notes before freeing them. */
void scores_file_free(scores_file *f);

#endif
