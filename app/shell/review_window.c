/*
 * review_window.c — the reviewer's window (SPEC §9): the review flow over the
 * review store, drawn with the kiosk's text engine (app/draw) into the window
 * surface, only what changed, only when something happened. Keys, mouse,
 * touch and the IME (for notes) become review_flow calls here; the headless
 * runner (review_headless.c) feeds the same functions.
 */
#include "review_app.h"
#include "app.h"

#include <SDL2/SDL_ttf.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "i18n.h"
#include "lang.h"
#include "numfmt.h"
#include "paths.h"
#include "stats.h"
#include "wrap.h"

int64_t rwin_mono(rwin *w)
{
	if (w->virtual_clock)
		return w->vmono;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t real_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t clock_mono(void *ctx)
{
	return rwin_mono(ctx);
}

static int64_t clock_wall(void *ctx)
{
	rwin *w = ctx;
	return w->virtual_clock ? w->vwall_base + w->vmono : real_wall();
}

/* The review store behind the flow. */
static int be_load(void *ctx, const char *session_id, session_record *out)
{
	return rstore_load(ctx, session_id, out);
}

static int be_scores(void *ctx, const char *reviewer, const char *session_id, rstore_score **out,
                     int *count)
{
	return rstore_scores(ctx, reviewer, session_id, out, count);
}

static int be_score_put(void *ctx, const char *reviewer, const char *session_id,
                        const char *question_id, int score, bool automatic, int64_t at)
{
	int rc = rstore_score_put(ctx, reviewer, session_id, question_id, score, automatic, at);
	if (rc != 0)
		fprintf(stderr, "prescreen review: %s\n", rstore_error(ctx));
	return rc;
}

static int be_note_put(void *ctx, const char *reviewer, const char *session_id,
                       const char *question_id, const char *note, int64_t at)
{
	int rc = rstore_note_put(ctx, reviewer, session_id, question_id, note, at);
	if (rc != 0)
		fprintf(stderr, "prescreen review: %s\n", rstore_error(ctx));
	return rc;
}

/*
 * The reviewer's language: --lang, else the environment as gettext reads it
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), matched to one of the nine.
 */
static const char *pick_lang(const char *wanted)
{
	const char *tries[5] = { wanted, getenv("LANGUAGE"), getenv("LC_ALL"), getenv("LC_MESSAGES"),
	                         getenv("LANG") };
	for (int t = 0; t < 5; t++) {
		if (!tries[t] || !tries[t][0])
			continue;
		char code[32];
		snprintf(code, sizeof code, "%s", tries[t]);
		code[strcspn(code, ":.@")] = '\0';
		for (char *c = code; *c; c++)
			if (*c == '-')
				*c = '_';
		if (strcmp(code, "C") == 0 || strcmp(code, "POSIX") == 0)
			return "en";
		const lang_info *li = lang_find(code);
		if (li)
			return li->code;
		/* "de_AT" → de, "zh" → zh_CN, "pt" → pt_BR */
		for (int i = 0; i < LANG_COUNT; i++)
			if (strncmp(lang_all()[i].code, code, 2) == 0 && strlen(code) >= 2)
				return lang_all()[i].code;
		if (t == 0) {
			fprintf(stderr, "prescreen review: --lang %s: not one of en es fr de pt_BR ar hi "
			        "zh_CN ja; using the environment's\n", wanted);
		}
	}
	return "en";
}

/* The pack's strings in the reviewer's language, opened once per pack. */
static rwin_pack *pack_for(rwin *w, const char *hash)
{
	for (int i = 0; i < w->npacks; i++)
		if (strcmp(w->packs[i].hash, hash) == 0)
			return &w->packs[i];
	if (w->npacks >= RWIN_MAX_PACKS)
		return NULL;
	rwin_pack *p = &w->packs[w->npacks++];
	snprintf(p->hash, sizeof p->hash, "%s", hash);
	const char *dir = review_pack_dir(w->rd, hash);
	if (!dir) {
		fprintf(stderr, "prescreen review: no bundle carries the pack %s\n", hash);
		return p;
	}
	diag_list d = { 0 };
	p->text = pack_text_open(dir, w->lang, &p->fell_back, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return p;
}

static const char *pack_string(const rwin_pack *p, const char *id, const char *field)
{
	char key[160];
	snprintf(key, sizeof key, "%s|%s", id, field);
	return pack_text_get(p->text, key);
}

void rwin_frame(rwin *w)
{
	SDL_Surface *surface = SDL_GetWindowSurface(w->window);
	if (!surface)
		return;
	uint64_t t0 = SDL_GetPerformanceCounter();
	review_view v;
	review_flow_view(w->flow, &v);
	int pos = review_flow_position(w->flow);
	if (pos != w->last_pos) {
		w->scroll = 0;
		w->last_pos = pos;
	}
	review_screen s = { 0 };
	s.v = &v;
	s.lang = w->lang;
	s.catalog_missing = strcmp(w->lang, "en") != 0 && !i18n_loaded();
	s.message = w->message[0] ? w->message : NULL;
	s.scroll = w->scroll;
	if (v.kind != REVIEW_ITEM_NONE) {
		rwin_pack *p = v.pack_hash ? pack_for(w, v.pack_hash) : NULL;
		if (p && p->text) {
			s.question = pack_string(p, v.question_id, "text");
			s.look_for = pack_string(p, v.question_id, "look_for");
			s.red_flag = pack_string(p, v.question_id, "red_flag");
			s.anchor[0] = pack_string(p, v.question_id, "anchor_1");
			s.anchor[1] = pack_string(p, v.question_id, "anchor_3");
			s.anchor[2] = pack_string(p, v.question_id, "anchor_5");
			if (v.kind == REVIEW_ITEM_SAMPLE) {
				s.sample_answer = pack_string(p, v.sample_id, "answer");
				s.why = pack_string(p, v.sample_id, "why");
			}
			s.pack_fell_back = p->fell_back;
		} else {
			s.pack_missing = true;
		}
	}
	ui_measure m = render_measure(w->render);
	w->scroll_max = review_ui_build(&s, &m, surface->w, surface->h, w->frame);
	if (w->scroll > w->scroll_max)
		w->scroll = w->scroll_max;
	SDL_Rect dirty[256];
	int n = render_frame(w->render, surface, w->frame, dirty, 256);
	if (n > 0 && !w->opt.headless)
		SDL_UpdateWindowSurfaceRects(w->window, dirty, n);
	/* After a key or tap, the figure that matters runs from the input to the pixels. */
	if (w->input_at)
		t0 = w->input_at;
	w->frame_us = (int64_t)((SDL_GetPerformanceCounter() - t0) * 1000000 /
	                        SDL_GetPerformanceFrequency());
	if (w->input_at)
		stats_add(v.note_open ? STATS_FRAME_TYPING : STATS_FRAME_OTHER, w->frame_us);
	w->input_at = 0;
	if (n > 0)
		stats_first_frame();
	/*
	 * Another candidate: the last one's line images are freed by now, and
	 * the holes they left go back to the system instead of adding up.
	 */
	if (v.code != w->last_code) {
		w->last_code = v.code;
		malloc_trim(0);
	}
	/* The IME only while a note is open. */
	if (w->frame->text_input) {
		SDL_Rect r = { w->frame->caret.x, w->frame->caret.y, w->frame->caret.w,
		               w->frame->caret.h };
		SDL_SetTextInputRect(&r);
		if (!w->text_input_on)
			SDL_StartTextInput();
		w->text_input_on = true;
	} else if (w->text_input_on) {
		SDL_StopTextInput();
		w->text_input_on = false;
	}
}

void rwin_scroll(rwin *w, int lines)
{
	w->scroll += lines;
	if (w->scroll < 0)
		w->scroll = 0;
	if (w->scroll > w->scroll_max)
		w->scroll = w->scroll_max;
}

void rwin_tap(rwin *w, int x, int y)
{
	w->input_at = SDL_GetPerformanceCounter();
	const ui_control *c = ui_hit(w->frame, x, y);
	if (!c)
		return;
	if (strcmp(c->id, "scroll-up") == 0) {
		rwin_scroll(w, -3);
		return;
	}
	if (strcmp(c->id, "scroll-down") == 0) {
		rwin_scroll(w, 3);
		return;
	}
	ui_measure m = render_measure(w->render);
	int offset = ui_offset_at(w->frame, &m, x, y);
	review_flow_press(w->flow, c->id);
	if (strcmp(c->id, "answer") == 0 && offset >= 0)
		review_flow_note_caret(w->flow, (size_t)offset);
}

void rwin_text(rwin *w, const char *utf8)
{
	w->input_at = SDL_GetPerformanceCounter();
	review_flow_text(w->flow, utf8);
}

static void note_key(rwin *w, SDL_Keycode sym, bool ctrl)
{
	review_flow *f = w->flow;
	switch (sym) {
	case SDLK_ESCAPE: review_flow_key(f, REVIEW_KEY_CLOSE); break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		review_flow_key(f, ctrl ? REVIEW_KEY_CLOSE : REVIEW_KEY_RETURN);
		break;
	case SDLK_BACKSPACE: review_flow_key(f, REVIEW_KEY_BACKSPACE); break;
	case SDLK_DELETE: review_flow_key(f, REVIEW_KEY_DELETE); break;
	/* In a right-to-left note the left arrow goes forward in the text. */
	case SDLK_LEFT:
	case SDLK_RIGHT:
		review_flow_key(f, (sym == SDLK_RIGHT) != w->rtl ? REVIEW_KEY_RIGHT : REVIEW_KEY_LEFT);
		break;
	case SDLK_HOME: review_flow_key(f, REVIEW_KEY_HOME); break;
	case SDLK_END: review_flow_key(f, REVIEW_KEY_END); break;
	case SDLK_UP:
	case SDLK_DOWN: {
		ui_measure m = render_measure(w->render);
		int to = ui_vertical_target(w->frame, &m, w->lang, sym == SDLK_UP ? -1 : 1);
		if (to >= 0)
			review_flow_note_caret(f, (size_t)to);
		break;
	}
	default:
		break;
	}
}

void rwin_key(rwin *w, SDL_Keycode sym, Uint16 mod)
{
	bool ctrl = mod & KMOD_CTRL, shift = mod & KMOD_SHIFT, alt = mod & KMOD_ALT;
	review_flow *f = w->flow;
	w->input_at = SDL_GetPerformanceCounter();
	review_view v;
	review_flow_view(f, &v);
	if (ctrl && sym == SDLK_q) {
		w->quit = true;
		return;
	}
	if (v.note_open) {
		note_key(w, sym, ctrl);
		return;
	}
	if (ctrl || alt)
		return;
	int score = sym >= SDLK_1 && sym <= SDLK_5 ? (int)(sym - SDLK_1) + 1
	          : sym >= SDLK_KP_1 && sym <= SDLK_KP_5 ? (int)(sym - SDLK_KP_1) + 1 : 0;
	if (score) {
		uint64_t t0 = SDL_GetPerformanceCounter();
		review_flow_score(f, score);
		stats_add(STATS_COMMIT, (int64_t)((SDL_GetPerformanceCounter() - t0) * 1000000 /
		                                  SDL_GetPerformanceFrequency()));
		return;
	}
	switch (sym) {
	case SDLK_n: review_flow_key(f, REVIEW_KEY_NOTE); break;
	/* Navigation is mirrored with the layout: in Arabic the next answer is to the left. */
	case SDLK_LEFT: review_flow_key(f, w->rtl ? REVIEW_KEY_NEXT : REVIEW_KEY_PREV); break;
	case SDLK_RIGHT: review_flow_key(f, w->rtl ? REVIEW_KEY_PREV : REVIEW_KEY_NEXT); break;
	case SDLK_UP:
		if (shift)
			rwin_scroll(w, -1);
		else
			review_flow_key(f, REVIEW_KEY_PREV);
		break;
	case SDLK_DOWN:
		if (shift)
			rwin_scroll(w, 1);
		else
			review_flow_key(f, REVIEW_KEY_NEXT);
		break;
	case SDLK_PAGEUP: review_flow_key(f, REVIEW_KEY_PREV_GROUP); break;
	case SDLK_PAGEDOWN: review_flow_key(f, REVIEW_KEY_NEXT_GROUP); break;
	case SDLK_TAB: review_flow_key(f, REVIEW_KEY_ORDER); break;
	default: break;
	}
}

void rwin_event(rwin *w, const SDL_Event *e)
{
	switch (e->type) {
	case SDL_QUIT:
		w->quit = true;
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_FINGERDOWN: {
		int x, y;
		if (input_tap_point(w->window, e, &x, &y))
			rwin_tap(w, x, y);
		break;
	}
	case SDL_MOUSEWHEEL:
		rwin_scroll(w, e->wheel.y > 0 ? -3 : e->wheel.y < 0 ? 3 : 0);
		break;
	case SDL_KEYDOWN:
		rwin_key(w, e->key.keysym.sym, e->key.keysym.mod);
		break;
	case SDL_TEXTINPUT:
		rwin_text(w, e->text.text);
		break;
	case SDL_TEXTEDITING:
		review_flow_compose(w->flow, e->edit.text);
		break;
	case SDL_TEXTEDITING_EXT:
		review_flow_compose(w->flow, e->editExt.text ? e->editExt.text : "");
		if (e->editExt.text)
			explicit_bzero(e->editExt.text, strlen(e->editExt.text));
		SDL_free(e->editExt.text);
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			render_invalidate(w->render);
		break;
	default:
		break;
	}
}

static int open_window(rwin *w)
{
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
	SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
	if (w->opt.headless)
		SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "prescreen review: cannot start the display: %s\n", SDL_GetError());
		return -1;
	}
	kiosk_framebuffer_hint();
	if (TTF_Init() != 0) {
		fprintf(stderr, "prescreen review: cannot start SDL_ttf: %s\n", TTF_GetError());
		return -1;
	}
	int width = w->opt.width ? w->opt.width : 1280, height = w->opt.height ? w->opt.height : 720;
	Uint32 flags = SDL_WINDOW_RESIZABLE;
	SDL_Rect desk;
	if (!w->opt.windowed && !w->opt.headless && !w->opt.width &&
	    SDL_GetDisplayBounds(0, &desk) == 0) {
		width = desk.w;
		height = desk.h;
		flags = SDL_WINDOW_FULLSCREEN_DESKTOP;
	}
	w->window = SDL_CreateWindow("prescreen review", SDL_WINDOWPOS_CENTERED,
	                             SDL_WINDOWPOS_CENTERED, width, height, flags);
	SDL_Surface *s = w->window ? SDL_GetWindowSurface(w->window) : NULL;
	if (!s) {
		fprintf(stderr, "prescreen review: cannot open a window: %s\n", SDL_GetError());
		return -1;
	}
	char err[512];
	w->fonts = fonts_new(s->h, err, sizeof err);
	if (!w->fonts || fonts_check(w->fonts, err, sizeof err) != 0) {
		fprintf(stderr, "prescreen review: %s\n", err);
		return -1;
	}
	w->render = render_new(w->fonts);
	w->frame = calloc(1, sizeof *w->frame);
	if (!w->render || !w->frame) {
		fprintf(stderr, "prescreen review: out of memory\n");
		return -1;
	}
	/* Every line drawn may be a candidate's words: wiped when forgotten. */
	render_set_candidate(w->render, true);
	SDL_StopTextInput();
	return 0;
}

