/*
 * media.h — the USB sticks and folders staff can reach from admin mode: each
 * drive mounted as /media/<user>/<label> or /run/media/<user>/<label>, and
 * each --media DIR, is an export target; a folder on one of them holding a
 * pack.json (the drive itself, or at most two levels down) is a pack that
 * can be installed.
 */
#ifndef PRESCREEN_MEDIA_H
#define PRESCREEN_MEDIA_H

#include "admin.h"

#define MEDIA_MAX_DIRS 8

/* Fills up to max targets and packs; counts go to *ntargets and *npacks. */
void media_scan(const char *const *extra_dirs, int nextra, admin_place *targets, int *ntargets,
                admin_place *packs, int *npacks, int max);

#endif
