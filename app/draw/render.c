#include "render.h"
#include "textrun.h"

#include <SDL2/SDL_image.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

/*
 * The screen is cut into cells; each frame hashes the commands that touch
 * each cell and only cells whose hash changed are redrawn and shipped to the
 * display. Typing one letter redraws a line's worth of cells, and a ticking
 * countdown only its own few — never the whole 8 MB frame.
 */
#define CELL 64
#define MAX_CELLS_X 80          /* 5120 px */
#define MAX_CELLS_Y 45          /* 2880 px */
#define MEASURE_SLOTS 16384     /* power of two */
#define TEXT_SLOTS 1024         /* power of two */
#define TEXT_BUDGET (4 << 20)   /* bytes of cached line images */

typedef struct {
	uint64_t key;
	int width;
} measure_slot;

/*
 * A line image is one colour at varying coverage unless it holds colour
 * emoji, so it is kept as the coverage alone, a quarter of the ARGB bytes:
 * the budget then holds a whole candidate's rubrics instead of shaping them
 * again at every question.
 */
typedef struct {
	uint64_t key;
	SDL_Surface *surface;   /* colour images (emoji), or a window format not blended here */
	Uint8 *mask;            /* else the coverage, w × h */
	int w, h;
	size_t bytes;
	ui_color color;
	uint64_t used;
	bool candidate;     /* drawn while a candidate was at the kiosk */
	int ascent;         /* baseline below the image's top */
} text_slot;

struct render {
	fonts *fonts;
	uint64_t cells[MAX_CELLS_Y][MAX_CELLS_X];
	uint64_t next[MAX_CELLS_Y][MAX_CELLS_X];
	bool valid;
	measure_slot measures[MEASURE_SLOTS];
	text_slot texts[TEXT_SLOTS];
	uint64_t clock;
	size_t text_bytes;
	bool candidate;
	render_stats stats;
};

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t text_key(ui_font font, const char *lang, const char *s, int len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv(h, &font, sizeof font);
	h = fnv(h, lang ? lang : "", lang ? strlen(lang) : 0);
	h = fnv(h, s, (size_t)len);
	return h | 1;   /* 0 marks an empty slot */
}

static int measure_width(void *ctx, ui_font font, const char *lang, const char *s, int len)
{
	render *r = ctx;
	if (len <= 0)
		return 0;
	uint64_t key = text_key(font, lang, s, len);
	measure_slot *slot = &r->measures[key & (MEASURE_SLOTS - 1)];
	if (slot->key == key)
		return slot->width;
	int w = textrun_width(r->fonts, lang, font, s, len);
	r->stats.measured++;
	slot->key = key;
	slot->width = w;
	return w;
}

static int measure_line_height(void *ctx, ui_font font)
{
	render *r = ctx;
	TTF_Font *f = fonts_get(r->fonts, "en", font);
	/* Room for the tallest scripts' marks above and below the Latin line. */
	return f ? TTF_FontLineSkip(f) * 5 / 4 : 16;
}

static int measure_caret(void *ctx, ui_font font, const char *lang, bool rtl, const char *s,
                         int len, int index)
{
	render *r = ctx;
	return textrun_caret_x(r->fonts, lang, font, s, len, rtl, index);
}

render *render_new(fonts *fs)
{
	render *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->fonts = fs;
	return r;
}

static size_t surface_bytes(const SDL_Surface *s)
{
	return (size_t)s->pitch * (size_t)s->h;
}

/* Wiped before freed: a line image may hold a candidate's words. */
static void drop_text(render *r, text_slot *slot)
{
	r->text_bytes -= slot->bytes;
	if (slot->surface) {
		explicit_bzero(slot->surface->pixels, surface_bytes(slot->surface));
		SDL_FreeSurface(slot->surface);
	}
	if (slot->mask) {
		explicit_bzero(slot->mask, slot->bytes);
		free(slot->mask);
	}
	memset(slot, 0, sizeof *slot);
}

/* Keeps the cached images under budget, the least recently used going first. */
static void trim_texts(render *r, size_t incoming)
{
	while (r->text_bytes + incoming > TEXT_BUDGET) {
		text_slot *oldest = NULL;
		for (int i = 0; i < TEXT_SLOTS; i++)
			if (r->texts[i].key && (!oldest || r->texts[i].used < oldest->used))
				oldest = &r->texts[i];
		if (!oldest)
			return;
		drop_text(r, oldest);
	}
}

