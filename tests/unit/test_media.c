/*
 * test_media.c — the places admin mode offers (app/shell/media.c): each
 * --media folder is a target once, however often it is named, and a folder
 * holding pack.json on it, at most two levels down, is a pack; hidden
 * folders and export bundles are not searched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../app/shell/media.c"

static char root[64];

static void put(const char *rel)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{}", f);
	fclose(f);
}

static int find(const admin_place *list, int n, const char *suffix)
{
	for (int i = 0; i < n; i++) {
		size_t a = strlen(list[i].path), b = strlen(suffix);
		if (a >= b && strcmp(list[i].path + a - b, suffix) == 0)
			return i;
	}
	return -1;
}

static void test_targets_and_packs(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/prescreen-media.XXXXXX");
	assert_non_null(mkdtemp(root));
	put("one/pack.json");                       /* the drive itself */
	put("two/packs/backend/pack.json");         /* two levels down */
	put("two/a/b/c/pack.json");                 /* three: too deep */
	put("two/.hidden/pack.json");
	put("two/prescreen-export-k-1/pack.json");
	put("two/notes/readme.txt");
	char one[PATH_MAX], two[PATH_MAX], again[PATH_MAX];
	snprintf(one, sizeof one, "%s/one", root);
	snprintf(two, sizeof two, "%s/two", root);
	snprintf(again, sizeof again, "%s/two/", root);
	const char *dirs[] = { one, two, again, "/nonexistent/stick" };
	admin_place targets[ADMIN_MAX_PLACES], packs[ADMIN_MAX_PLACES];
	int nt, np;
	media_scan(dirs, 4, targets, &nt, packs, &np, ADMIN_MAX_PLACES);
	int t1 = find(targets, nt, "/one"), t2 = find(targets, nt, "/two");
	assert_true(t1 >= 0 && t2 >= 0);
	assert_int_equal(find(targets, nt, "/stick"), -1);
	int from_us = 0;
	for (int i = 0; i < nt; i++)
		from_us += strncmp(targets[i].path, root, strlen(root)) == 0;
	assert_int_equal(from_us, 2);
	assert_string_equal(targets[t2].label, "two");
	assert_true(targets[t2].free_bytes > 0);
	int p1 = find(packs, np, "/one"), p2 = find(packs, np, "/two/packs/backend");
	assert_true(p1 >= 0 && p2 >= 0);
	assert_string_equal(packs[p2].label, "two/packs/backend");
	assert_int_equal(find(packs, np, "/c"), -1);
	assert_int_equal(find(packs, np, "/.hidden"), -1);
	assert_int_equal(find(packs, np, "/prescreen-export-k-1"), -1);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets_and_packs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
