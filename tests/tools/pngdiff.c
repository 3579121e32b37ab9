/*
 * pngdiff — compares two screenshots with a tolerance: a pixel differs when
 * any channel is off by more than 48; the images match when at most the given
 * per-mille of pixels differ. Prints the figure; exit 0 match, 1 differ, 2 error.
 * Optionally writes a diff image (differing pixels in red).
 */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

static SDL_Surface *load(const char *path)
{
	SDL_Surface *raw = IMG_Load(path);
	if (!raw) {
		fprintf(stderr, "%s: %s\n", path, IMG_GetError());
		return NULL;
	}
	SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGBA32, 0);
	SDL_FreeSurface(raw);
	return s;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: pngdiff EXPECTED ACTUAL MAX_PERMILLE [DIFF.png]\n");
		return 2;
	}
	double max_permille = atof(argv[3]);
	SDL_Surface *a = load(argv[1]), *b = load(argv[2]);
	if (!a || !b)
		return 2;
	if (a->w != b->w || a->h != b->h) {
		printf("%s: size %dx%d, expected %dx%d\n", argv[2], b->w, b->h, a->w, a->h);
		return 1;
	}
	long differ = 0;
	for (int y = 0; y < a->h; y++) {
		Uint8 *pa = (Uint8 *)a->pixels + y * a->pitch, *pb = (Uint8 *)b->pixels + y * b->pitch;
		for (int x = 0; x < a->w * 4; x += 4) {
			int off = 0;
			for (int c = 0; c < 3; c++)
				if (abs(pa[x + c] - pb[x + c]) > 48)
					off = 1;
			differ += off;
			if (argc > 4) {
				pb[x] = off ? 255 : pb[x] / 3;
				pb[x + 1] = off ? 0 : pb[x + 1] / 3;
				pb[x + 2] = off ? 0 : pb[x + 2] / 3;
			}
		}
	}
	double permille = 1000.0 * (double)differ / ((double)a->w * a->h);
	printf("%s: %.3f per mille of pixels differ (limit %.3f)\n", argv[2], permille, max_permille);
	if (argc > 4 && permille > max_permille)
		IMG_SavePNG(b, argv[4]);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	return permille > max_permille ? 1 : 0;
}
