/*
 * pack_snapshot.h — the pack a kiosk runs on, kept in the data directory
 * under its hash (packs/<64 hex>/pack.json and po/<lang>.po, no candidate
 * data), so that an export carries the pack its sessions were recorded with
 * byte for byte even after the pack on disk was changed or removed. Also the
 * walk over a pack folder's files that the snapshot and the export share.
 */
#ifndef PRESCREEN_PACK_SNAPSHOT_H
#define PRESCREEN_PACK_SNAPSHOT_H

#include <stddef.h>

#include "diag.h"
#include "pack.h"

/* A pack's file, by path relative to its folder: "pack.json", "po/de.po". */
#define PACK_FILE_REL 48

/*
 * Calls fn for DIR/pack.json first, then for each DIR/po/<name>.po (a plain
 * file with a name of [A-Za-z0-9_@-], sorted), with the file's bytes.
 * Anything else in the folder is not part of the pack. Non-zero from fn stops
 * the walk and is returned; -1 with one line in err when a file cannot be
 * read (a missing po/ folder is no error).
 */
typedef int (*pack_file_fn)(void *ctx, const char *rel, const char *data, size_t len);
int pack_files_each(const char *dir, pack_file_fn fn, void *ctx, char *err, size_t errlen);

/* DATA_DIR/packs/<64 hex of hash>; -1 for a malformed hash or a long path. */
int pack_snapshot_dir(const char *data_dir, const char *hash, char *out, size_t len);

/*
 * Copies p's folder to pack_snapshot_dir() unless it is there already: into
 * a temporary folder, flushed, then renamed, so a snapshot under its final
 * name is always whole. pack.json must still hash to p->hash (a pack changed
 * since it was loaded is not stored under the old hash). Skipped when the
 * data directory's disk would keep less than 8 MB free. 0, or -1 with one
 * line in d; nothing is left behind on failure.
 */
int pack_snapshot(const pack *p, const char *data_dir, diag_list *d);

#endif
