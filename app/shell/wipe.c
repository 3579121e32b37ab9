/*
 * wipe.c — see wipe.h. Why free() and realloc() are interposed here, in the
 * executable: a candidate's text passes through libraries whose buffers we do
 * not own — ICU converts it to UTF-16, HarfBuzz and SDL_ttf shape it, SQLite
 * binds and pages it, SDL and Xlib carry it as events — and each frees its
 * copies with plain free(), leaving the bytes in the heap for a core dump
 * (review point 13 found the name, email and answers there). Wiping every
 * block as it is freed is the one place that covers all of them, including
 * the ones a library update adds. glibc exports __libc_free and __libc_malloc
 * for exactly this kind of wrapper; malloc itself stays glibc's.
 *
 * Blocks glibc mapped on their own (over M_MMAP_THRESHOLD, the line images)
 * are not wiped: free() unmaps them and the kernel zeroes the pages before
 * anyone sees them again, so a wipe would only cost time on every keystroke.
 *
 * Under AddressSanitizer this is compiled out: ASan has its own allocator
 * (and quarantine), and the memory test runs on the normal build only.
 */
#include "wipe.h"

#include <SDL2/SDL.h>
#include <jansson.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__SANITIZE_ADDRESS__)

extern void __libc_free(void *p);
extern void *__libc_malloc(size_t size);

/* glibc's chunk header: the size word before the block, bit 1 = mmapped. */
static int mapped_on_its_own(void *p)
{
	return (((size_t *)p)[-1] & 2) != 0;
}

void free(void *p)
{
	if (!p)
		return;
	if (!mapped_on_its_own(p))
		explicit_bzero(p, malloc_usable_size(p));
	__libc_free(p);
}

/* Never moves a block without wiping where it was (glibc's realloc would not). */
void *realloc(void *p, size_t size)
{
	if (!p)
		return __libc_malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	size_t have = malloc_usable_size(p);
	/* Fits, and not wastefully: kept in place, nothing is left behind. */
	if (size <= have && size >= have / 2)
		return p;
	void *q = __libc_malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, size < have ? size : have);
	free(p);
	return q;
}

#endif

void wipe_free(void *p)
{
	if (p) {
		explicit_bzero(p, malloc_usable_size(p));
		free(p);
	}
}

void wipe_init(void)
{
	json_set_alloc_funcs(malloc, wipe_free);
	/*
	 * By default each connection takes its first page-cache slots in one
	 * bulk block that it recycles until it closes, so store_scrub's
	 * sqlite3_db_release_memory could not give those pages (the session's
	 * rows) back to free(). With no bulk block every page is its own
	 * allocation, released and wiped at the scrub. Before SQLite starts.
	 */
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
}

__attribute__((noinline)) void wipe_stack(void)
{
	unsigned char dead[64 * 1024];
	explicit_bzero(dead, sizeof dead);
	/* The array must exist for the wipe to reach the stack at all. */
	__asm__ volatile("" : : "r"(dead) : "memory");
}

void wipe_sdl_events(void)
{
	static Uint32 type;
	if (!type && (type = SDL_RegisterEvents(1)) == (Uint32)-1) {
		type = 0;
		return;
	}
	enum { BATCH = 512 };
	static SDL_Event zeroed[BATCH];
	for (int i = 0; i < BATCH; i++) {
		memset(&zeroed[i], 0, sizeof zeroed[i]);
		zeroed[i].type = type;
	}
	SDL_PeepEvents(zeroed, BATCH, SDL_ADDEVENT, 0, 0);
	SDL_FlushEvent(type);
}
