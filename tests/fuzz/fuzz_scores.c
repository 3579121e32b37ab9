/*
 * A reviewer's scores file, read three ways: scores_file_read (the file as
 * `report` reads it: the fast reader, jansson where it doubts),
 * scores_file_fast and scores_file_tree (jansson alone) from memory. The
 * whole reader must accept exactly what jansson's accepts; where both
 * readers accept, every value must be the same. Aborts on any disagreement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "scores_file.h"
#include "scores_file_internal.h"

static int same(const scores_file *a, const scores_file *b)
{
	if (strcmp(a->reviewer, b->reviewer) != 0 || a->exported_at != b->exported_at ||
	    a->nevents != b->nevents || a->count != b->count)
		return 0;
	for (int i = 0; i < a->nevents; i++)
		if (strcmp(a->events[i].id, b->events[i].id) != 0 ||
		    strcmp(a->events[i].hash, b->events[i].hash) != 0 ||
		    strcmp(a->events[i].pack_hash, b->events[i].pack_hash) != 0)
			return 0;
	for (int i = 0; i < a->count; i++) {
		const score_entry *x = &a->entries[i], *y = &b->entries[i];
		if (strcmp(x->session_id, y->session_id) != 0 ||
		    strcmp(x->question_id, y->question_id) != 0 || x->score != y->score ||
		    x->automatic != y->automatic || x->scored_at != y->scored_at ||
		    (x->note == NULL) != (y->note == NULL) ||
		    (x->note != NULL && strcmp(x->note, y->note) != 0))
			return 0;
	}
	return 1;
}

static void disagree(const char *what, const diag_list *d)
{
	fprintf(stderr, "scores readers disagree: %s\n", what);
	diag_print(d, stderr);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	scores_file read, fast, tree;
	int rc_read, rc_fast, rc_tree;

	harness_write("scores.json", data, size);
	rc_read = scores_file_read(harness_path("scores.json"), &read, &d);
	rc_fast = scores_file_fast((const char *)data, size, &fast);
	rc_tree = scores_file_tree("scores.json", (const char *)data, size, &tree, &d);
	if (rc_read != rc_tree)
		disagree(rc_read == 0 ? "scores_file_read accepts what jansson's reader refuses"
		         : "scores_file_read refuses what jansson's reader accepts", &d);
	if (rc_read == 0 && !same(&read, &tree))
		disagree("scores_file_read and jansson's reader give different values", &d);
	if (rc_fast == 0 && rc_tree == 0 && !same(&fast, &tree))
		disagree("the fast reader and jansson's give different values", &d);
	scores_file_free(&read);
	scores_file_free(&fast);
	scores_file_free(&tree);
	diag_free(&d);
	return 0;
}
