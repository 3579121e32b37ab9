#include "readall.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int readall(const char *path, size_t max, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *grown;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			/* One byte past max shows the file is larger. */
			if (cap > max) {
				errno = EFBIG;
				goto fail;
			}
			cap = cap ? cap * 2 : 16384;
			if (cap > max + 1)
				cap = max + 1;
			if ((grown = realloc(buf, cap + 1)) == NULL)
				goto fail;
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				goto fail;
			break;
		}
	}
	fclose(f);
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return -1;
}
