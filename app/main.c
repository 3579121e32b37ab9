/*
 * prescreen — a pre-screening interview kiosk. One binary, subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_print(NULL, 1);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("prescreen %s\n", PRESCREEN_VERSION);
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return usage_print(NULL, 0), 0;
	if (strcmp(cmd, "kiosk") == 0)
		return cmd_kiosk(argc - 2, argv + 2);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc - 2, argv + 2);
	if (strcmp(cmd, "pack") == 0)
		return cmd_pack(argc - 2, argv + 2);
	if (strcmp(cmd, "review") == 0)
		return cmd_review(argc - 2, argv + 2);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 2, argv + 2);
	if (strcmp(cmd, "event") == 0)
		return cmd_event(argc - 2, argv + 2);
	if (strcmp(cmd, "erase") == 0)
		return cmd_erase(argc - 2, argv + 2);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc - 2, argv + 2);
	if (strcmp(cmd, "keygen") == 0)
		return cmd_keygen(argc - 2, argv + 2);
	if (strcmp(cmd, "help") == 0)
		return cmd_help(argc - 2, argv + 2);
	fprintf(stderr, "prescreen: unknown command '%s'\n", cmd);
	usage_print(NULL, 1);
	return 2;
}
