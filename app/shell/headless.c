/*
 * headless.c — runs a script (SPEC §13) against the real kiosk on SDL's dummy
 * video driver, with a virtual clock that only `wait` moves.
 */
#include <SDL2/SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "script.h"

/* Advances the virtual clock, stopping at every deadline the flow has. */
static void advance(app *a, int64_t ms)
{
	int64_t target = a->vmono + ms;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!app_stop) {
		int64_t next = flow_next_deadline(a->flow);
		if (next > target)
			next = target;
		if (next > a->vmono)
			a->vmono = next;
		if (a->opt.realtime) {
			/* Keep virtual time and real time together (kill tests). */
			int64_t real = (int64_t)(start.tv_sec * 1000 + start.tv_nsec / 1000000) +
			               (a->vmono - (target - ms));
			struct timespec at = { real / 1000, (real % 1000) * 1000000 };
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
				;
		}
		flow_tick(a->flow);
		/* Saves that fell due are on disk before virtual time moves on. */
		app_settle(a);
		if (a->vmono >= target)
			break;
	}
}

static void list_controls(app *a, FILE *to)
{
	flow_view v;
	flow_view_get(a->flow, &v);
	fprintf(to, "screen %s%s\n", flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
	for (int i = 0; i < a->frame->ncontrols; i++) {
		const ui_control *c = &a->frame->controls[i];
		fprintf(to, "%s\t%d,%d %dx%d\n", c->id, c->rect.x, c->rect.y, c->rect.w, c->rect.h);
	}
}

static int shot(app *a, const script *s, const script_cmd *c)
{
	if (!a->opt.shots_dir)
		return 0;   /* screenshots only when a folder was given */
	mkdir(a->opt.shots_dir, 0755);
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.png", a->opt.shots_dir, c->arg);
	SDL_Surface *surface = SDL_GetWindowSurface(a->window);
	if (!surface || IMG_SavePNG(surface, path) != 0) {
		fprintf(stderr, "%s:%d: cannot write %s: %s\n", s->path, c->line, path, SDL_GetError());
		return -1;
	}
	return 0;
}

static bool screen_is(app *a, const char *name)
{
	flow_view v;
	flow_view_get(a->flow, &v);
	if (strcmp(name, "idle") == 0)
		return v.idle_prompt;
	return !v.idle_prompt && strcmp(flow_screen_name(v.screen), name) == 0;
}

static bool text_on_screen(app *a, const char *needle)
{
	size_t n = strlen(needle);
	for (int i = 0; i < a->frame->ncmds; i++) {
		const ui_cmd *c = &a->frame->cmds[i];
		if (c->kind != UI_TEXT || (size_t)c->len < n)
			continue;
		for (int at = 0; at + (int)n <= c->len; at++)
			if (memcmp(c->text + at, needle, n) == 0)
				return true;
	}
	return false;
}

static void print_texts(app *a, FILE *to)
{
	for (int i = 0; i < a->frame->ncmds; i++) {
		const ui_cmd *c = &a->frame->cmds[i];
		if (c->kind == UI_TEXT)
			fprintf(to, "  | %.*s\n", c->len, c->text);
	}
}

static int run_cmd(app *a, const script *s, const script_cmd *c)
{
	SDL_Event e;
	switch (c->kind) {
	case SCRIPT_PRESS: {
		const ui_control *ctl = ui_find(a->frame, c->arg);
		if (!ctl) {
			flow_view v;
			flow_view_get(a->flow, &v);
			fprintf(stderr, "%s:%d: no control '%s' on the %s screen%s\n", s->path, c->line,
			        c->arg, flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
			list_controls(a, stderr);
			return -1;
		}
		input_tap(a, ctl->rect.x + ctl->rect.w / 2, ctl->rect.y + ctl->rect.h / 2);
		return 0;
	}
	case SCRIPT_TEXT:
		input_text(a, c->arg);
		return 0;
	case SCRIPT_COMPOSE:
		input_compose(a, c->arg);
		return 0;
	case SCRIPT_KEY:
		if (input_key_from_name(c->arg, &e) != 0) {
			fprintf(stderr, "%s:%d: unknown key '%s' (SDL key names: Return, Backspace, "
			        "Left, Ctrl+Left, ...)\n", s->path, c->line, c->arg);
			return -1;
		}
		input_event(a, &e);
		return 0;
	case SCRIPT_WAIT:
		advance(a, c->ms);
		return 0;
	case SCRIPT_SHOT:
		return shot(a, s, c);
	case SCRIPT_EXPECT_TEXT:
		if (!text_on_screen(a, c->arg)) {
			fprintf(stderr, "%s:%d: no line on screen contains \"%s\"; the screen shows:\n",
			        s->path, c->line, c->arg);
			print_texts(a, stderr);
			return -1;
		}
		return 0;
	case SCRIPT_EXPECT_SCREEN:
		if (!screen_is(a, c->arg)) {
			flow_view v;
			flow_view_get(a->flow, &v);
			fprintf(stderr, "%s:%d: expected screen '%s', showing '%s'%s\n", s->path, c->line,
			        c->arg, flow_screen_name(v.screen), v.idle_prompt ? " (idle prompt)" : "");
			return -1;
		}
		return 0;
	}
	return 0;
}

/* A script stands in for a candidate's keyboard: what it typed goes once used. */
static void forget_typed(script_cmd *c)
{
	if ((c->kind == SCRIPT_TEXT || c->kind == SCRIPT_COMPOSE || c->kind == SCRIPT_EXPECT_TEXT) &&
	    c->arg)
		explicit_bzero(c->arg, strlen(c->arg));
}

int headless_run(app *a)
{
	script s = { 0 };
	FILE *trace = NULL;
	if (a->opt.script_path) {
		diag_list d = { 0 };
		int rc = script_load(a->opt.script_path, &s, &d);
		diag_print(&d, stderr);
		diag_free(&d);
		if (rc != 0)
			return 1;
	}
	if (a->opt.trace_path && !(trace = fopen(a->opt.trace_path, "w"))) {
		fprintf(stderr, "%s: %s\n", a->opt.trace_path, strerror(errno));
		script_free(&s);
		return 1;
	}
	int status = 0;
	app_frame(a);
	for (int i = 0; i < s.count && !app_stop; i++) {
		if (run_cmd(a, &s, &s.cmds[i]) != 0) {
			status = 1;
			break;
		}
		flow_tick(a->flow);
		/*
		 * Each command's saves are written before the next command, so a
		 * script sees what it would see on a disk that never keeps it waiting.
		 */
		app_settle(a);
		forget_typed(&s.cmds[i]);
		app_frame(a);
		if (trace) {
			fprintf(trace, "%d\n", s.cmds[i].line);
			fflush(trace);
		}
	}
	if (a->opt.list_controls)
		list_controls(a, stdout);
	if (trace)
		fclose(trace);
	script_free(&s);
	return status;
}
