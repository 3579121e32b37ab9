/*
 * ui_admin.h — the admin screens' layout as data, like ui.h for the
 * candidate's screens: from the admin state and a way to measure text, a
 * frame of draw commands and named controls, in the staff's language and
 * its direction. Shows counts and settings, never a candidate's answers.
 */
#ifndef PRESCREEN_UI_ADMIN_H
#define PRESCREEN_UI_ADMIN_H

#include "admin.h"
#include "ui.h"

void ui_admin_build(const admin *a, const ui_measure *m, int width, int height, ui_frame *out);

#endif