static void run_window(rwin *w)
{
	rwin_frame(w);
	while (!w->quit) {
		int64_t deadline = review_flow_next_deadline(w->flow), now = rwin_mono(w);
		int timeout = 3600 * 1000;
		if (deadline != REVIEW_NO_DEADLINE)
			timeout = deadline <= now ? 0 : (int)(deadline - now < timeout ? deadline - now : timeout);
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			rwin_event(w, &e);
			while (!w->quit && SDL_PollEvent(&e))
				rwin_event(w, &e);
		}
		review_flow_tick(w->flow);
		if (!w->quit)
			rwin_frame(w);
	}
}

static void teardown(rwin *w)
{
	/* A note being typed is saved on the way out. */
	review_flow_free(w->flow);
	for (int i = 0; i < w->npacks; i++)
		pack_text_free(w->packs[i].text);
	if (w->render)
		render_forget(w->render);
	render_free(w->render);
	if (w->frame)
		explicit_bzero(w->frame, sizeof *w->frame);
	free(w->frame);
	fonts_free(w->fonts);
	if (w->window)
		SDL_DestroyWindow(w->window);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
	wrap_cleanup();
	numfmt_cleanup();
	stats_write();
}

/* The samples of the first event's pack, for --calibrate. */
static const pack *calibration_pack(rwin *w, const rstore_event *events, int nevents)
{
	if (!w->opt.calibrate)
		return NULL;
	for (int e = 0; e < nevents; e++) {
		rwin_pack *p = pack_for(w, events[e].pack_hash);
		if (p && p->text)
			return pack_text_pack(p->text);
	}
	fprintf(stderr, "prescreen review: --calibrate: no pack with calibration samples in the bundles\n");
	return NULL;
}

