/*
 * wrap.h — paragraphs into lines that fit a width: ICU line breaking tailored
 * by language (CJK may break between ideographs, German only at hyphens and
 * spaces), and a word wider than the line broken between grapheme clusters so
 * that no line ever overflows.
 */
#ifndef PRESCREEN_WRAP_H
#define PRESCREEN_WRAP_H

#include "ui.h"

typedef struct {
	int start;      /* byte offsets into the text */
	int end;        /* excludes the '\n' that ended the paragraph */
} wrap_line;

/*
 * Fills up to max lines; returns how many the text needs (which may exceed
 * max: the caller sees it was cut). An empty text is one empty line.
 */
int wrap_text(const ui_measure *m, ui_font font, const char *lang, const char *text,
              int len, int width, wrap_line *lines, int max);

/* Releases the cached ICU iterators (at exit, for leak checkers). */
void wrap_cleanup(void);

#endif
