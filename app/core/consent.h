/*
 * consent.h — the consent notice of SPEC §3 in a candidate's language, filled
 * with the event's organisation, contact and retention, and the version that
 * sessions store: the event's label plus a hash of every offered language's
 * text, so that a changed text is a new consent version even when staff
 * forgot to bump the label.
 */
#ifndef PRESCREEN_CONSENT_H
#define PRESCREEN_CONSENT_H

#include "event.h"

#define CONSENT_PARAGRAPHS 5
#define CONSENT_PARAGRAPH_MAX 2048
#define CONSENT_VERSION_LEN 16     /* as session_record.consent_version */

typedef struct {
	/* What is saved; who is responsible; how long; voluntary; how to withdraw. */
	char paragraph[CONSENT_PARAGRAPHS][CONSENT_PARAGRAPH_MAX];
} consent_notice;

/*
 * Builds the notice in language (a lang.h code) from the UI catalog. The
 * catalog in use (i18n_current) is the same afterwards as before.
 */
void consent_build(const event_config *ev, const char *language, consent_notice *out);
/* The same from the parts a flow_view carries (organisation, contact, retention_days). */
void consent_fill(const char *language, const char *organisation, const char *contact,
                  int retention_days, consent_notice *out);
/* "<label>-<8 hex of SHA-256 over the notice in every offered language>". */
void consent_version(const event_config *ev, char out[CONSENT_VERSION_LEN]);

#endif
