/*
 * scores_file_internal.h — private to scores_file*.c: the checks both
 * readers share, and the fast reader of well-formed files.
 */
#ifndef PRESCREEN_SCORES_FILE_INTERNAL_H
#define PRESCREEN_SCORES_FILE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "scores_file.h"

bool scores_is_ulid(const char *s);
bool scores_is_hash(const char *s);

/*
 * Reads a file that is exactly right (every key once, every value valid)
 * without building a tree: 0 with out filled as scores_file_read would fill
 * it (duplicates not yet checked). -1 at the first doubt, out empty: the
 * jansson reader then reads it and says what is wrong.
 */
int scores_file_fast(const char *data, size_t len, scores_file *out);
/*
 * The jansson reader alone, from memory: every problem as "file:line: ..."
 * in d. scores_file_read uses it for what the fast reader doubts; the
 * fuzzer checks that both readers agree.
 */
int scores_file_tree(const char *file, const char *data, size_t len, scores_file *out,
                     diag_list *d);

#endif
