/*
 * export_pack.h — private to the exporter: where the bytes of the pack a
 * session names by hash are found, the kiosk's snapshot first, then the
 * installed packs.
 */
#ifndef PRESCREEN_EXPORT_PACK_H
#define PRESCREEN_EXPORT_PACK_H

#include <limits.h>

#define EXPORT_PACK_SOURCES 4

/*
 * The folders that may hold the pack of this hash, in the order to try them:
 * DATA_DIR/packs/<hex> when it exists, then each version `pack install` put
 * in DATA_DIR/packs-installed/<id>/ and each SHARE_DIR/questions/<x> whose
 * pack.json hashes to it (either may be NULL). Returns how many.
 */
int export_pack_sources(const char *data_dir, const char *share_dir, const char *hash,
                        char out[][PATH_MAX], int max);

#endif
