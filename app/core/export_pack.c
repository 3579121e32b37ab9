/*
 * export_pack.c — finds a pack by hash. The snapshot's folder name is only a
 * claim: the exporter checks the bytes it copies against the hash anyway.
 */
#include "export_pack.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "pack_snapshot.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int export_pack_sources(const char *data_dir, const char *share_dir, const char *hash,
                        char out[][PATH_MAX], int max)
{
	char path[PATH_MAX + 300], hex[HASH_HEX_LEN + 1];
	char *names[256];
	int n = 0, count = 0;
	struct dirent *e;
	struct stat sb;
	DIR *dir;

	if (max <= 0 || hash == NULL || strncmp(hash, "sha256:", 7) != 0)
		return 0;
	if (data_dir != NULL && pack_snapshot_dir(data_dir, hash, out[n], PATH_MAX) == 0 &&
	    stat(out[n], &sb) == 0 && S_ISDIR(sb.st_mode))
		n++;
	if (share_dir == NULL)
		return n;
	snprintf(path, sizeof path, "%s/questions", share_dir);
	if ((dir = opendir(path)) == NULL)
		return n;
	while ((e = readdir(dir)) != NULL && count < (int)(sizeof names / sizeof *names))
		if (e->d_name[0] != '.' && (names[count] = strdup(e->d_name)) != NULL)
			count++;
	closedir(dir);
	/* The same answer whatever order the filesystem lists them in. */
	qsort(names, (size_t)count, sizeof *names, name_cmp);
	for (int i = 0; i < count; i++) {
		snprintf(path, sizeof path, "%s/questions/%s/pack.json", share_dir, names[i]);
		if (n < max && hash_file_hex(path, hex) == 0 && strcmp(hex, hash + 7) == 0 &&
		    snprintf(out[n], PATH_MAX, "%s/questions/%s", share_dir, names[i]) < PATH_MAX)
			n++;
		free(names[i]);
	}
	return n;
}
