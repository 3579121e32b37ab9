/*
 * paths.h — where things live: the data directory of SPEC §5 and the share
 * directory holding the bundled pack, assets and catalogs.
 */
#ifndef PRESCREEN_PATHS_H
#define PRESCREEN_PATHS_H

#include <stddef.h>

/*
 * The data directory: explicit (--data) if given, else $PRESCREEN_DATA, else
 * systemd's $STATE_DIRECTORY (the packaged service: /var/lib/prescreen), else
 * $XDG_DATA_HOME/prescreen, else ~/.local/share/prescreen. Returns 0, or -1
 * when none can be named.
 */
int paths_data_dir(const char *explicit_dir, char *out, size_t len);
/*
 * $PRESCREEN_SHARE, else the source tree when this binary runs from inside its
 * build tree, else the installed PREFIX/share/prescreen.
 */
const char *paths_share_dir(void);
/* The gettext locale directory: $PRESCREEN_LOCALEDIR, the build's (as above), else PREFIX/share/locale. */
const char *paths_locale_dir(void);

#endif
