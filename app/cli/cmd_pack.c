#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "pack.h"
#include "packpot.h"

static int pack_pot(const char *dir)
{
	pack p;
	diag_list d = { 0 };
	int rc = pack_load(dir, &p, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0)
		return 1;
	rc = packpot_write(&p, stdout);
	pack_free(&p);
	if (rc != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "prescreen pack pot: cannot write the template\n");
		return 1;
	}
	return 0;
}

int cmd_pack(int argc, char **argv)
{
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		usage_print("pack", 0);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "pot") == 0)
		return pack_pot(argv[1]);
	usage_print("pack", 1);
	return 2;
}
