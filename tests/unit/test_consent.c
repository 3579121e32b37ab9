/*
 * test_consent.c — the consent notice filled from the event, and the consent
 * version that changes whenever the text a candidate agrees to changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "consent.h"
#include "i18n.h"

static pack bundled;

static void event(event_config *ev)
{
	event_defaults(ev, &bundled);
	strcpy(ev->organisation, "Acme Hiring AG");
	strcpy(ev->contact, "dpo@acme.example");
	ev->retention_days = 180;
}

static void test_paragraphs_filled(void **state)
{
	(void)state;
	event_config ev;
	consent_notice n;
	event(&ev);
	consent_build(&ev, "en", &n);
	assert_non_null(strstr(n.paragraph[0], "This kiosk saves your answers"));
	assert_string_equal(n.paragraph[1], "Acme Hiring AG is responsible for this data. Only its "
	                    "hiring team sees it: the sessions are exported from this kiosk on a USB "
	                    "stick for the people who review the answers.");
	assert_string_equal(n.paragraph[2], "Your data is kept for 180 days and then deleted.");
	assert_non_null(strstr(n.paragraph[3], "Declining carries no disadvantage"));
	assert_non_null(strstr(n.paragraph[4], "by writing to dpo@acme.example."));
	assert_non_null(strstr(n.paragraph[4], "\"Stop and delete my answers\""));
}

/* What the UI has is the view: the same notice from its parts. */
static void test_fill_from_view_parts(void **state)
{
	(void)state;
	event_config ev;
	consent_notice a, b;
	event(&ev);
	consent_build(&ev, "en", &a);
	consent_fill("en", ev.organisation, ev.contact, ev.retention_days, &b);
	assert_memory_equal(&a, &b, sizeof a);
}

static void test_days_plural_and_digits(void **state)
{
	(void)state;
	event_config ev;
	consent_notice n;
	event(&ev);
	ev.retention_days = 1;
	consent_build(&ev, "en", &n);
	assert_string_equal(n.paragraph[2], "Your data is kept for 1 day and then deleted.");
	ev.retention_days = 3650;
	consent_build(&ev, "en", &n);
	assert_string_equal(n.paragraph[2], "Your data is kept for 3,650 days and then deleted.");
	/* The number in the language's own digits and grouping. */
	consent_build(&ev, "de", &n);
	assert_non_null(strstr(n.paragraph[2], "3.650"));
	consent_build(&ev, "ar", &n);
	assert_non_null(strstr(n.paragraph[2], "\u0663\u066c\u0666\u0665\u0660"));
}

static void test_language_restored(void **state)
{
	(void)state;
	event_config ev;
	consent_notice n;
	char version[CONSENT_VERSION_LEN];
	event(&ev);
	i18n_use("fr");
	consent_build(&ev, "de", &n);
	assert_string_equal(i18n_current(), "fr");
	consent_version(&ev, version);
	assert_string_equal(i18n_current(), "fr");
	i18n_use("en");
}

static void test_version_follows_text(void **state)
{
	(void)state;
	event_config ev;
	char a[CONSENT_VERSION_LEN], b[CONSENT_VERSION_LEN];
	event(&ev);
	consent_version(&ev, a);
	assert_int_equal(strlen(a), 10);          /* "1-" + 8 hex */
	assert_memory_equal(a, "1-", 2);
	for (int i = 2; i < 10; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	consent_version(&ev, b);
	assert_string_equal(a, b);                /* stable */

	ev.retention_days = 90;                   /* another text: another version */
	consent_version(&ev, b);
	assert_string_not_equal(a, b);
	event(&ev);
	strcpy(ev.contact, "privacy@acme.example");
	consent_version(&ev, b);
	assert_string_not_equal(a, b);
	event(&ev);
	ev.language_count = 1;                    /* fewer notices offered */
	consent_version(&ev, b);
	assert_string_not_equal(a, b);

	/* The label is kept in front; the longest label still fits a session. */
	event(&ev);
	strcpy(ev.consent_version, "2026-b");
	consent_version(&ev, b);
	assert_memory_equal(b, "2026-b-", 7);
	assert_string_equal(b + 7, a + 2);
	assert_true(strlen(b) < sizeof ((session_record *)0)->consent_version);
}

static int setup(void **state)
{
	(void)state;
	diag_list d = { 0 };
	int rc = pack_load(TEST_SOURCE_DIR "/questions/backend-developer", &bundled, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(&bundled);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_filled),
		cmocka_unit_test(test_fill_from_view_parts),
		cmocka_unit_test(test_days_plural_and_digits),
		cmocka_unit_test(test_language_restored),
		cmocka_unit_test(test_version_follows_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
