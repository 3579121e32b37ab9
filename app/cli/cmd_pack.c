#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lang.h"
#include "pack.h"
#include "pack_check.h"
#include "pack_install.h"
#include "packpot.h"
#include "paths.h"

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

/* [--data DIR] and at most one other argument, in any order. */
static int data_and_arg(const char *sub, int argc, char **argv, char *data,
                        size_t len, const char **arg)
{
	const char *explicit_dir = NULL;
	*arg = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			explicit_dir = argv[++i];
		else if (argv[i][0] != '-' && !*arg)
			*arg = argv[i];
		else {
			fprintf(stderr, "prescreen pack %s: unexpected '%s'\n", sub, argv[i]);
			return 2;
		}
	}
	if (paths_data_dir(explicit_dir, data, len) != 0) {
		fprintf(stderr, "prescreen pack %s: no data directory: set PRESCREEN_DATA or use "
		        "--data DIR\n", sub);
		return 1;
	}
	return 0;
}

static int pack_install_cmd(int argc, char **argv)
{
	char data[PATH_MAX];
	const char *src;
	int rc = data_and_arg("install", argc, argv, data, sizeof data, &src);
	if (rc != 0 || !src) {
		if (rc != 1)
			usage_print("pack", 1);
		return rc ? rc : 2;
	}
	pack_installed before, after;
	int had = 1;
	pack p;
	diag_list d = { 0 };
	/* What is current now, to tell a reinstall from an install. */
	if (pack_load(src, &p, &d) == 0) {
		had = pack_installed_find(data, p.id, &before);
		pack_free(&p);
	}
	diag_free(&d);
	rc = pack_install(src, data, &after, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0) {
		fprintf(stderr, "prescreen pack install: %s not installed; the kiosk keeps the pack "
		        "it had\n", src);
		return 1;
	}
	if (had == 0 && strcmp(before.hash, after.hash) == 0)
		printf("note: %s %s is already installed and current; nothing changed\n",
		       after.id, after.version);
	else
		printf("installed %s %s (%s) in %s; it is now current\n", after.id, after.version,
		       after.hash, after.dir);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int pack_list_cmd(int argc, char **argv)
{
	char data[PATH_MAX];
	const char *extra;
	int rc = data_and_arg("list", argc, argv, data, sizeof data, &extra);
	if (rc != 0 || extra) {
		if (rc != 1)
			usage_print("pack", 1);
		return rc ? rc : 2;
	}
	pack_installed *list;
	int n;
	if (pack_list(data, &list, &n) != 0) {
		fprintf(stderr, "%s/packs-installed: cannot be read\n", data);
		return 1;
	}
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", list[i].id, list[i].version, list[i].hash,
		       list[i].current ? "*" : "");
	free(list);
	return fflush(stdout) == 0 ? 0 : 1;
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
	if (argc >= 1 && strcmp(argv[0], "install") == 0)
		return pack_install_cmd(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return pack_list_cmd(argc - 1, argv + 1);
	usage_print("pack", 1);
	return 2;
}
