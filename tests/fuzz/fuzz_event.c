/* An event file as event_load reads it, against the bundled pack. */
#include <stdlib.h>

#include "diag.h"
#include "event.h"
#include "harness.h"
#include "lang.h"
#include "pack.h"

static pack bundled;

static void bundled_free(void)
{
	pack_free(&bundled);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	diag_list d = { 0 };

	(void)argc;
	(void)argv;
	if (pack_load(FUZZ_SOURCE_DIR "/questions/backend-developer", &bundled, &d) != 0) {
		diag_print(&d, stderr);
		abort();
	}
	diag_free(&d);
	atexit(bundled_free);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	event_config ev;
	event_mix mix;

	harness_write("event.json", data, size);
	if (event_load(harness_path("event.json"), &bundled, &ev, &d) == 0) {
		event_mix_count(&ev, &bundled, &mix);
		for (int i = 0; i < ev.language_count; i++)
			(void)event_title(&ev, ev.languages[i]);
	}
	diag_free(&d);
	return 0;
}
