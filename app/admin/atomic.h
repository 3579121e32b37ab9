/*
 * atomic.h — the few file-system steps that make staff's changes survive a
 * kill -9 or a power cut at any moment: a file written whole under a
 * temporary name and renamed, and a symlink switched by one rename(), each
 * followed by an fsync of the folder that holds the new name.
 */
#ifndef PRESCREEN_ATOMIC_H
#define PRESCREEN_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* fsync of a folder (its entries), 0 or -1 with errno. */
int atomic_fsync_dir(const char *dir);
/* fsync of a file by path, 0 or -1 with errno. */
int atomic_fsync_path(const char *path);
/*
 * Writes data to path through path + ".tmp": write, fsync, rename, fsync of
 * the folder. 0, or -1 with errno (the temporary file is removed).
 */
int atomic_write_file(const char *path, const void *data, size_t len, mode_t mode);
/*
 * Makes dir/name a symlink to target: dir/name.tmp is created and renamed
 * over it, then dir is fsync'd. 0 or -1 with errno.
 */
int atomic_symlink_swap(const char *dir, const char *name, const char *target);
/* mkdir -p with mode for each folder made. 0 or -1 with errno. */
int atomic_mkdirs(const char *path, mode_t mode);

#endif
