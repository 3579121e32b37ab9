/*
 * lang.h — the nine languages of SPEC §2 and what the kiosk must know of each:
 * native name, direction, the script its text needs, the locale ICU formats
 * numbers with. The order here is the order on the attract screen.
 */
#ifndef PRESCREEN_LANG_H
#define PRESCREEN_LANG_H

#include <stdbool.h>

#define LANG_COUNT 9

typedef struct {
	const char *code;        /* gettext catalog name: "pt_BR", "zh_CN" */
	const char *english;     /* "Portuguese (Brazil)" */
	const char *native;      /* "Português (Brasil)" */
	const char *icu_locale;  /* "pt-BR" */
	const char *script;      /* ISO 15924: "Latn", "Arab", "Deva", "Hans", "Jpan" */
	bool rtl;
} lang_info;

const lang_info *lang_all(void);            /* LANG_COUNT entries */
const lang_info *lang_find(const char *code);

#endif
