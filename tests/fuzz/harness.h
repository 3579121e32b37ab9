/*
 * harness.h — what the libFuzzer harnesses share: a per-process scratch
 * folder under /dev/shm for the parsers that only read files (made once,
 * removed at exit), and writing an input there.
 */
#ifndef PRESCREEN_FUZZ_HARNESS_H
#define PRESCREEN_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* The scratch folder, made on the first call; aborts when it cannot be. */
const char *harness_dir(void);
/* harness_dir()/rel ("po/de.po" makes po/): the full path, static storage. */
const char *harness_path(const char *rel);
/* Writes data to harness_dir()/rel, replacing it; aborts on failure. */
void harness_write(const char *rel, const uint8_t *data, size_t size);
/* Copies an existing file (a fixed pack.json) to harness_dir()/rel. */
void harness_copy(const char *from, const char *rel);
/* A NUL-terminated copy of the input (free it). */
char *harness_cstr(const uint8_t *data, size_t size);

#endif
