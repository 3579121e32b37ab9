/* pack.json as pack_load reads it: the input is the file of a pack folder. */
#include <stdlib.h>

#include "diag.h"
#include "harness.h"
#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	pack p;

	harness_write("pack/pack.json", data, size);
	if (pack_load(harness_path("pack"), &p, &d) == 0) {
		for (int i = 0; i < p.question_count; i++)
			if (pack_find(&p, p.questions[i].id) == NULL)
				abort();
		pack_free(&p);
	}
	diag_free(&d);
	return 0;
}
