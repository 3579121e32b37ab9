/*
 * review_headless.c — the review window driven by a script (SPEC §13) on
 * SDL's dummy video driver, with a virtual clock that only `wait` moves.
 * Screens a script can expect: "answer", "note" (a note open),
 * "calibration" (a sample), "empty".
 */
#include <SDL2/SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "review_app.h"
#include "script.h"

static const char *screen_name(rwin *w)
{
	review_view v;
	review_flow_view(w->flow, &v);
	if (v.note_open)
		return "note";
	if (v.kind == REVIEW_ITEM_SAMPLE)
		return "calibration";
	if (v.kind == REVIEW_ITEM_ANSWER)
		return "answer";
	return "empty";
}

/* Advances the virtual clock, stopping at every deadline the flow has. */
static void advance(rwin *w, int64_t ms)
{
	int64_t target = w->vmono + ms, from = w->vmono;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (w->vmono < target) {
		int64_t next = review_flow_next_deadline(w->flow);
		w->vmono = next > w->vmono && next < target ? next : target;
		if (w->opt.realtime) {
			/* Virtual time and real time together (kill tests). */
			int64_t real = (int64_t)start.tv_sec * 1000 + start.tv_nsec / 1000000 +
			               (w->vmono - from);
			struct timespec at = { real / 1000, (real % 1000) * 1000000 };
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
				;
		}
		review_flow_tick(w->flow);
	}
}

static void list_controls(rwin *w, FILE *to)
{
	review_view v;
	review_flow_view(w->flow, &v);
	fprintf(to, "screen %s\n", screen_name(w));
	if (v.kind == REVIEW_ITEM_ANSWER)
		fprintf(to, "candidate %s\n", v.revealed ? v.name : v.code);
	for (int i = 0; i < w->frame->ncontrols; i++) {
		const ui_control *c = &w->frame->controls[i];
		fprintf(to, "%s\t%d,%d %dx%d\n", c->id, c->rect.x, c->rect.y, c->rect.w, c->rect.h);
	}
}

static int shot(rwin *w, const script *s, const script_cmd *c)
{
	if (!w->opt.shots_dir)
		return 0;
	mkdir(w->opt.shots_dir, 0755);
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.png", w->opt.shots_dir, c->arg);
	SDL_Surface *surface = SDL_GetWindowSurface(w->window);
	if (!surface || IMG_SavePNG(surface, path) != 0) {
		fprintf(stderr, "%s:%d: cannot write %s: %s\n", s->path, c->line, path, SDL_GetError());
		return -1;
	}
	return 0;
}

static bool text_on_screen(rwin *w, const char *needle)
{
	size_t n = strlen(needle);
	for (int i = 0; i < w->frame->ncmds; i++) {
		const ui_cmd *c = &w->frame->cmds[i];
		if (c->kind != UI_TEXT || (size_t)c->len < n)
			continue;
		for (int at = 0; at + (int)n <= c->len; at++)
			if (memcmp(c->text + at, needle, n) == 0)
				return true;
	}
	return false;
}

static void print_texts(rwin *w, FILE *to)
{
	for (int i = 0; i < w->frame->ncmds; i++) {
		const ui_cmd *c = &w->frame->cmds[i];
		if (c->kind == UI_TEXT)
			fprintf(to, "  | %.*s\n", c->len, c->text);
	}
}

static int run_cmd(rwin *w, const script *s, const script_cmd *c)
{
	SDL_Event e;
	switch (c->kind) {
	case SCRIPT_PRESS: {
		const ui_control *ctl = ui_find(w->frame, c->arg);
		if (!ctl) {
			fprintf(stderr, "%s:%d: no control '%s' on the %s screen\n", s->path, c->line,
			        c->arg, screen_name(w));
			list_controls(w, stderr);
			return -1;
		}
		rwin_tap(w, ctl->rect.x + ctl->rect.w / 2, ctl->rect.y + ctl->rect.h / 2);
		return 0;
	}
	case SCRIPT_TEXT:
		rwin_text(w, c->arg);
		return 0;
	case SCRIPT_COMPOSE:
		review_flow_compose(w->flow, c->arg);
		return 0;
	case SCRIPT_KEY:
		if (input_key_from_name(c->arg, &e) != 0) {
			fprintf(stderr, "%s:%d: unknown key '%s' (SDL key names: Return, Escape, "
			        "Page Down, Tab, 1, n, Ctrl+Return, ...)\n", s->path, c->line, c->arg);
			return -1;
		}
		rwin_key(w, e.key.keysym.sym, e.key.keysym.mod);
		return 0;
	case SCRIPT_WAIT:
		advance(w, c->ms);
		return 0;
	case SCRIPT_SHOT:
		return shot(w, s, c);
	case SCRIPT_EXPECT_TEXT:
		if (!text_on_screen(w, c->arg)) {
			fprintf(stderr, "%s:%d: no line on screen contains \"%s\"; the screen shows:\n",
			        s->path, c->line, c->arg);
			print_texts(w, stderr);
			return -1;
		}
		return 0;
	case SCRIPT_EXPECT_SCREEN:
		if (strcmp(screen_name(w), c->arg) != 0) {
			fprintf(stderr, "%s:%d: expected screen '%s', showing '%s'\n", s->path, c->line,
			        c->arg, screen_name(w));
			return -1;
		}
		return 0;
	}
	return 0;
}

/* What the script typed goes once used, as a keyboard's would. */
static void forget_typed(script_cmd *c)
{
	if ((c->kind == SCRIPT_TEXT || c->kind == SCRIPT_COMPOSE || c->kind == SCRIPT_EXPECT_TEXT) &&
	    c->arg)
		explicit_bzero(c->arg, strlen(c->arg));
}

int rwin_headless(rwin *w)
{
	script s = { 0 };
	FILE *trace = NULL;
	if (w->opt.script_path) {
		diag_list d = { 0 };
		int rc = script_load(w->opt.script_path, &s, &d);
		diag_print(&d, stderr);
		diag_free(&d);
		if (rc != 0)
			return 1;
	}
	if (w->opt.trace_path && !(trace = fopen(w->opt.trace_path, "w"))) {
		fprintf(stderr, "%s: %s\n", w->opt.trace_path, strerror(errno));
		script_free(&s);
		return 1;
	}
	int status = 0;
	rwin_frame(w);
	for (int i = 0; i < s.count && !w->quit; i++) {
		if (run_cmd(w, &s, &s.cmds[i]) != 0) {
			status = 1;
			break;
		}
		review_flow_tick(w->flow);
		forget_typed(&s.cmds[i]);
		rwin_frame(w);
		if (trace) {
			fprintf(trace, "%d\n", s.cmds[i].line);
			fflush(trace);
		}
	}
	if (w->opt.list_controls)
		list_controls(w, stdout);
	if (trace)
		fclose(trace);
	script_free(&s);
	return status;
}