void render_set_candidate(render *r, bool present)
{
	r->candidate = present;
}

void render_forget(render *r)
{
	/* The attract screen's own lines stay: they hold nothing of anyone. */
	for (int i = 0; i < TEXT_SLOTS; i++)
		if (r->texts[i].candidate)
			drop_text(r, &r->texts[i]);
	r->valid = false;
}

static void forget_all(render *r)
{
	for (int i = 0; i < TEXT_SLOTS; i++)
		drop_text(r, &r->texts[i]);
}

void render_free(render *r)
{
	if (!r)
		return;
	forget_all(r);
	free(r);
}

ui_measure render_measure(render *r)
{
	ui_measure m = { measure_width, measure_line_height, measure_caret, r };
	return m;
}

void render_invalidate(render *r)
{
	r->valid = false;
}

const render_stats *render_get_stats(const render *r)
{
	return &r->stats;
}

/* Window formats whose pixels are 0x??RRGGBB, blended here. */
static bool blends_here(const SDL_PixelFormat *fmt)
{
	return fmt->BytesPerPixel == 4 && fmt->Rmask == 0xff0000 && fmt->Gmask == 0xff00 &&
	       fmt->Bmask == 0xff;
}

/* The coverage of an ARGB line image in one colour, or NULL when it has others. */
static Uint8 *coverage(const SDL_Surface *s, ui_color c)
{
	Uint32 rgb = (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
	Uint8 *mask = malloc((size_t)s->w * (size_t)s->h);
	if (!mask)
		return NULL;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++) {
			Uint32 p = row[x];
			if ((p >> 24) && (p & 0xffffff) != rgb) {
				explicit_bzero(mask, (size_t)s->w * (size_t)y);
				free(mask);
				return NULL;
			}
			mask[y * s->w + x] = (Uint8)(p >> 24);
		}
	}
	return mask;
}

static text_slot *text_image(render *r, const SDL_Surface *dst, const ui_cmd *c)
{
	uint64_t key = text_key(c->font, c->lang, c->text, c->len);
	key = fnv(key, &c->color, sizeof c->color);
	key = fnv(key, &c->rtl, sizeof c->rtl) | 1;
	/* Two-way set: the slot and its neighbour, the older one evicted. */
	unsigned i = (unsigned)(key & (TEXT_SLOTS - 1)), j = i ^ 1;
	r->clock++;
	if (r->texts[i].key == key) {
		r->texts[i].used = r->clock;
		return &r->texts[i];
	}
	if (r->texts[j].key == key) {
		r->texts[j].used = r->clock;
		return &r->texts[j];
	}
	unsigned victim = r->texts[i].used <= r->texts[j].used ? i : j;
	SDL_Color color = { c->color.r, c->color.g, c->color.b, c->color.a };
	int ascent = 0;
	SDL_Surface *s = textrun_render(r->fonts, c->lang, c->font, c->text, c->len, c->rtl, color,
	                                &ascent);
	r->stats.rendered++;
	if (!s)
		return NULL;
	text_slot img = { .key = key, .surface = s, .w = s->w, .h = s->h, .bytes = surface_bytes(s),
	                  .color = c->color, .used = r->clock, .candidate = r->candidate,
	                  .ascent = ascent };
	if (blends_here(dst->format) && (img.mask = coverage(s, c->color))) {
		explicit_bzero(s->pixels, surface_bytes(s));
		SDL_FreeSurface(s);
		img.surface = NULL;
		img.bytes = (size_t)img.w * (size_t)img.h;
	}
	drop_text(r, &r->texts[victim]);
	trim_texts(r, img.bytes);
	r->texts[victim] = img;
	r->text_bytes += img.bytes;
	return &r->texts[victim];
}

