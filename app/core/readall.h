/*
 * readall.h — a whole small file (a pack, a catalog) into memory, with a cap
 * so that a hostile file cannot take the kiosk's memory.
 */
#ifndef PRESCREEN_READALL_H
#define PRESCREEN_READALL_H

#include <stddef.h>

/*
 * Reads path into a malloc'd buffer with a NUL after the last byte (*len
 * does not count it). 0, or -1 with errno set: EFBIG when the file holds
 * more than max bytes.
 */
int readall(const char *path, size_t max, char **data, size_t *len);

#endif
