/*
 * ui.h — the kiosk's layout as data: from the flow's view and a way to
 * measure text, a frame of draw commands and named controls. Knows nothing of
 * SDL (the shell draws the commands and hit-tests taps against the controls),
 * so every screen's layout, mirroring included, is testable without pixels.
 */
#ifndef PRESCREEN_UI_H
#define PRESCREEN_UI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "flow.h"

typedef enum {
	FONT_SMALL,
	FONT_BODY,
	FONT_LARGE,
	FONT_TITLE,
	FONT_COUNT_
} ui_font;

typedef struct { uint8_t r, g, b, a; } ui_color;
typedef struct { int x, y, w, h; } ui_rect;

typedef enum {
	UI_RECT,        /* filled rectangle */
	UI_TEXT,        /* one line, already wrapped; drawn at rect.x, rect.y */
	UI_FRAME,       /* rectangle outline, 2 units thick */
} ui_cmd_kind;

typedef struct {
	ui_cmd_kind kind;
	ui_rect rect;
	ui_color color;
	ui_font font;
	const char *text;     /* not NUL-terminated: len bytes */
	int len;
	const char *lang;     /* language of the text, for font and shaping */
	bool rtl;
} ui_cmd;

#define UI_MAX_CMDS 768
#define UI_MAX_CONTROLS 64
#define UI_ARENA 32768
#define UI_MAX_TAPLINES 96

typedef struct {
	char id[48];
	ui_rect rect;
} ui_control;

/*
 * A visual line of an editable text (the answer, an identity field) where it
 * was drawn, so that a tap can be turned into a byte offset in that text.
 */
typedef struct {
	int control;                /* index into ui_frame.controls */
	const char *text;           /* what the offsets count into (preedit included) */
	int start, end;             /* this line's bytes */
	ui_rect drawn;              /* where the line's text sits on screen */
	ui_rect row;                /* the band of the screen the line owns */
	ui_font font;
	const char *lang;           /* measuring language: also gives the direction */
	bool rtl;
	int compose_at, compose_len; /* the preedit inside text, mapped out of offsets */
} ui_tapline;

typedef struct {
	int width, height;
	ui_color background;
	int ncmds;
	ui_cmd cmds[UI_MAX_CMDS];
	int ncontrols;
	ui_control controls[UI_MAX_CONTROLS];
	int arena_used;
	char arena[UI_ARENA];     /* formatted strings the commands point into */
	/* Where the IME candidate window should appear. */
	bool text_input;
	ui_rect caret;
	/* The answer's visual line holding the caret, for Home and End (bytes). */
	int caret_line_start, caret_line_end;
	/* For Up and Down: the lines around it, and where the caret stands. */
	const char *answer_text;
	int line_above[2], line_below[2];   /* byte ranges; start -1 when none */
	int caret_screen_x;
	int answer_left, answer_width;      /* the text area of the answer box */
	int ntaplines;
	ui_tapline taplines[UI_MAX_TAPLINES];
} ui_frame;

typedef struct {
	/* Advance width in pixels of s[0..len) set in font for language lang. */
	int (*text_width)(void *ctx, ui_font font, const char *lang, const char *s, int len);
	int (*line_height)(void *ctx, ui_font font);
	/*
	 * Caret position, from the line's left edge, at byte index of s[0..len)
	 * laid out in a paragraph of direction rtl (an email field is
	 * left-to-right inside an Arabic form).
	 */
	int (*caret_x)(void *ctx, ui_font font, const char *lang, bool rtl, const char *s, int len,
	               int index);
	void *ctx;
} ui_measure;

/* Font pixel size for a window height (fonts scale with the screen). */
int ui_font_px(ui_font font, int window_height);

/* catalog_missing: the UI language's catalog failed to load (a staff banner). */
void ui_build(const flow_view *v, const ui_measure *m, int width, int height,
              bool catalog_missing, ui_frame *out);
/*
 * Where the caret goes for Up (dir < 0) or Down (dir > 0) in the answer: the
 * byte offset on the neighbouring line nearest the caret's x, or -1.
 */
int ui_vertical_target(const ui_frame *f, const ui_measure *m, const char *lang, int dir);
/*
 * The byte offset in the committed text of the answer or identity field under
 * a tap (the nearest caret position on the nearest visual line), or -1 when
 * the point is on no editable text.
 */
int ui_offset_at(const ui_frame *f, const ui_measure *m, int x, int y);
/* The control under a point, or NULL. */
const ui_control *ui_hit(const ui_frame *f, int x, int y);
const ui_control *ui_find(const ui_frame *f, const char *id);

/* For the headless scripts of both windows: */
/* Some line of text in the frame contains needle. */
bool ui_has_text(const ui_frame *f, const char *needle);
/* Every line of text, "  | " before each. */
void ui_print_texts(const ui_frame *f, FILE *to);
/* Every control as "id<TAB>x,y wxh". */
void ui_print_controls(const ui_frame *f, FILE *to);

#endif
