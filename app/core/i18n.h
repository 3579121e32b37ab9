/*
 * i18n.h — every string a person sees goes through here: the UI's gettext
 * domain "prescreen" and each pack's own domain for question text. Switching
 * language per candidate works without that locale being generated: only
 * C.UTF-8 needs to exist, and LANGUAGE selects the catalog.
 */
#ifndef PRESCREEN_I18N_H
#define PRESCREEN_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)
/* A UI string with context, for words that translate differently by use. */
#define C_(ctx, msgid) i18n_pgettext("prescreen", ctx, msgid)

/*
 * Binds the UI domain to localedir; returns 0, or -1 when no UTF-8 locale
 * could be set (then text still works, untranslated).
 */
int i18n_init(const char *localedir);
/* Switches the UI catalog to a language code of lang.h ("pt_BR", "ar"). */
void i18n_use(const char *code);
/* False when the catalog of the language in use could not be loaded. */
bool i18n_loaded(void);
/* The language in use ("en" until i18n_use is called). */
const char *i18n_current(void);
/* dpgettext: msgid within msgctxt, in domain. Returns msgid when untranslated. */
const char *i18n_pgettext(const char *domain, const char *ctx, const char *msgid);

#endif
