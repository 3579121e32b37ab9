#include "lang.h"

#include <string.h>

static const lang_info langs[LANG_COUNT] = {
	{ "en", "English", "English", "en", "Latn", false },
	{ "es", "Spanish", "Español", "es", "Latn", false },
	{ "fr", "French", "Français", "fr", "Latn", false },
	{ "de", "German", "Deutsch", "de", "Latn", false },
	{ "pt_BR", "Portuguese (Brazil)", "Português (Brasil)", "pt-BR", "Latn", false },
	{ "ar", "Arabic", "العربية", "ar", "Arab", true },
	{ "hi", "Hindi", "हिन्दी", "hi", "Deva", false },
	{ "zh_CN", "Chinese (Simplified)", "简体中文", "zh-Hans-CN", "Hans", false },
	{ "ja", "Japanese", "日本語", "ja", "Jpan", false },
};

const lang_info *lang_all(void)
{
	return langs;
}

const lang_info *lang_find(const char *code)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (code && strcmp(langs[i].code, code) == 0)
			return &langs[i];
	return NULL;
}
