/*
 * admin_export.h — admin mode's export to a USB stick, run on admin_host's
 * worker thread: the bundle exactly as `prescreen export` writes it, with
 * the bytes written for a progress bar, then read back from the stick
 * (dropped from the page cache first) and verified against its manifest as
 * a reviewer's `bundle_open` would. A bundle that does not verify is renamed
 * to a hidden leftover name and removed: nothing that looks whole stays.
 */
#ifndef PRESCREEN_ADMIN_EXPORT_H
#define PRESCREEN_ADMIN_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

typedef enum {
	STICK_OK,           /* written, read back, verified */
	STICK_FULL,         /* ENOSPC and the like */
	STICK_PULLED,       /* EIO, ENOENT, ENODEV ...: removed or failing */
	STICK_UNVERIFIED,   /* written, but not what was read back */
	STICK_FAILED,       /* anything else */
} stick_outcome;

/* The ids of the sessions a bundle holds: what "export and erase" erases. */
typedef struct {
	char (*id)[SESSION_ID_LEN + 1];
	int n, cap;
} stick_ids;

void stick_ids_free(stick_ids *ids);

/* Called from the exporting thread with the bytes written and expected. */
typedef void (*stick_progress_fn)(void *ctx, long long done, long long total);

/*
 * Exports every session of DATA_DIR's store (its own read-only connection)
 * into PARENT. message: the bundle's folder name on STICK_OK, else the
 * problem as one English line; *total the bytes the bar ends at. With ids
 * given, on STICK_OK it holds the id of every session in the verified
 * bundle, and nothing (freed) otherwise.
 */
stick_outcome stick_export(const char *data_dir, const char *parent, int64_t now_wall_ms,
                           stick_progress_fn fn, void *ctx, char *message, size_t len,
                           long long *total, stick_ids *ids);

#endif
