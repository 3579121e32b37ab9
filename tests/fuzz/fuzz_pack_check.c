/*
 * `prescreen pack check` (pack_check) on a folder of fixture/pack/: the
 * first byte chooses what the rest of the input replaces, pack.json (even)
 * or po/de.po (odd); the other files stay the fixture's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "harness.h"
#include "pack_check.h"

static const char *const langs[] = { "en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN",
                                     "ja" };

/* fixture/pack/rel, copied to check/rel. */
static void fixture(const char *rel)
{
	char from[512], to[512];

	snprintf(from, sizeof from, "%s/tests/fuzz/fixture/pack/%s", FUZZ_SOURCE_DIR, rel);
	snprintf(to, sizeof to, "check/%s", rel);
	harness_copy(from, to);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char rel[64];

	(void)argc;
	(void)argv;
	fixture("pack.json");
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		snprintf(rel, sizeof rel, "po/%s.po", langs[i]);
		fixture(rel);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	bool po;

	if (size == 0)
		return 0;
	po = data[0] & 1;
	harness_write(po ? "check/po/de.po" : "check/pack.json", data + 1, size - 1);
	(void)pack_check(harness_path("check"), &d);
	diag_free(&d);
	fixture(po ? "po/de.po" : "pack.json");
	return 0;
}
