/*
 * A bundle's session file as the reviewer reads it (bundle_parse_session:
 * the fast reader, jansson where it doubts, then every field checked). What
 * it accepts must export again (export_session_json) to bytes that parse to
 * the same bytes: bundle.h promises parse and export are inverses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "diag.h"
#include "export.h"
#include "session.h"

static void wiped_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	session_record s, again;
	char *first, *second;

	if (bundle_parse_session((const char *)data, size, "fuzz.json", &s, &d) != 0) {
		diag_free(&d);
		return 0;
	}
	if ((first = export_session_json(&s)) == NULL)
		abort();
	if (bundle_parse_session(first, strlen(first), "export.json", &again, &d) != 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "the export of an accepted session does not parse:\n%s\n", first);
		abort();
	}
	if ((second = export_session_json(&again)) == NULL)
		abort();
	if (strcmp(first, second) != 0) {
		fprintf(stderr, "export, parse, export changed the bytes:\n%s\n---\n%s\n",
		        first, second);
		abort();
	}
	wiped_free(first);
	wiped_free(second);
	session_clear(&s);
	session_clear(&again);
	diag_free(&d);
	return 0;
}