int review_window_run(review_data *rd, const review_window_options *o)
{
	rwin w;
	memset(&w, 0, sizeof w);
	w.opt = *o;
	w.rd = rd;
	w.last_pos = -1;
	int status = 1;
	stats_start();
	i18n_init(paths_locale_dir());
	w.lang = pick_lang(o->lang);
	i18n_use(w.lang);
	const lang_info *li = lang_find(w.lang);
	w.rtl = li && li->rtl;
	if (rd->refused_bundles > 0 || rd->conflicts > 0 || rd->tampered > 0)
		/* TRANSLATORS: a banner in the review window when some bundles or sessions were refused. */
		snprintf(w.message, sizeof w.message, "%s",
		         _("Some bundles or sessions could not be loaded: the terminal lists each problem."));
	if (o->headless) {
		w.virtual_clock = true;
		w.vwall_base = real_wall();
	}

	rstore_row *rows = NULL;
	rstore_event *events = NULL;
	int nrows = 0, nevents = 0;
	if (rstore_rows(rd->store, &rows, &nrows) != 0 ||
	    rstore_events(rd->store, &events, &nevents) != 0) {
		fprintf(stderr, "prescreen review: %s\n", rstore_error(rd->store));
		goto out;
	}
	if (open_window(&w) != 0)
		goto out;
	const pack *cal = calibration_pack(&w, events, nevents);
	review_setup setup = {
		.reviewer = rd->reviewer, .seed = rd->seed, .rows = rows, .nrows = nrows,
		.events = events, .nevents = nevents,
		.samples = cal ? cal->samples : NULL, .nsamples = cal ? cal->sample_count : 0,
		.by_question = o->by_question,
		.backend = { be_load, be_scores, rstore_scores_free, be_score_put, be_note_put, rd->store },
		.clock = { clock_mono, clock_wall, &w },
	};
	w.flow = review_flow_new(&setup);
	free(rows);
	free(events);
	rows = NULL;
	events = NULL;
	if (!w.flow) {
		fprintf(stderr, "prescreen review: cannot read the review store: %s\n",
		        rstore_error(rd->store));
		goto out;
	}
	if (o->headless) {
		status = rwin_headless(&w);
	} else {
		run_window(&w);
		status = 0;
	}
out:
	free(rows);
	free(events);
	teardown(&w);
	return status;
}
