/*
 * event_save.h — events written by staff (SPEC §7): an event_config as the
 * JSON event_load reads back, written atomically; the events the admin
 * screen saves live in DATA/events/<id>.json with DATA/events/current, a
 * symlink switched by one rename, naming the one the kiosk runs.
 */
#ifndef PRESCREEN_EVENT_SAVE_H
#define PRESCREEN_EVENT_SAVE_H

#include <stddef.h>

#include "event.h"

/*
 * Writes ev to path (temporary file, fsync, rename, fsync of the folder):
 * event_load of the result gives back the same settings and hash. 0, or -1
 * with one line naming the path in err.
 */
int event_write(const event_config *ev, const char *path, char *err, size_t errlen);
/* Writes DATA/events/<ev->id>.json and makes it current. 0 or -1 (err). */
int event_save_current(const char *data_dir, const event_config *ev, char *err, size_t errlen);
/* The current event's file: 0 with path, 1 when staff never saved one, -1 error. */
int event_current_path(const char *data_dir, char *path, size_t len);
/*
 * An id for a changed event whose old id already has sessions: the old id
 * with "-2", "-3", ... (replacing such a suffix), fitting SESSION_SHORT.
 */
void event_next_id(const char *old_id, char *out, size_t len);
/*
 * The "pack" id an event file names, read before any pack is loaded (the
 * kiosk picks the pack by it): 0 with out, 1 when the file names none, -1
 * when it cannot be read as JSON (event_load then says why, with the line).
 */
int event_pack_id(const char *path, char *out, size_t len);

#endif
