/*
 * export.h — the export bundle of SPEC §8 and the session JSON of SPEC §4.
 * A bundle is written under a hidden temporary name, one session at a time
 * (memory stays that of one session), flushed once as a whole and renamed
 * into place only then; any failure removes the temporary folder and leaves
 * the target as it was.
 */
#ifndef PRESCREEN_EXPORT_H
#define PRESCREEN_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
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
 * The CSV of SPEC §8: RFC 4180, UTF-8 with a byte-order mark, CRLF line
 * ends, a fixed header row (every contact field an event can ask for), then
 * one row per session x answer; cells a spreadsheet would run as a formula
 * start with an apostrophe. Returns a malloc'd string or NULL.
 */
char *export_sessions_csv(const session_record *list, int count);

typedef struct export_writer export_writer;

typedef struct {
	int leftovers;              /* hidden folders of interrupted exports removed */
	long long freed_bytes;      /* the space they took */
} export_cleanup;

/*
 * Starts OUT_PARENT/prescreen-export-<kiosk>-<UTC stamp>/. OUT_PARENT must be
 * a directory and, under a media root (/media, /mnt, /run/media, or the
 * colon-separated $PRESCREEN_MEDIA_ROOTS), on a drive mounted there. The
 * leftovers of interrupted exports in it are removed first (cleaned, if
 * given, says what was freed). kiosk_id NULL takes the first session's
 * ("empty" without sessions). now_wall_ms names the bundle and dates the
 * manifest. Returns NULL with one line in err naming the path and the
 * problem; err must stay valid until the writer is finished.
 */
export_writer *export_begin(const char *out_parent, const char *kiosk_id,
                            int64_t now_wall_ms, export_cleanup *cleaned,
                            char *err, size_t errlen);
/* Writes the session's file and CSV rows now. 0, or -1 with err set. */
int export_add(export_writer *w, const session_record *s);
/*
 * Adds the pack of every session added so far (after the last export_add):
 * pack.json and po/<lang>.po byte for byte, from DATA_DIR/packs/<hex>/ (the
 * kiosk's snapshot), else from the SHARE_DIR/questions/<x>/ whose pack.json
 * has the sessions' pack hash. The first pack goes to pack/, others to
 * pack-<first 12 hex of the hash>/, and its manifest entry gets that "path".
 * A pack found nowhere is one line in warnings: the sessions are exported
 * all the same. 0, or -1 with err set when a file cannot be written.
 */
int export_add_packs(export_writer *w, const char *data_dir, const char *share_dir,
                     diag_list *warnings);
/*
 * Writes the manifest, makes the bundle durable and renames it into place.
 * Returns 0 and, if path_out is given, the final folder path; or -1 with
 * err set and nothing left behind. Frees w either way.
 */
int export_finish(export_writer *w, char *path_out, size_t path_len);
/*
 * fn(ctx, bytes) after each file or CSV block reaches the bundle, with the
 * bytes written so far (admin mode's progress bar).
 */
void export_set_progress(export_writer *w, void (*fn)(void *ctx, long long bytes), void *ctx);
/* Removes the temporary folder and frees w (NULL is fine). */
void export_abort(export_writer *w);

/* The whole bundle from a list of sessions: begin, add each, finish. */
int export_bundle(const char *out_parent, const char *kiosk_id,
                  const session_record *list, int count, int64_t now_wall_ms,
                  char *path_out, size_t path_len, char *err, size_t errlen);

#endif
