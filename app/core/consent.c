/*
 * consent.c — the consent paragraphs and their version. The msgids are fixed
 * with the translators (po/prescreen.pot): change one only together with them.
 */
#include "consent.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "i18n.h"
#include "numfmt.h"

/* snprintf that never leaves half a UTF-8 sequence at a truncation. */
static void put(char *dst, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	int n = vsnprintf(dst, CONSENT_PARAGRAPH_MAX, format, ap);
	va_end(ap);
	if (n >= CONSENT_PARAGRAPH_MAX) {
		size_t end = CONSENT_PARAGRAPH_MAX - 1;
		while (end > 0 && ((unsigned char)dst[end] & 0xc0) == 0x80)
			end--;
		dst[end] = '\0';
	}
}

void consent_build(const event_config *ev, const char *language, consent_notice *out)
{
	consent_fill(language, ev->organisation, ev->contact, ev->retention_days, out);
}

void consent_fill(const char *language, const char *organisation, const char *contact,
                  int retention_days, consent_notice *out)
{
	char before[16], days[32];
	bool switched = false;

	snprintf(before, sizeof before, "%s", i18n_current());
	if (language != NULL && strcmp(before, language) != 0) {
		i18n_use(language);
		switched = true;
	}
	memset(out, 0, sizeof *out);
	/* TRANSLATORS: consent, paragraph 1: what the kiosk saves. */
	put(out->paragraph[0], "%s", _("This kiosk saves your answers to the questions, your name "
	    "and the contact details you give. It also saves how you type each answer: the time "
	    "until your first keystroke, your typing time, the time spent on each question, and the "
	    "number of keystrokes and deletions."));
	/* TRANSLATORS: consent, paragraph 2: %1$s is the organisation running the event. */
	put(out->paragraph[1], _("%1$s is responsible for this data. Only its hiring team sees it: "
	    "the sessions are exported from this kiosk on a USB stick for the people who review the "
	    "answers."), organisation);
	numfmt_int(language, retention_days, days, sizeof days);
	/* TRANSLATORS: consent, paragraph 3: %s is a number of days, already in the language's digits. */
	put(out->paragraph[2], ngettext("Your data is kept for %s day and then deleted.",
	                                "Your data is kept for %s days and then deleted.",
	                                (unsigned long)retention_days), days);
	/* TRANSLATORS: consent, paragraph 4. */
	put(out->paragraph[3], "%s", _("Taking part is voluntary and based on your consent. "
	    "Declining carries no disadvantage for your application."));
	/* TRANSLATORS: consent, paragraph 5: the quoted words are the button on every question
	   screen (translate them as that button); %1$s is the event's contact (an e-mail address). */
	put(out->paragraph[4], _("You can stop at any time with \"Stop and delete my answers\". "
	    "After the session you can still withdraw your consent, ask to see, correct or delete "
	    "your data, or object to its use, by writing to %1$s. You may also complain to a data "
	    "protection authority."), contact);
	if (switched)
		i18n_use(before);
}

void consent_version(const event_config *ev, char out[CONSENT_VERSION_LEN])
{
	size_t cap = (size_t)(ev->language_count + 1) *
	             (16 + CONSENT_PARAGRAPHS * (CONSENT_PARAGRAPH_MAX + 1));
	char *text = malloc(cap), hex[HASH_HEX_LEN + 1];
	consent_notice *n = malloc(sizeof *n);
	size_t len = 0;

	if (text == NULL || n == NULL)
		abort();   /* at start-up, before any candidate: nothing to lose */
	/* Language and paragraphs, each ended by a byte no text holds. */
	for (int i = 0; i < ev->language_count; i++) {
		consent_build(ev, ev->languages[i], n);
		len += (size_t)snprintf(text + len, cap - len, "%s\x1f", ev->languages[i]);
		for (int p = 0; p < CONSENT_PARAGRAPHS; p++)
			len += (size_t)snprintf(text + len, cap - len, "%s\x1e", n->paragraph[p]);
	}
	hash_sha256_hex(text, len, hex);
	snprintf(out, CONSENT_VERSION_LEN, "%.*s-%.8s", EVENT_CONSENT_LABEL_MAX,
	         ev->consent_version, hex);
	explicit_bzero(n, sizeof *n);
	free(n);
	free(text);
}
