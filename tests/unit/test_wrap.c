/*
 * Line breaking on sample paragraphs in every language, against a measure
 * that gives East Asian wide characters twice the width of others: no line
 * wider than the box, no text lost, no line starting with a closing CJK
 * punctuation mark, no German word broken while it fits on a line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "textbuf.h"
#include "wrap.h"

#define UNIT 10

static int fake_width(void *ctx, ui_font font, const char *lang, const char *s, int len)
{
	(void)ctx;
	(void)font;
	(void)lang;
	int w = 0;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)
			continue;   /* marks add no advance */
		int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
		w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 * UNIT : UNIT;
	}
	return w;
}

static int fake_height(void *ctx, ui_font font)
{
	(void)ctx;
	(void)font;
	return 20;
}

static const ui_measure measure = { fake_width, fake_height, NULL, NULL };

static const struct {
	const char *lang;
	const char *text;
} samples[] = {
	{ "en", "I have seven years of hands-on back-end experience, mostly Python, Django "
	        "REST framework and the AWS stack. At my last employer I led the migration of "
	        "a monolith to microservices." },
	{ "es", "Tengo siete años de experiencia práctica en desarrollo back-end, sobre todo "
	        "con Python, Django REST framework y AWS. Lideré la migración de un monolito." },
	{ "fr", "J’ai sept ans d’expérience concrète en développement back-end, surtout en "
	        "Python, Django REST framework et AWS. J’ai dirigé la migration d’un monolithe." },
	{ "de", "Ich habe sieben Jahre Erfahrung in der Backend-Entwicklung, vor allem mit "
	        "Python, Django REST framework und AWS, zuletzt als "
	        "Datenbankmigrationswerkzeugentwicklungsabteilungsleiterin." },
	{ "pt_BR", "Tenho sete anos de experiência prática em desenvolvimento back-end, "
	           "principalmente com Python, Django REST framework e AWS." },
	{ "ar", "لدي سبع سنوات من الخبرة العملية في تطوير الواجهات الخلفية، وأعمل مع REST API "
	        "و Django 4.2 على AWS منذ عام 2019، وقدت ترحيل نظام ضخم إلى خدمات مصغرة." },
	{ "hi", "मेरे पास बैक-एंड डेवलपमेंट का सात साल का व्यावहारिक अनुभव है, ज़्यादातर Python, "
	        "Django REST framework और AWS के साथ। मैंने एक मोनोलिथ को माइक्रोसर्विसेज़ में बदला।" },
	{ "zh_CN", "我有七年的后端开发经验，主要使用 Python、Django REST framework 和 AWS。"
	           "在上一家公司，我负责把单体应用迁移到微服务架构，并把接口响应时间缩短了百分之四十。" },
	{ "ja", "バックエンド開発の実務経験は七年です。主に Python、Django REST framework、"
	        "AWS を使ってきました。前職では、モノリスをマイクロサービスへ移行するプロジェクトを"
	        "担当し、応答時間を四割短縮しました。" },
};

/* Closing punctuation that Japanese and Chinese typesetting keeps off a line's start. */
static const char *const no_start[] = {
	"、", "。", "，", "．", "）", "」", "』", "】", "〕", "〉", "》", "！", "？", "：", "；",
};

static void check_sample(const char *lang, const char *text, int width)
{
	wrap_line lines[256];
	int len = (int)strlen(text);
	int n = wrap_text(&measure, FONT_BODY, lang, text, len, width, lines, 256);
	assert_true(n > 1 && n <= 256);
	int covered = 0;
	for (int i = 0; i < n; i++) {
		const char *s = text + lines[i].start;
		int ll = lines[i].end - lines[i].start;
		/* Lines follow each other with nothing lost. */
		assert_int_equal(lines[i].start, covered);
		covered = lines[i].end;
		int trimmed = ll;
		while (trimmed > 0 && s[trimmed - 1] == ' ')
			trimmed--;
		char line[1024];
		snprintf(line, sizeof line, "%.*s", trimmed, s);
		if (fake_width(NULL, FONT_BODY, lang, s, trimmed) > width) {
			fail_msg("%s: line %d is %d px in a %d px box: \"%s\"", lang, i,
			         fake_width(NULL, FONT_BODY, lang, s, trimmed), width, line);
		}
		for (size_t k = 0; k < sizeof no_start / sizeof no_start[0]; k++)
			if (i > 0 && strncmp(s, no_start[k], strlen(no_start[k])) == 0)
				fail_msg("%s: line %d starts with %s: \"%s\"", lang, i, no_start[k], line);
	}
	assert_int_equal(covered, len);
}

static void test_every_language(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		for (int width = 12 * UNIT; width <= 60 * UNIT; width += 7 * UNIT)
			check_sample(samples[i].lang, samples[i].text, width);
	wrap_cleanup();
}

static void test_german_words_stay_whole(void **state)
{
	(void)state;
	const char *text = "Wir suchen eine Backend-Entwicklerin mit Erfahrung in Datenbankmigration.";
	wrap_line lines[32];
	int n = wrap_text(&measure, FONT_BODY, "de", text, (int)strlen(text), 30 * UNIT, lines, 32);
	for (int i = 0; i < n; i++) {
		/* Each line ends at a space, a hyphen or the end: never inside a word. */
		int end = lines[i].end;
		char last = text[end - 1];
		assert_true(end == (int)strlen(text) || last == ' ' || last == '-');
	}
	/* A word longer than the whole line is cut between letters, never overflows. */
	check_sample("de", "Datenbankmigrationswerkzeugentwicklungsabteilungsleiterin ist ein Wort.",
	             20 * UNIT);
	wrap_cleanup();
}

static void test_cjk_breaks_between_ideographs(void **state)
{
	(void)state;
	const char *text = "我负责把单体应用迁移到微服务架构。";
	wrap_line lines[32];
	int n = wrap_text(&measure, FONT_BODY, "zh_CN", text, (int)strlen(text), 10 * UNIT, lines, 32);
	/* 17 wide characters in a box of five: four lines at least, none overfull. */
	assert_true(n >= 4);
	check_sample("zh_CN", text, 10 * UNIT);
	wrap_cleanup();
}

static void test_paragraphs_and_empty(void **state)
{
	(void)state;
	wrap_line lines[8];
	assert_int_equal(wrap_text(&measure, FONT_BODY, "en", "", 0, 100, lines, 8), 1);
	const char *text = "one\n\ntwo";
	int n = wrap_text(&measure, FONT_BODY, "en", text, (int)strlen(text), 100, lines, 8);
	assert_int_equal(n, 3);
	assert_int_equal(lines[1].start, lines[1].end);   /* the empty paragraph */
	assert_int_equal(lines[2].start, 5);
	wrap_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_language),
		cmocka_unit_test(test_german_words_stay_whole),
		cmocka_unit_test(test_cjk_breaks_between_ideographs),
		cmocka_unit_test(test_paragraphs_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
