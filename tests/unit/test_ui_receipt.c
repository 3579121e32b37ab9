/* The done screen's receipt code: drawn whole, as one left-to-right Latin
 * line in every language, apart from every other text, with how to use it
 * naming the event's contact, or only the staff when there is none. */
#include "ui_fixture.h"

#include "receipt.h"

static const ui_cmd *code_cmd(const char *code)
{
	const ui_cmd *found = NULL;
	for (int i = 0; i < frame.ncmds; i++) {
		const ui_cmd *c = &frame.cmds[i];
		if (c->kind == UI_TEXT && (size_t)c->len == strlen(code) &&
		    memcmp(c->text, code, strlen(code)) == 0) {
			assert_null(found);     /* drawn once */
			found = c;
		}
	}
	return found;
}

static bool line_contains(const char *s)
{
	for (int i = 0; i < frame.ncmds; i++)
		if (frame.cmds[i].kind == UI_TEXT &&
		    memmem(frame.cmds[i].text, (size_t)frame.cmds[i].len, s, strlen(s)) != NULL)
			return true;
	return false;
}

static void test_code_apart_and_left_to_right(void **state)
{
	(void)state;
	static const int scales[] = { 1000, 1300 };
	for (int l = 0; l < LANG_COUNT; l++)
		for (int k = 0; k < 2; k++)
			for (int s = 0; s < 2; s++) {
				const char *lang = lang_all()[l].code;
				use(lang, heights[k], scales[s]);
				flow_view v = base_view(SCREEN_DONE, lang);
				v.done_remaining_s = 15;
				receipt_code("01JDX5R7Q8W2M4N6P8R0T2V4X6", v.receipt);
				build(&v, heights[k]);
				assert_texts_on_screen(lang);
				const ui_cmd *c = code_cmd(v.receipt);
				if (c == NULL)
					fail_msg("%s: the code %s is not drawn as one line", lang, v.receipt);
				assert_false(c->rtl);
				assert_string_equal(c->lang, "en");
				assert_int_equal(c->font, FONT_TITLE);
				for (int i = 0; i < frame.ncmds; i++)
					if (&frame.cmds[i] != c && frame.cmds[i].kind == UI_TEXT &&
					    intersects(frame.cmds[i].rect, c->rect))
						fail_msg("%s: \"%.*s\" overlaps the code", lang,
						         frame.cmds[i].len, frame.cmds[i].text);
				ui_rect done = must_find("finish")->rect;
				for (int i = 0; i < frame.ncmds; i++)
					if (frame.cmds[i].kind == UI_TEXT && frame.cmds[i].rect.y +
					    frame.cmds[i].rect.h > done.y && frame.cmds[i].rect.y < done.y)
						fail_msg("%s: \"%.*s\" runs into the Done button", lang,
						         frame.cmds[i].len, frame.cmds[i].text);
				assert_true(done.y + done.h <= frame.height);
			}
}

static void test_contact_or_staff(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *lang = lang_all()[l].code;
		use(lang, 1080, 1000);
		flow_view v = base_view(SCREEN_DONE, lang);
		v.contact = "privacy@northwind.example";
		receipt_code("01JDX5R7Q8W2M4N6P8R0T2V4X6", v.receipt);
		build(&v, 1080);
		if (!line_contains("privacy@northwind.example"))
			fail_msg("%s: the contact is not named", lang);
		v.contact = "";
		build(&v, 1080);
		assert_false(line_contains("@"));
		assert_non_null(code_cmd(v.receipt));
	}
	use("en", 1080, 1000);
	flow_view v = base_view(SCREEN_DONE, "en");
	v.contact = NULL;
	build(&v, 1080);
	assert_true(line_contains("give this code to the staff."));
	assert_true(has_text("Your receipt code"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_apart_and_left_to_right),
		cmocka_unit_test(test_contact_or_staff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
