/*
 * wipe.h — nothing of a candidate left in the kiosk's memory once the next
 * one may come (issue 6, point 4; review point 13). Our own buffers are wiped
 * where they are freed; wipe.c also wipes every block anyone frees (free and
 * realloc interposed), the JSON library's strings, SDL's recycled event
 * entries and the dead part of a thread's stack.
 */
#ifndef PRESCREEN_WIPE_H
#define PRESCREEN_WIPE_H

/* Routes jansson's frees through a wiping free (also under ASan). */
void wipe_init(void);
/* Overwrites the 64 KiB of stack below the caller (what deeper calls left). */
void wipe_stack(void);
/*
 * SDL keeps the entries of its event queue on a free list, still holding
 * the last SDL_TEXTINPUT text: pushes and flushes a batch of zeroed events
 * so every entry is overwritten. Drawing thread, SDL started.
 */
void wipe_sdl_events(void);
/* explicit_bzero of malloc_usable_size(p) bytes, then free. */
void wipe_free(void *p);

#endif
