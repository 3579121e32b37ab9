/*
 * pack_install.h — installed packs (SPEC §6, §12): `pack install SRC`
 * checks a pack, compiles its catalogs and puts it under the data directory
 * beside any older version, then switches to it with one rename, so a
 * failed or interrupted install leaves the previous pack in use. The kiosk
 * finds packs here without a rebuild.
 *
 * Layout: DATA/packs-installed/<id>/<version>-<hash12>/{pack.json,po/,locale/}
 * and DATA/packs-installed/<id>/current, a symlink to the version in use.
 * locale/<lang>/LC_MESSAGES/prescreen-pack-<id>.mo are the compiled catalogs
 * (bindtextdomain on DIR/locale).
 */
#ifndef PRESCREEN_PACK_INSTALL_H
#define PRESCREEN_PACK_INSTALL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hash.h"
#include "pack.h"

typedef struct {
	char id[PACK_SHORT];
	char version[PACK_SHORT];
	char hash[HASH_TAGGED_LEN + 1];  /* of pack.json, as pack.h's */
	char dir[PATH_MAX];              /* the installed version's folder */
	bool current;                    /* the one `current` points at */
} pack_installed;

/*
 * pack_check()s SRC (its problems go to d), then installs it. Installing
 * the version already current is not an error (out says so, nothing
 * changes). Returns 0, or -1 with the reason in d; on -1 nothing under DATA
 * changed that the kiosk would use.
 */
int pack_install(const char *src, const char *data_dir, pack_installed *out, diag_list *d);
/* Every installed version, by id then version; *out is malloc'd. 0 or -1. */
int pack_list(const char *data_dir, pack_installed **out, int *count);
/*
 * The current installed version of pack id: 0 with *out filled, 1 when none
 * is installed, -1 on error.
 */
int pack_installed_find(const char *data_dir, const char *id, pack_installed *out);

#endif
