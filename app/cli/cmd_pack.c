#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "lang.h"
#include "pack.h"
#include "pack_check.h"
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

/* Every problem of DIR to stderr; one summary line to stdout when it passes. */
static int pack_check_cmd(const char *dir)
{
	diag_list d = { 0 };
	int errors = pack_check(dir, &d), warnings = d.count - d.errors;
	pack p;
	diag_list again = { 0 };

	diag_print(&d, stderr);
	diag_free(&d);
	if (errors > 0)
		return 1;
	if (pack_load(dir, &p, &again) != 0) {
		diag_print(&again, stderr);
		diag_free(&again);
		return 1;
	}
	printf("%s: pack %s %s, %d questions, %d languages: ok", dir, p.id, p.version,
	       p.question_count, LANG_COUNT);
	if (warnings > 0)
		printf(" (%d warning%s)", warnings, warnings == 1 ? "" : "s");
	printf("\n");
	diag_free(&again);
	pack_free(&p);
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
	if (argc == 2 && strcmp(argv[0], "check") == 0)
		return pack_check_cmd(argv[1]);
	usage_print("pack", 1);
	return 2;
}
