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

/* DATA_DIR/packs-installed/<id>/<version>-<hex12> (pack install's layout). */
static int installed_sources(const char *data_dir, const char *hash, char out[][PATH_MAX],
                             int max)
{
	char path[PATH_MAX + 600], hex[HASH_HEX_LEN + 1];
	struct dirent **ids = NULL, **vs = NULL;
	int n = 0;
	snprintf(path, sizeof path, "%s/packs-installed", data_dir);
	int nid = scandir(path, &ids, NULL, alphasort);
	for (int i = 0; i < nid; i++) {
		snprintf(path, sizeof path, "%s/packs-installed/%s", data_dir, ids[i]->d_name);
		int nv = ids[i]->d_name[0] == '.' ? 0 : scandir(path, &vs, NULL, alphasort);
		for (int j = 0; j < nv; j++) {
			const char *v = vs[j]->d_name;
			size_t len = strlen(v);
			if (n < max && v[0] != '.' && len > 13 && v[len - 13] == '-' &&
			    strncmp(v + len - 12, hash + 7, 12) == 0) {
				snprintf(path, sizeof path, "%s/packs-installed/%s/%s/pack.json",
				         data_dir, ids[i]->d_name, v);
				if (hash_file_hex(path, hex) == 0 && strcmp(hex, hash + 7) == 0 &&
				    snprintf(out[n], PATH_MAX, "%s/packs-installed/%s/%s", data_dir,
				             ids[i]->d_name, v) < PATH_MAX)
					n++;
			}
			free(vs[j]);
		}
		if (nv > 0)
			free(vs);
		free(ids[i]);
	}
	if (nid > 0)
		free(ids);
	return n;
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
	if (data_dir != NULL && n < max)
		n += installed_sources(data_dir, hash, out + n, max - n);
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
