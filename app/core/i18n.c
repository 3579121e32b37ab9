#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char current[16] = "en";
static bool loaded = true;

int i18n_init(const char *localedir)
{
	int rc = 0;
	/*
	 * gettext ignores LANGUAGE under the plain "C" locale, so make sure a
	 * UTF-8 locale is active: the environment's, else C.UTF-8, which every
	 * Debian system has.
	 */
	const char *got = setlocale(LC_ALL, "");
	if (!got || strcmp(got, "C") == 0 || strcmp(got, "POSIX") == 0)
		got = setlocale(LC_ALL, "C.UTF-8");
	if (!got)
		rc = -1;
	bindtextdomain("prescreen", localedir);
	bind_textdomain_codeset("prescreen", "UTF-8");
	textdomain("prescreen");
	return rc;
}

void i18n_use(const char *code)
{
	snprintf(current, sizeof current, "%s", code);
	setenv("LANGUAGE", code, 1);
	/* Re-setting the text domain flushes gettext's lookup cache. */
	textdomain(textdomain(NULL));
	/* Every catalog, English included, has a header: the translation of "". */
	static const char header_id[] = "";
	const char *header = gettext(header_id);
	loaded = header && strstr(header, "Language:") != NULL;
}

bool i18n_loaded(void)
{
	return loaded;
}

const char *i18n_current(void)
{
	return current;
}

const char *i18n_pgettext(const char *domain, const char *ctx, const char *msgid)
{
	char key[1024];
	int n = snprintf(key, sizeof key, "%s\004%s", ctx, msgid);
	if (n < 0 || (size_t)n >= sizeof key)
		return msgid;
	const char *t = dgettext(domain, key);
	return t == key ? msgid : t;
}
