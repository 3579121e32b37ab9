/*
 * csv.h — the rule every CSV prescreen writes shares (sessions.csv, results.csv):
 * OWASP's defence against spreadsheet formula injection.
 */
#ifndef PRESCREEN_CSV_H
#define PRESCREEN_CSV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when a spreadsheet would take the cell of these n bytes for a formula
 * (it begins with = + - @ tab or CR): the writer then quotes it and puts an
 * apostrophe first, which spreadsheets show as text and do not display.
 */
bool csv_cell_neutral(const char *s, size_t n);

#endif