/* The coverage blended over the window as SDL's blit does (within 1 a channel). */
static void blend_mask(SDL_Surface *dst, const text_slot *t, int x, int y)
{
	SDL_Rect area = { x, y, t->w, t->h }, clip;
	SDL_GetClipRect(dst, &clip);
	if (!SDL_IntersectRect(&area, &clip, &area))
		return;
	Uint32 src = (Uint32)t->color.r << 16 | (Uint32)t->color.g << 8 | t->color.b;
	Uint32 s1 = src & 0xff00ff, s2 = src & 0xff00;
	for (int row = area.y; row < area.y + area.h; row++) {
		Uint32 *d = (Uint32 *)((Uint8 *)dst->pixels + row * dst->pitch) + area.x;
		const Uint8 *m = t->mask + (row - y) * t->w + (area.x - x);
		for (int k = 0; k < area.w; k++) {
			Uint32 a = m[k];
			if (!a)
				continue;
			Uint32 p = d[k], keep = p & 0xff000000;
			if (a == 255) {
				d[k] = src | keep;
				continue;
			}
			Uint32 na = 255 - a;
			Uint32 d1 = ((s1 * a + (p & 0xff00ff) * na) >> 8) & 0xff00ff;
			Uint32 d2 = ((s2 * a + (p & 0xff00) * na) >> 8) & 0xff00;
			d[k] = d1 | d2 | keep;
		}
	}
}

static uint64_t cmd_hash(const ui_cmd *c)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv(h, &c->kind, sizeof c->kind);
	h = fnv(h, &c->rect, sizeof c->rect);
	h = fnv(h, &c->color, sizeof c->color);
	if (c->kind == UI_TEXT) {
		h = fnv(h, c->text, (size_t)c->len) ^ text_key(c->font, c->lang, "", 0);
		h = fnv(h, &c->rtl, sizeof c->rtl);
	}
	return h;
}

/*
 * Where a command may put pixels: text is drawn on a shared baseline and tall
 * scripts reach above and below the line box, so its cells reach further.
 */
static ui_rect bounds(const ui_cmd *c)
{
	ui_rect r = c->rect;
	if (c->kind == UI_TEXT) {
		r.y -= r.h / 2;
		r.h *= 2;
		r.x -= 2;
		r.w += 4;
	}
	return r;
}

static bool overlaps(const SDL_Rect *a, const ui_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Blends a translucent colour over the clip area: SDL_FillRect can't blend. */
static void shade(SDL_Surface *dst, SDL_Rect area, ui_color c)
{
	SDL_Rect clip;
	SDL_GetClipRect(dst, &clip);
	if (!SDL_IntersectRect(&area, &clip, &area))
		return;
	SDL_PixelFormat *fmt = dst->format;
	unsigned a = c.a, na = 255 - c.a;
	for (int y = area.y; y < area.y + area.h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)dst->pixels + y * dst->pitch);
		for (int x = area.x; x < area.x + area.w; x++) {
			Uint8 r, g, b;
			SDL_GetRGB(row[x], fmt, &r, &g, &b);
			row[x] = SDL_MapRGB(fmt, (Uint8)((r * na + c.r * a) / 255),
			                    (Uint8)((g * na + c.g * a) / 255),
			                    (Uint8)((b * na + c.b * a) / 255));
		}
	}
}

static void draw_cmd(render *r, SDL_Surface *dst, const ui_cmd *c, int thick)
{
	SDL_Rect rect = { c->rect.x, c->rect.y, c->rect.w, c->rect.h };
	Uint32 color = SDL_MapRGB(dst->format, c->color.r, c->color.g, c->color.b);
	switch (c->kind) {
	case UI_RECT:
		if (c->color.a == 255)
			SDL_FillRect(dst, &rect, color);
		else
			shade(dst, rect, c->color);
		break;
	case UI_FRAME: {
		SDL_Rect edges[4] = {
			{ rect.x, rect.y, rect.w, thick },
			{ rect.x, rect.y + rect.h - thick, rect.w, thick },
			{ rect.x, rect.y, thick, rect.h },
			{ rect.x + rect.w - thick, rect.y, thick, rect.h },
		};
		SDL_FillRects(dst, edges, 4, color);
		break;
	}
	case UI_TEXT: {
		if (c->len <= 0)
			break;
		text_slot *t = text_image(r, dst, c);
		if (!t)
			break;
		/* Every script on the Latin baseline of the line box, centred as Latin is. */
		TTF_Font *latin = fonts_get(r->fonts, "en", c->font);
		if (latin)
			rect.y += (rect.h - TTF_FontHeight(latin)) / 2 + TTF_FontAscent(latin) - t->ascent;
		if (t->mask)
			blend_mask(dst, t, rect.x, rect.y);
		else
			SDL_BlitSurface(t->surface, NULL, dst, &rect);
		break;
	}
	}
}

