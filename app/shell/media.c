#include "media.h"

#include <dirent.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

typedef struct {
	admin_place *targets, *packs;
	int *nt, *np, max;
} scan;

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* The same drive reached twice (a --media DIR that is also under /media) counts once. */
static bool known(const admin_place *list, int n, const char *path)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].path, path) == 0)
			return true;
	return false;
}

static void add_pack(scan *s, const char *drive, const char *dir)
{
	char json[PATH_MAX + 16];
	if (*s->np >= s->max || known(s->packs, *s->np, dir))
		return;
	if (snprintf(json, sizeof json, "%s/pack.json", dir) >= (int)sizeof json)
		return;
	struct stat sb;
	if (stat(json, &sb) != 0 || !S_ISREG(sb.st_mode))
		return;
	admin_place *p = &s->packs[(*s->np)++];
	snprintf(p->path, sizeof p->path, "%s", dir);
	const char *rel = dir + strlen(drive);
	snprintf(p->label, sizeof p->label, "%.60s%.90s", base_name(drive), rel);
	p->free_bytes = -1;
}

/* Hidden folders and the bundles we wrote are not where packs are kept. */
static bool worth_entering(const char *name)
{
	return name[0] != '.' && strncmp(name, "prescreen-export-", 17) != 0;
}

static void find_packs(scan *s, const char *drive, const char *dir, int depth)
{
	add_pack(s, drive, dir);
	if (depth >= 2)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char names[64][256];
	int n = 0;
	while ((e = readdir(d)) && n < 64)
		if (worth_entering(e->d_name))
			snprintf(names[n++], sizeof names[0], "%s", e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX];
		if (snprintf(sub, sizeof sub, "%s/%s", dir, names[i]) >= (int)sizeof sub || !is_dir(sub))
			continue;
		find_packs(s, drive, sub, depth + 1);
	}
}

static void add_drive(scan *s, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real) || !is_dir(real) || *s->nt >= s->max ||
	    known(s->targets, *s->nt, real))
		return;
	admin_place *t = &s->targets[(*s->nt)++];
	snprintf(t->path, sizeof t->path, "%s", real);
	snprintf(t->label, sizeof t->label, "%.150s", base_name(real));
	struct statvfs v;
	t->free_bytes = statvfs(real, &v) == 0 ? (long long)v.f_bavail * (long long)v.f_frsize : -1;
	find_packs(s, real, real, 0);
}

/* ROOT/<user>/<label>: what udisks mounts for the desktop's user. */
static void add_mounts(scan *s, const char *root)
{
	DIR *users = opendir(root);
	if (!users)
		return;
	struct dirent *u;
	while ((u = readdir(users))) {
		if (u->d_name[0] == '.')
			continue;
		char user[PATH_MAX];
		snprintf(user, sizeof user, "%s/%s", root, u->d_name);
		DIR *drives = opendir(user);
		if (!drives)
			continue;
		struct dirent *d;
		while ((d = readdir(drives))) {
			if (d->d_name[0] == '.')
				continue;
			char drive[PATH_MAX];
			if (snprintf(drive, sizeof drive, "%s/%s", user, d->d_name) < (int)sizeof drive)
				add_drive(s, drive);
		}
		closedir(drives);
	}
	closedir(users);
}

void media_scan(const char *const *extra_dirs, int nextra, admin_place *targets, int *ntargets,
                admin_place *packs, int *npacks, int max)
{
	scan s = { targets, packs, ntargets, npacks, max };
	*ntargets = *npacks = 0;
	for (int i = 0; i < nextra; i++)
		add_drive(&s, extra_dirs[i]);
	add_mounts(&s, "/media");
	add_mounts(&s, "/run/media");
}
