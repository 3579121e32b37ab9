/*
 * export_target.h — private to the exporter: where a bundle may be written
 * (a mounted drive under the media roots) and the clean-up of what
 * interrupted exports left there.
 */
#ifndef PRESCREEN_EXPORT_TARGET_H
#define PRESCREEN_EXPORT_TARGET_H

#include <stddef.h>
#include "export.h"

/* Bundles are built under this hidden name, then renamed. */
#define TMP_PREFIX ".prescreen-export-"
#define TMP_SUFFIX ".tmp"

/* 0, or -1 with what is wrong with target in problem. */
int export_check_target(const char *target, char *problem, size_t len);
/* Removes parent's hidden export folders that no running export holds
 * locked (flock); cleaned, if given, adds what was removed. */
void export_remove_leftovers(const char *parent, export_cleanup *cleaned);
/* Removes path and everything under it; returns the bytes it occupied. */
long long export_rm_tree(const char *path);

#endif
