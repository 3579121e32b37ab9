/*
 * ui_layout.h — what the screens of ui_screens.c and the editable texts of
 * ui_text.c share inside the ui module: the palette, the layout state of one
 * frame being built, and the primitives that push commands and controls.
 * Private to app/ui.
 */
#ifndef PRESCREEN_UI_LAYOUT_H
#define PRESCREEN_UI_LAYOUT_H

#include "ui.h"

/* The palette: calm, high contrast, readable at a distance. */
#define C_BG ((ui_color){ 0xF4, 0xF6, 0xF9, 0xFF })
#define C_INK ((ui_color){ 0x1B, 0x24, 0x30, 0xFF })
#define C_MUTED ((ui_color){ 0x5A, 0x67, 0x78, 0xFF })
#define C_PRIMARY ((ui_color){ 0x1F, 0x5F, 0xBF, 0xFF })
#define C_ON_PRIMARY ((ui_color){ 0xFF, 0xFF, 0xFF, 0xFF })
#define C_BOX ((ui_color){ 0xFF, 0xFF, 0xFF, 0xFF })
#define C_BORDER ((ui_color){ 0x9A, 0xA5, 0xB1, 0xFF })
#define C_FOCUS ((ui_color){ 0x1F, 0x5F, 0xBF, 0xFF })
#define C_ALERT ((ui_color){ 0xC6, 0x28, 0x28, 0xFF })
#define C_TRACK ((ui_color){ 0xDD, 0xE3, 0xEA, 0xFF })
#define C_SEGMENT ((ui_color){ 0xC9, 0xDB, 0xF5, 0xFF })
#define C_DISABLED ((ui_color){ 0x9F, 0xB3, 0xCF, 0xFF })
#define C_SHADE ((ui_color){ 0x10, 0x18, 0x24, 0xB0 })
#define C_CURTAIN ((ui_color){ 0x2A, 0x33, 0x40, 0xFF })

typedef enum { ALIGN_START, ALIGN_CENTER, ALIGN_END } align;

typedef struct {
	ui_frame *f;
	const ui_measure *m;
	const flow_view *v;
	int W, H;
	int u;               /* one layout unit: 1/100 of the height */
	const char *lang;    /* the UI language */
	bool rtl;
	int top;             /* below a staff banner, or 0 */
} layout;

ui_rect box(int x, int y, int w, int h);
/* Layout is written for left-to-right; right-to-left mirrors every box. */
ui_rect place(const layout *L, ui_rect r);
ui_cmd *push(layout *L, ui_cmd_kind kind, ui_rect r, ui_color c);
void fill(layout *L, ui_rect r, ui_color c);
void outline(layout *L, ui_rect r, ui_color c);
/* Returns the control's index. */
int control(layout *L, const char *id, ui_rect r);
/* A formatted string that lives as long as the frame. */
const char *fmt(layout *L, const char *format, ...) __attribute__((format(printf, 2, 3)));
int width_of(const layout *L, ui_font font, const char *lang, const char *s, int len);
int line_h(const layout *L, ui_font font);
/*
 * Where one line of text goes inside [r.x, r.x + r.w) (r in layout
 * coordinates), aligned in the direction rtl; trailing blanks not drawn.
 */
ui_rect text_pos(layout *L, ui_font font, ui_rect r, align a, const char *lang, bool rtl,
                 const char *s, int len);
/* Pushes the line at a position text_pos gave. */
void text_at(layout *L, ui_font font, ui_color c, ui_rect at, const char *lang, bool rtl,
             const char *s, int len);
/* One line in the direction of lang; returns where it was drawn. */
ui_rect text_in(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *lang,
                const char *s, int len);
/* A wrapped paragraph in the UI language; returns the height it took. */
int paragraph(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s);
/* Screen x of a caret at byte index of a line of len bytes drawn at `drawn`. */
int line_caret_x(const ui_measure *m, ui_font font, const char *lang, bool rtl, const char *s,
                 int len, int index, ui_rect drawn);
/* The largest font, LARGE down to SMALL, in which label fits width. */
ui_font label_font(const layout *L, const char *label, int width);
/* A button sized for its label: at least min_w wide, at most max_w. */
int button_width(const layout *L, const char *label, int min_w, int max_w);
void button(layout *L, const char *id, const char *label, ui_rect r, bool primary);
void button_disabled(layout *L, const char *id, const char *label, ui_rect r);

/* ui_text.c: the editable texts. */
void field(layout *L, const char *key, const textbuf *tb, bool focused, bool error, ui_rect r);
void answer_box(layout *L, const textbuf *tb, ui_rect r);

/* ui_screens.c */
void screen_attract(layout *L);
void screen_language(layout *L);
void screen_consent(layout *L);
void screen_identity(layout *L);
void screen_question(layout *L);
void screen_practice(layout *L);
void screen_done(layout *L);
void overlay_dialog(layout *L);
void overlay_idle(layout *L);
/* The staff banner's height when one shows, else 0. */
int banner_height(const layout *L, bool catalog_missing);
void overlay_banner(layout *L, bool catalog_missing);

#endif
