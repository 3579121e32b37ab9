/*
 * export.h — the export bundle of SPEC §8 and the session JSON of SPEC §4.
 * A bundle is written under a hidden temporary name, every file fsynced, and
 * renamed into place only when whole; any failure removes the temporary
 * folder and leaves the target as it was.
 */
#ifndef PRESCREEN_EXPORT_H
#define PRESCREEN_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "session.h"

#define EXPORT_SCHEMA_SESSION "prescreen.session.v1"
#define EXPORT_SCHEMA_MANIFEST "prescreen.manifest.v1"

/*
 * The session as schema prescreen.session.v1, pretty-printed, keys in a fixed
 * order, ending with a newline: the same session always gives the same bytes.
 * Returns a malloc'd string or NULL.
 */
char *export_session_json(const session_record *s);

/*
 * The CSV of SPEC §8: RFC 4180, UTF-8, CRLF line ends, a header row, then
 * one row per session x answer. Returns a malloc'd string or NULL.
 */
char *export_sessions_csv(const session_record *list, int count);

/*
 * Writes OUT_PARENT/prescreen-export-<kiosk>-<UTC stamp>/ for the given
 * sessions. now_wall_ms names the bundle and dates the manifest.
 * On success returns 0 and, if path_out is given, the final folder path.
 * On failure returns -1 with one line in err naming the path and the problem.
 */
int export_bundle(const char *out_parent, const char *kiosk_id,
                  const session_record *list, int count, int64_t now_wall_ms,
                  char *path_out, size_t path_len, char *err, size_t errlen);

#endif
