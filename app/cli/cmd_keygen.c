/*
 * cmd_keygen.c — `prescreen keygen --out DIR`: the reviewing team's key pair
 * (SPEC §14). DIR/prescreen.key stays with the reviewers (it opens every
 * sealed session); the line of DIR/prescreen.pub goes into the event file as
 * "public_key". An existing pair is never replaced.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "seal.h"

int cmd_keygen(int argc, char **argv)
{
	const char *out = NULL;
	char err[1024] = "", b64[SEAL_B64_LEN], id[SEAL_KEY_ID_LEN];
	seal_keypair kp;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage_print("keygen", 0);
			return 0;
		}
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc && out == NULL) {
			out = argv[++i];
			continue;
		}
		fprintf(stderr, "prescreen keygen: unexpected argument '%s'\n", argv[i]);
		usage_print("keygen", 1);
		return 2;
	}
	if (out == NULL || out[0] == '\0') {
		usage_print("keygen", 1);
		return 2;
	}
	if (seal_keygen(&kp) != 0) {
		fprintf(stderr, "prescreen keygen: libsodium failed to start\n");
		return 1;
	}
	if (seal_keys_write(out, &kp, err, sizeof err) != 0) {
		seal_keypair_wipe(&kp);
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	seal_public_format(kp.pk, b64);
	seal_key_id(kp.pk, id);
	seal_keypair_wipe(&kp);
	printf("%s\n", b64);
	fprintf(stderr,
	        "Wrote %s/" SEAL_PUB_FILE " and %s/" SEAL_KEY_FILE " (key %s).\n"
	        "Seal an event for it with this line in the event file:\n"
	        "  \"public_key\": \"%s\"\n"
	        "Keep %s/" SEAL_KEY_FILE " with the reviewers only (prescreen review --key,\n"
	        "prescreen report --key): without it no sealed session can be read.\n",
	        out, out, id, b64, out);
	return 0;
}
