#include "csv.h"

#include <string.h>

bool csv_cell_neutral(const char *s, size_t n)
{
	return n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
}
