/*
 * mo_write.h — a PO catalog compiled to GNU gettext's binary .mo format
 * without running msgfmt: `pack install` runs on a kiosk that has no
 * gettext tools. The PO file is read with libgettextpo (the parser the
 * translators' tools share); fuzzy, obsolete and untranslated entries are
 * left out, as msgfmt leaves them out.
 */
#ifndef PRESCREEN_MO_WRITE_H
#define PRESCREEN_MO_WRITE_H

#include "diag.h"

/*
 * Reads po_path and writes mo_path (temporary name, fsync, rename). 0, or
 * -1 with the reason in d ("file:line: ..." for a PO that cannot be read).
 */
int mo_write(const char *po_path, const char *mo_path, diag_list *d);

#endif
