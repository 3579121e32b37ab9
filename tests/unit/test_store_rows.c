/* The sessions' question_ids and contacts columns: the JSON written without
 * jansson for plain ASCII is byte for byte what json_dumps writes, and what
 * needs escaping or checking still goes through jansson (invalid UTF-8 is
 * refused). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "session.h"
#include "store_rows.h"

/* What the columns held before the fast path: json_pack and json_dumps. */
static char *expected(const session_record *s, bool contacts)
{
	json_t *arr = json_array();
	int n = contacts ? s->contact_count : s->question_count;
	char *out;

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, contacts ?
			json_pack("{s:s,s:s?}", "key", s->contacts[i].key,
			          "value", s->contacts[i].value) :
			json_string(s->question_ids[i]));
	out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return out;
}

/* Binds s the way both stores do and reads the two JSON columns back;
 * returns store_bind_session's result. */
static int bound(const session_record *s, char **ids, char **contacts)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int rc;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	                 "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18", -1, &q, NULL),
	                 SQLITE_OK);
	rc = store_bind_session(q, 1, s);
	*ids = *contacts = NULL;
	if (rc == 0) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		*ids = strdup((const char *)sqlite3_column_text(q, 14));
		*contacts = strdup((const char *)sqlite3_column_text(q, 15));
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc;
}

static void check_same(const session_record *s)
{
	char *ids, *contacts, *want_ids = expected(s, false), *want_contacts = expected(s, true);

	assert_int_equal(bound(s, &ids, &contacts), 0);
	assert_string_equal(ids, want_ids);
	assert_string_equal(contacts, want_contacts);
	free(ids);
	free(contacts);
	free(want_ids);
	free(want_contacts);
}

static void set_contact(session_record *s, int i, const char *key, const char *value)
{
	snprintf(s->contacts[i].key, SESSION_SHORT, "%s", key);
	assert_int_equal(session_set_string(&s->contacts[i].value, value), 0);
	if (s->contact_count <= i)
		s->contact_count = i + 1;
}

static void test_plain_ascii(void **state)
{
	session_record s;
	(void)state;

	session_init(&s);
	check_same(&s);                         /* [] and [] */
	snprintf(s.question_ids[0], SESSION_SHORT, "q1");
	snprintf(s.question_ids[1], SESSION_SHORT, "why-us_2.b");
	s.question_count = 2;
	set_contact(&s, 0, "email", "ana.lopez+jobs@example.org");
	set_contact(&s, 1, "phone", "+34 600 12 34 56");
	set_contact(&s, 2, "note", NULL);       /* null, not "" */
	set_contact(&s, 3, "empty", "");
	check_same(&s);
	session_clear(&s);
}

static void test_escaped_and_non_ascii(void **state)
{
	session_record s;
	(void)state;

	session_init(&s);
	snprintf(s.question_ids[0], SESSION_SHORT, "q\"1\\");
	snprintf(s.question_ids[1], SESSION_SHORT, "q\t2/\x7f");
	s.question_count = 2;
	set_contact(&s, 0, "e\"mail", "a\\b \"c\" \n\x01");
	set_contact(&s, 1, "téléphone", "電話 ١٢٣ +91 98765 43210");
	check_same(&s);
	session_clear(&s);
}

static void test_invalid_utf8_refused(void **state)
{
	session_record s;
	char *ids, *contacts;
	(void)state;

	session_init(&s);
	set_contact(&s, 0, "email", "ana\xff@example.org");
	assert_int_equal(bound(&s, &ids, &contacts), -1);
	session_clear(&s);
	session_init(&s);
	snprintf(s.question_ids[0], SESSION_SHORT, "q\xc3");
	s.question_count = 1;
	assert_int_equal(bound(&s, &ids, &contacts), -1);
	session_clear(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ascii),
		cmocka_unit_test(test_escaped_and_non_ascii),
		cmocka_unit_test(test_invalid_utf8_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
