/*
 * review_load.h — what `prescreen review` does before the window opens:
 * every bundle fingerprinted, verified (unless already imported unchanged)
 * and imported into the review store; refused bundles and conflicts named one
 * line each; the rest loads. Shared by the window and --export-scores.
 */
#ifndef PRESCREEN_REVIEW_LOAD_H
#define PRESCREEN_REVIEW_LOAD_H

#include "bundle.h"
#include "diag.h"
#include "rstore.h"

typedef struct {
	rstore *store;
	char reviewer[SESSION_SHORT];
	uint64_t seed;              /* this reviewer's, from the store */
	int nbundles;               /* the bundles that opened */
	bundle *bundles;
	int sessions;               /* distinct sessions in the store */
	int added, duplicates, conflicts, refused_bundles, tampered;
} review_data;

/*
 * Opens the store at store_path (NULL: the default path), then every bundle
 * of dirs, sealed ones with key (NULL: none given; a bundle imported whole
 * before needs none, its sessions are in the store). Each problem goes to d;
 * a refused bundle does not stop the others, and nothing of it is stored.
 * Returns 0 when the store opened (even if every bundle was refused), else -1.
 */
int review_load(review_data *rd, const char *store_path, const char *reviewer,
                const bundle_key *key, char *const *dirs, int ndirs, diag_list *d);
void review_data_free(review_data *rd);
/* Where the review store is without --store: 0, or -1 without XDG_DATA_HOME or HOME. */
int review_default_store(char *out, size_t len);
/* The pack folder for a pack hash among the loaded bundles, or NULL. */
const char *review_pack_dir(const review_data *rd, const char *pack_hash);

#endif
