/*
 * A pack's catalog as a reviewer reads it (pack_text_open, libgettextpo):
 * the input is po/de.po next to a small good pack.json (fixture/pack/: four
 * of the bundled pack's questions and one sample; loading the whole pack
 * would take most of each run).
 */
#include <stdlib.h>

#include "diag.h"
#include "harness.h"
#include "pack_text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_copy(FUZZ_SOURCE_DIR "/tests/fuzz/fixture/pack/pack.json", "pack/pack.json");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ctx[] = { "pack|title", "pack|role", "q01|text",
		"q01|anchor_1", "q07|look_for", "cal02|answer", "cal02|why", "nope|text" };
	diag_list d = { 0 };
	bool fell_back;
	pack_text *t;

	harness_write("pack/po/de.po", data, size);
	if ((t = pack_text_open(harness_path("pack"), "de", &fell_back, &d)) == NULL)
		abort();   /* pack.json is fixed and good */
	for (size_t i = 0; i < sizeof ctx / sizeof ctx[0]; i++)
		(void)pack_text_get(t, ctx[i]);
	(void)pack_text_lang(t);
	pack_text_free(t);
	diag_free(&d);
	return 0;
}