int render_frame(render *r, SDL_Surface *dst, const ui_frame *f, SDL_Rect *dirty, int max)
{
	int cols = (dst->w + CELL - 1) / CELL, rows = (dst->h + CELL - 1) / CELL;
	if (cols > MAX_CELLS_X)
		cols = MAX_CELLS_X;
	if (rows > MAX_CELLS_Y)
		rows = MAX_CELLS_Y;
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < cols; x++)
			r->next[y][x] = 0xcbf29ce484222325ull;
	for (int i = 0; i < f->ncmds; i++) {
		const ui_cmd *c = &f->cmds[i];
		/*
		 * Chained per cell, so the order inside a cell counts without the
		 * command's index: with it, one command more at the top redrew
		 * every cell drawn after it.
		 */
		uint64_t h = cmd_hash(c);
		ui_rect b = bounds(c);
		int x0 = b.x < 0 ? 0 : b.x / CELL, y0 = b.y < 0 ? 0 : b.y / CELL;
		int x1 = (b.x + b.w - 1) / CELL, y1 = (b.y + b.h - 1) / CELL;
		if (x0 < 0) x0 = 0;
		if (y0 < 0) y0 = 0;
		if (x1 >= cols) x1 = cols - 1;
		if (y1 >= rows) y1 = rows - 1;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++)
				r->next[y][x] = fnv(r->next[y][x], &h, sizeof h);
	}

	/* Dirty cells, merged into runs along each row. */
	int n = 0;
	for (int y = 0; y < rows; y++) {
		for (int x = 0; x < cols; x++) {
			if (r->valid && r->next[y][x] == r->cells[y][x])
				continue;
			int start = x;
			while (x < cols && (!r->valid || r->next[y][x] != r->cells[y][x]))
				x++;
			SDL_Rect run = { start * CELL, y * CELL, (x - start) * CELL, CELL };
			/* Grow the previous run downwards when it is the same span. */
			if (n > 0 && dirty[n - 1].x == run.x && dirty[n - 1].w == run.w &&
			    dirty[n - 1].y + dirty[n - 1].h == run.y) {
				dirty[n - 1].h += CELL;
			} else if (n < max) {
				dirty[n++] = run;
			} else {
				dirty[n - 1].w = dst->w - dirty[n - 1].x;
				dirty[n - 1].h = run.y + CELL - dirty[n - 1].y;
			}
		}
	}
	memcpy(r->cells, r->next, sizeof r->cells);
	r->valid = true;

	int thick = dst->h / 400 > 2 ? dst->h / 400 : 2;
	if (SDL_MUSTLOCK(dst))
		SDL_LockSurface(dst);
	for (int d = 0; d < n; d++) {
		SDL_Rect clip = dirty[d];
		SDL_Rect whole = { 0, 0, dst->w, dst->h };
		SDL_IntersectRect(&clip, &whole, &clip);
		dirty[d] = clip;
		SDL_SetClipRect(dst, &clip);
		for (int i = 0; i < f->ncmds; i++) {
			ui_rect b = bounds(&f->cmds[i]);
			if (overlaps(&clip, &b))
				draw_cmd(r, dst, &f->cmds[i], thick);
		}
	}
	SDL_SetClipRect(dst, NULL);
	if (SDL_MUSTLOCK(dst))
		SDL_UnlockSurface(dst);
	r->stats.frames++;
	r->stats.cells += n;
	return n;
}

int render_save_png(SDL_Window *window, const char *dir, const char *name, char *err,
                    size_t errlen)
{
	mkdir(dir, 0755);
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.png", dir, name);
	SDL_Surface *surface = SDL_GetWindowSurface(window);
	if (!surface || IMG_SavePNG(surface, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, SDL_GetError());
		return -1;
	}
	return 0;
}
