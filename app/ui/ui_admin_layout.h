/*
 * ui_admin_layout.h — what the admin screens of ui_admin.c (PIN pad,
 * status, the tab bar and its helpers), ui_admin_screens.c (event,
 * packs, export, leave) and ui_admin_erase.c share: text that shrinks or wraps to fit its box,
 * buttons whose labels never leave them, localized numbers and sizes.
 * Private to app/ui.
 */
#ifndef PRESCREEN_UI_ADMIN_LAYOUT_H
#define PRESCREEN_UI_ADMIN_LAYOUT_H

#include "admin.h"
#include "ui_layout.h"

/* The top of a logged-in screen's content, below the tab bar. */
#define ADMIN_TOP(u) (12 * (u))

typedef enum { AB_NORMAL, AB_PRIMARY, AB_DISABLED } abutton_kind;

/*
 * One text in r: the largest font from `font` down that fits on one line,
 * else wrapped in the small font, as many lines as r.h holds. Returns the
 * height drawn.
 */
int admin_fit(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s);
/* The same for a text in another language than the UI's (a language's own name). */
int admin_fit_in(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *lang,
                 const char *s);
/* A paragraph wrapped in font, at most r.h high; returns its height. */
int admin_para(layout *L, ui_font font, ui_color c, ui_rect r, align a, const char *s);
void admin_button(layout *L, const char *id, const char *label, ui_rect r, abutton_kind k);
/* A label at the start and its value at the end of one row. */
void admin_row(layout *L, ui_rect r, const char *label, const char *value, ui_color vc);
const char *admin_num(layout *L, long v);
/* Bytes in the language's units and digits: "3.2 GB". */
const char *admin_bytes(layout *L, long long bytes);
/* A checkbox square, ticked or not, at the start of r. */
void admin_tick_box(layout *L, ui_rect r, bool on);
/* Local date and time, "2026-12-01 14:05". */
const char *admin_when(layout *L, int64_t wall_ms);

/* ui_admin_screens.c */
void admin_screen_event(layout *L, const admin_view *v);
void admin_screen_packs(layout *L, const admin_view *v);
void admin_screen_export(layout *L, const admin_view *v);
void admin_screen_leave(layout *L, const admin_view *v);

/* ui_admin_erase.c */
void admin_screen_erase(layout *L, const admin_view *v);

#endif
