/*
 * A bundle's manifest.json as the reviewer opens it (bundle_open with
 * verify: schema, "files", kiosk id, the packs it names, then every listed
 * file checked against a folder that holds the manifest and, at pack/, the
 * bundled pack as an export writes it), and the fingerprint that lets a
 * second open skip the hashing.
 */
#include "bundle.h"
#include "diag.h"
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_copy(FUZZ_SOURCE_DIR "/questions/backend-developer/pack.json",
	             "bundle/pack/pack.json");
	harness_copy(FUZZ_SOURCE_DIR "/questions/backend-developer/po/de.po",
	             "bundle/pack/po/de.po");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = { 0 };
	bundle b;
	char stamp[SESSION_HASH];

	harness_write("bundle/manifest.json", data, size);
	/* A sealed manifest that verifies still needs its key. */
	if (bundle_open(harness_path("bundle"), true, &b, &d) == 0)
		(void)bundle_use_key(&b, NULL, &d);
	(void)bundle_fingerprint(harness_path("bundle"), stamp, &d);
	diag_free(&d);
	return 0;
}
