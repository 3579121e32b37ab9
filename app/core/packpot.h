/*
 * packpot.h — a pack's translation template: every string a candidate or a
 * reviewer sees, one PO entry each, msgctxt "<question id>|<field>" (or
 * "pack|title", or "<sample id>|answer" and "<sample id>|why" for calibration
 * samples), so translators' ordinary tools (msgmerge, Poedit, Weblate) work
 * on the pack's po/<lang>.po files unchanged.
 */
#ifndef PRESCREEN_PACKPOT_H
#define PRESCREEN_PACKPOT_H

#include <stdio.h>

#include "pack.h"

/* The fields of a question in catalog order, as used in msgctxt. */
extern const char *const packpot_fields[6];   /* text, look_for, red_flag, anchor_1/3/5 */

/* The fields of a calibration sample in catalog order: answer, why. */
extern const char *const packpot_sample_fields[2];

/* The source string of field (one of packpot_fields) of question q. */
const char *packpot_source(const pack_question *q, const char *field);
/* The source string of field (one of packpot_sample_fields) of sample s. */
const char *packpot_sample_source(const pack_sample *s, const char *field);
/* Writes the POT of pack p to out; returns 0, or -1 on a write error. */
int packpot_write(const pack *p, FILE *out);

#endif
