/* The headless script (SPEC §13) as script_parse reads it, from memory. */
#include "diag.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	script s;

	if (script_parse("fuzz.script", (const char *)data, size, &s, &d) == 0)
		script_free(&s);
	diag_free(&d);
	return 0;
}
