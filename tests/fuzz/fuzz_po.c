/*
 * A pack's catalog as a reviewer reads it (pack_text_open, libgettextpo):
 * the input is po/de.po next to a small good pack.json (po-pack.json: four
 * of the bundled pack's questions and one sample; loading the whole pack
 * would take most of each run).
 */
#include <stdlib.h>

#include "diag.h"
#include "harness.h"
#include "pack_text.h"

/*
 * libgettextpo is built without frame pointers: only the slow unwinder sees
 * past it, and only then can its own leaks be told from ours: gettext 0.21's
 * PO reader never frees the file name lex_start copies nor the strings its
 * grammar collects (under catalog_reader_parse, and nothing of ours is).
 */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:libgettextpo_catalog_reader_parse\n";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_copy(FUZZ_SOURCE_DIR "/tests/fuzz/po-pack.json", "pack/pack.json");
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
