/*
 * ime.h — the input method follows the candidate's language. On the
 * appliance nobody can press IBus's hotkey, so picking zh_CN switches IBus
 * to Pinyin, ja to Anthy, and every other language back to the plain
 * keyboard. The switch runs `ibus engine NAME` in a child process: the
 * drawing thread starts it and later reaps it, and never waits for it.
 */
#ifndef PRESCREEN_IME_H
#define PRESCREEN_IME_H

#include <stdbool.h>

/* Looks for the ibus command; without it every call below does nothing
 * (one line on stderr says so). */
void ime_init(void);
/* The IBus engine for a language code ("zh_CN" -> "libpinyin"); NULL (no
 * candidate's language yet) gets the plain keyboard. */
const char *ime_engine_for(const char *lang);
/* Asks for the engine of lang, unless it is the one asked for last. */
void ime_use(const char *lang);
/* Reaps a finished switch and starts the one that waited for it. */
void ime_poll(void);
/* A switch is under way: the window loop should come back soon. */
bool ime_busy(void);
/* Waits a little for a switch under way (at exit). */
void ime_shutdown(void);

#endif
