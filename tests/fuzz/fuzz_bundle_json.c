/*
 * The reviewer's hand-written JSON reader (bundle_json_fast) against
 * jansson's json_loadb, which it stands in for: where the fast reader gives
 * a tree, jansson must accept the same bytes and give an equal tree. Where
 * it doubts (NULL), json_loadb reads the bytes instead: nothing to compare.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "bundle_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *fast = bundle_json_fast((const char *)data, size);
	json_t *ref = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);

	if (fast != NULL && ref == NULL) {
		fprintf(stderr, "bundle_json_fast accepted what json_loadb refuses: %d:%d: %s\n",
		        jerr.line, jerr.column, jerr.text);
		abort();
	}
	if (fast != NULL && !json_equal(fast, ref)) {
		char *a = json_dumps(fast, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		char *b = json_dumps(ref, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		fprintf(stderr, "bundle_json_fast and json_loadb differ:\n fast: %s\n json: %s\n",
		        a ? a : "?", b ? b : "?");
		abort();
	}
	json_decref(fast);
	json_decref(ref);
	return 0;
}
