#include "kiosk.h"

#include <SDL2/SDL_ttf.h>
#include <errno.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "audit.h"
#include "event_save.h"
#include "guard.h"
#include "i18n.h"
#include "ime.h"
#include "lang.h"
#include "numfmt.h"
#include "pack_install.h"
#include "pack_snapshot.h"
#include "paths.h"
#include "stats.h"
#include "ui_admin.h"
#include "wipe.h"
#include "wrap.h"
#include "writer.h"

/* How often the window loop looks for a pending save's outcome (or an IBus switch's end). */
#define WRITER_POLL_MS 50

volatile sig_atomic_t app_stop;

int64_t app_mono(app *a)
{
	if (a->virtual_clock)
		return a->vmono;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t clock_mono(void *ctx)
{
	return app_mono(ctx);
}

static int64_t clock_wall(void *ctx)
{
	app *a = ctx;
	if (a->virtual_clock)
		return a->vwall_base + a->vmono;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void clock_random(void *ctx, void *buf, int len)
{
	app *a = ctx;
	if (a->opt.fixed_wall) {
		/* The n-th draw of a reproducible run is the same in every run. */
		unsigned char seed[randombytes_SEEDBYTES] = { 0 };
		memcpy(seed, &a->random_draws, sizeof a->random_draws);
		a->random_draws++;
		randombytes_buf_deterministic(buf, (size_t)len, seed);
		return;
	}
	randombytes_buf(buf, (size_t)len);
}

/*
 * The flow's sink: the drawing thread only copies the session into the
 * writer's queue (issue 6, point 10); the window loop polls for the outcome
 * while a save is pending and hands it to the flow through app_saved().
 */
static int sink_save(void *ctx, const session_record *s)
{
	app *a = ctx;
	return writer_save(a->writer, s) == 0 ? FLOW_SAVE_QUEUED : FLOW_SAVE_FAILED;
}

static int sink_erase(void *ctx, const char *session_id)
{
	app *a = ctx;
	return writer_erase(a->writer, session_id) == 0 ? FLOW_SAVE_QUEUED : FLOW_SAVE_FAILED;
}

int app_saved(app *a)
{
	writer_result r;
	int n = 0;
	while (writer_next_result(a->writer, &r)) {
		n++;
		/* Revisions grow across candidates: the flow ignores an earlier one's. */
		if (!r.erase)
			flow_saved(a->flow, r.rev, r.ok);
		explicit_bzero(&r, sizeof r);
	}
	return n;
}

void app_settle(app *a)
{
	do
		writer_drain(a->writer);
	while (app_saved(a) > 0);
}

static const char *translate(void *ctx, const char *language, const char *question_id,
                             const char *field, const char *source)
{
	app *a = ctx;
	char key[160];
	if (strcmp(i18n_current(), language) != 0)
		i18n_use(language);
	snprintf(key, sizeof key, "%s|%s", question_id, field);
	return i18n_pgettext(a->pack_domain, key, source);
}

void app_frame(app *a)
{
	SDL_Surface *surface = SDL_GetWindowSurface(a->window);
	if (!surface)
		return;
	uint64_t t0 = SDL_GetPerformanceCounter();
	flow_view v;
	flow_view_get(a->flow, &v);
	admin *adm = a->admin ? admin_shell_admin(a->admin) : NULL;
	bool admin_open = adm && admin_is_open(adm);
	if (admin_open != a->admin_was_open) {
		render_invalidate(a->render);
		a->admin_was_open = admin_open;
	}
	/*
	 * Back at the start: nothing of the last candidate stays in memory, and
	 * what only their language needed (faces, ICU iterators) goes too.
	 */
	bool at_start = v.screen == SCREEN_ATTRACT;
	if (at_start && a->last_screen != SCREEN_ATTRACT) {
		render_forget(a->render);
		explicit_bzero(a->frame, sizeof *a->frame);
		a->release_pending = true;
		/* After the session's last save: WAL checkpointed, SQLite's cache wiped. */
		writer_scrub(a->writer);
		wipe_sdl_events();
		wipe_stack();
	}
	a->last_screen = v.screen;
	render_set_candidate(a->render, !at_start && !admin_open);
	/* The language the screen speaks: the attract screen cycles through them,
	 * admin mode speaks the staff's. */
	const char *lang = admin_open ? admin_language(adm)
	                   : v.ui_language ? v.ui_language : v.language ? v.language : v.languages[0];
	if (strcmp(i18n_current(), lang) != 0)
		i18n_use(lang);
	const lang_info *li = lang_find(lang);
	a->rtl = li && li->rtl;
	ui_measure m = render_measure(a->render);
	if (admin_open)
		ui_admin_build(adm, &m, surface->w, surface->h, a->frame);
	else
		ui_build(&v, &m, surface->w, surface->h, !i18n_loaded(), a->frame);

	/* Tests compare the incremental frames with whole ones drawn this way. */
	if (a->full_redraw)
		render_invalidate(a->render);
	SDL_Rect dirty[256];
	int n = render_frame(a->render, surface, a->frame, dirty, 256);
	if (n > 0)
		SDL_UpdateWindowSurfaceRects(a->window, dirty, n);
	/* After typing, the figure that matters runs from the key to the pixels. */
	if (a->typed)
		t0 = a->typed_at;
	a->frame_us = (int64_t)((SDL_GetPerformanceCounter() - t0) * 1000000 /
	                        SDL_GetPerformanceFrequency());
	stats_add(a->typed ? STATS_FRAME_TYPING : STATS_FRAME_OTHER, a->frame_us);
	a->typed = false;
	if (n > 0) {
		stats_first_frame();
		stats_key_shown();
	}

	if (a->fullscreen_pending && n > 0) {
		a->fullscreen_pending = false;
		if (SDL_SetWindowFullscreen(a->window, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
			fprintf(stderr, "prescreen: no fullscreen (%s); staying borderless\n",
			        SDL_GetError());
		render_invalidate(a->render);
	}

	/* Once the attract screen is drawn its lines are cached: faces can go. */
	if (a->release_pending || a->frames++ == 0) {
		fonts_release(a->fonts);
		wrap_cleanup();
		numfmt_cleanup();
		malloc_trim(0);
		a->release_pending = false;
	}

	/* The IME is on only while an answer or field has the caret. */
	if (a->frame->text_input) {
		SDL_Rect r = { a->frame->caret.x, a->frame->caret.y, a->frame->caret.w,
		               a->frame->caret.h };
		SDL_SetTextInputRect(&r);
		if (!a->text_input_on)
			SDL_StartTextInput();
		a->text_input_on = true;
	} else if (a->text_input_on) {
		SDL_StopTextInput();
		a->text_input_on = false;
	}

	/* The candidate's language picks the input method (the attract and
	 * language screens, which have none, the plain keyboard); admin mode
	 * the staff's. */
	ime_poll();
	ime_use(admin_open ? admin_language(adm) : v.language);
}

/*
 * The event in force: --event, else the one staff saved last
 * (DATA/events/current), else the bundled default.
 */
static int find_event(app *a, char *path, size_t len)
{
	if (a->opt.event_path) {
		snprintf(path, len, "%s", a->opt.event_path);
		return 0;
	}
	int rc = event_current_path(a->data_dir, path, len);
	if (rc < 0) {
		fprintf(stderr, "%s/events/current: %s\n", a->data_dir, strerror(errno));
		return -1;
	}
	if (rc > 0)
		snprintf(path, len, "%s/assets/default-event.json", paths_share_dir());
	return 0;
}

/*
 * --pack, else the installed current version of the event's pack (its own
 * compiled catalogs, no rebuild), else the bundled questions/<id>.
 */
static int load_pack(app *a, const char *event_path)
{
	char dir[PATH_MAX], locale[PATH_MAX + 8], id[PACK_SHORT] = "backend-developer";
	snprintf(locale, sizeof locale, "%s", paths_locale_dir());
	if (a->opt.pack_dir)
		snprintf(dir, sizeof dir, "%s", a->opt.pack_dir);
	else {
		/* A malformed event file is reported, with its line, by event_load. */
		char named[PACK_SHORT];
		if (event_pack_id(event_path, named, sizeof named) == 0 && named[0] &&
		    !strchr(named, '/') && named[0] != '.')
			snprintf(id, sizeof id, "%s", named);
		pack_installed inst;
		int found = pack_installed_find(a->data_dir, id, &inst);
		if (found < 0)
			fprintf(stderr, "prescreen: warning: %s/packs-installed/%s/current cannot be "
			        "read; using the bundled pack\n", a->data_dir, id);
		if (found == 0) {
			snprintf(dir, sizeof dir, "%s", inst.dir);
			snprintf(locale, sizeof locale, "%s/locale", inst.dir);
		} else
			snprintf(dir, sizeof dir, "%s/questions/%s", paths_share_dir(), id);
	}
	diag_list d = { 0 };
	int rc = pack_load(dir, &a->pack, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc == 0) {
		snprintf(a->pack_domain, sizeof a->pack_domain, "prescreen-pack-%s", a->pack.id);
		bindtextdomain(a->pack_domain, locale);
		bind_textdomain_codeset(a->pack_domain, "UTF-8");
	}
	return rc;
}

static int load_event(app *a, const char *p)
{
	event_defaults(&a->event, &a->pack);
	diag_list d = { 0 };
	int rc = event_load(p, &a->pack, &a->event, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0)
		return -1;
	/* A kiosk without a configured id is named after its host. */
	if (strcmp(a->event.kiosk_id, "kiosk") == 0) {
		char host[SESSION_SHORT];
		if (gethostname(host, sizeof host) == 0 && host[0]) {
			host[sizeof host - 1] = '\0';
			for (char *c = host; *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				      (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_'))
					*c = '_';
			snprintf(a->event.kiosk_id, sizeof a->event.kiosk_id, "%s", host);
		}
	}
	return 0;
}

/* The kiosk's window; again when the first was destroyed from outside. */
int app_window_create(app *a)
{
	int w = a->opt.width ? a->opt.width : 1280, h = a->opt.height ? a->opt.height : 720;
	Uint32 flags = 0;
	/*
	 * A kiosk starts borderless at the desktop's size and goes fullscreen
	 * after its first frame: SDL 2.26 waits up to 100 ms for a window
	 * manager to react to fullscreen, and that wait should not delay the
	 * first picture (docs/PERFORMANCE.md).
	 */
	SDL_Rect desk;
	bool kiosk = !a->opt.windowed && !a->opt.headless;
	if (kiosk && SDL_GetDisplayBounds(0, &desk) == 0) {
		flags |= SDL_WINDOW_BORDERLESS;
		w = desk.w;
		h = desk.h;
		a->fullscreen_pending = true;
	}
	a->window = SDL_CreateWindow("prescreen", kiosk ? 0 : SDL_WINDOWPOS_CENTERED,
	                             kiosk ? 0 : SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!a->window) {
		fprintf(stderr, "prescreen: cannot open a window: %s\n", SDL_GetError());
		return -1;
	}
	return 0;
}

/*
 * SDL 2.26's Wayland driver has no window framebuffer of its own: the only
 * one SDL_GetWindowSurface can give it is a streaming texture that an
 * OpenGL ES or OpenGL renderer presents over EGL (SDL_CreateWindowTexture),
 * so on Wayland that is allowed. X11 keeps its own (XShm images), which
 * loads no GL at all. SDL reads the hint at the first SDL_GetWindowSurface,
 * so it can follow the driver SDL_Init picked. Figures: docs/PERFORMANCE.md,
 * "Under cage".
 */
void kiosk_framebuffer_hint(void)
{
	const char *d = SDL_GetCurrentVideoDriver();
	if (d && strcmp(d, "wayland") == 0)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
}

static int open_window(app *a)
{
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
	SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (a->opt.headless)
		SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
	guard_session_bus();
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "prescreen: cannot start the display: %s\n", SDL_GetError());
		return -1;
	}
	if (guard_check_driver(&a->opt) != 0)
		return -1;
	kiosk_framebuffer_hint();
	if (TTF_Init() != 0) {
		fprintf(stderr, "prescreen: cannot start SDL_ttf: %s\n", TTF_GetError());
		return -1;
	}
	if (app_window_create(a) != 0)
		return -1;
	SDL_Surface *s = SDL_GetWindowSurface(a->window);
	if (!s) {
		fprintf(stderr, "prescreen: no window surface: %s\n", SDL_GetError());
		return -1;
	}
	guard_window_created(a);
	char err[512];
	a->fonts = fonts_new(s->h, err, sizeof err);
	if (!a->fonts) {
		fprintf(stderr, "prescreen: %s\n", err);
		return -1;
	}
	if (fonts_check(a->fonts, err, sizeof err) != 0) {
		fprintf(stderr, "prescreen: %s\n", err);
		return -1;
	}
	a->render = render_new(a->fonts);
	a->frame = calloc(1, sizeof *a->frame);
	if (!a->render || !a->frame) {
		fprintf(stderr, "prescreen: out of memory\n");
		return -1;
	}
	if (!a->opt.headless) {
		SDL_ShowCursor(a->opt.windowed ? SDL_ENABLE : SDL_DISABLE);
		ime_init();
	}
	SDL_StopTextInput();
	return 0;
}

/* Waits for input or the flow's next deadline; an idle kiosk sleeps here. */
static void run_window(app *a)
{
	app_frame(a);
	while (!app_stop) {
		int64_t deadline = flow_next_deadline(a->flow);
		admin *adm = admin_shell_admin(a->admin);
		int64_t more[2] = { admin_next_deadline(adm), input_long_press_deadline(a) };
		for (int i = 0; i < 2; i++)
			if (more[i] != FLOW_NO_DEADLINE && (deadline == FLOW_NO_DEADLINE || more[i] < deadline))
				deadline = more[i];
		int64_t now = app_mono(a);
		int timeout = 3600 * 1000;
		if (deadline != FLOW_NO_DEADLINE)
			timeout = deadline <= now ? 0 : (int)(deadline - now < timeout ? deadline - now : timeout);
		timeout = guard_timeout(a, timeout);
		/* A save's outcome is looked for, not announced (writer.h says why). */
		if ((writer_pending(a->writer) || admin_shell_busy(a->admin) || ime_busy()) &&
		    timeout > WRITER_POLL_MS)
			timeout = WRITER_POLL_MS;
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			input_event(a, &e);
			while (!app_stop && SDL_PollEvent(&e))
				input_event(a, &e);
		} else if (a->trim_due) {
			/* Typing has paused: give freed memory back while nothing happens. */
			malloc_trim(0);
			a->trim_due = false;
		}
		if (a->typed)
			a->trim_due = true;
		app_saved(a);
		admin_shell_poll(a->admin);
		if (app_stop || !guard_poll(a))
			break;
		input_long_press(a);
		admin_tick(adm);
		flow_tick(a->flow);
		app_frame(a);
	}
}

static void teardown(app *a)
{
	/* An export under way finishes (or fails) before the kiosk goes. */
	admin_shell_free(a->admin);
	a->admin = NULL;
	if (a->flow)
		flow_shutdown(a->flow);
	/* Whatever is queued (the interrupted session's last save) reaches the disk. */
	if (a->writer)
		a->store = writer_stop(a->writer);
	a->writer = NULL;
	if (a->flow)
		flow_free(a->flow);
	store_close(a->store);
	render_free(a->render);
	free(a->frame);
	fonts_free(a->fonts);
	ime_shutdown();
	if (a->window)
		SDL_DestroyWindow(a->window);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
	pack_free(&a->pack);
	wrap_cleanup();
	numfmt_cleanup();
	stats_write();
}

/*
 * Retention (SPEC §14): sessions older than the event's retention period
 * go before the writer owns the store, and the trail says how many. A purge
 * that fails leaves the kiosk running (candidates are still served) and is
 * tried again on the next start.
 */
static void purge_expired(app *a)
{
	int64_t now = clock_wall(&(app){ .virtual_clock = false });
	int days = a->event.retention_days;
	int n = store_purge_before(a->store, now - (int64_t)days * 86400000);
	char detail[96];

	if (n < 0) {
		fprintf(stderr, "prescreen: warning: sessions past the retention period were not "
		        "removed: %s\n", store_error(a->store));
		return;
	}
	if (n == 0)
		return;
	/* The purged pages are zeroed in the WAL; folding it into the database
	 * overwrites their old copies there too. */
	if (store_scrub(a->store) != 0)
		fprintf(stderr, "prescreen: warning: %s\n", store_error(a->store));
	snprintf(detail, sizeof detail, "%d session%s older than %d days", n, n == 1 ? "" : "s",
	         days);
	if (audit_add(a->store, now, "retention", detail) != 0)
		fprintf(stderr, "prescreen: warning: the audit trail was not written: %s\n",
		        store_error(a->store));
	fprintf(stderr, "prescreen: %s removed (retention)\n", detail);
}

int kiosk_main(const kiosk_options *o)
{
	app a;
	memset(&a, 0, sizeof a);
	a.opt = *o;
	a.corner_down_at = -1;
	int status = 1;

	stats_start();
	wipe_init();
	/*
	 * Line images come and go with every keystroke; from the heap they would
	 * leave holes glibc keeps. Mapped directly, they go back to the system.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	a.full_redraw = getenv("PRESCREEN_FULL_REDRAW") != NULL;
	if (sodium_init() < 0) {
		fprintf(stderr, "prescreen: libsodium failed to start\n");
		return 1;
	}
	i18n_init(paths_locale_dir());
	if (paths_data_dir(o->data_dir, a.data_dir, sizeof a.data_dir) != 0) {
		fprintf(stderr, "prescreen: no data directory: set PRESCREEN_DATA or use --data DIR\n");
		return 1;
	}
	char event_file[PATH_MAX];
	if (find_event(&a, event_file, sizeof event_file) != 0 ||
	    load_pack(&a, event_file) != 0 || load_event(&a, event_file) != 0)
		goto out;
	char err[1024];
	a.store = store_open(a.data_dir, err, sizeof err);
	if (!a.store) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	/* Exports carry the pack the sessions were recorded with, even once
	 * the pack folder changes; without a snapshot they fall back to it. */
	diag_list snap = { 0 };
	pack_snapshot(&a.pack, a.data_dir, &snap);
	for (int i = 0; i < snap.count; i++)
		fprintf(stderr, "prescreen: warning: %s\n", snap.lines[i]);
	diag_free(&snap);
	/* The questions and threshold are fixed once a candidate has answered. */
	int changed = store_event_changed(a.store, a.event.id, a.event.hash);
	if (changed != 0) {
		if (changed > 0)
			fprintf(stderr, "%s: event \"%s\" already has sessions recorded with other "
			        "questions, threshold or pack; give the changed event a new id\n",
			        event_file, a.event.id);
		else
			fprintf(stderr, "%s\n", store_error(a.store));
		goto out;
	}
	/* A lock from wrong PINs outlives a restart: read before the writer owns the store. */
	audit_lock lock = { 0, 0 };
	if (audit_lock_get(a.store, &lock) != 0)
		fprintf(stderr, "prescreen: the admin PIN lock could not be read: %s\n",
		        store_error(a.store));
	int recovered = store_recover(a.store);
	if (recovered < 0) {
		fprintf(stderr, "%s\n", store_error(a.store));
		goto out;
	}
	if (recovered > 0)
		fprintf(stderr, "prescreen: %d unfinished session(s) kept as interrupted\n", recovered);
	/* Fixed ids would replace the sessions a directory already holds. */
	store_counts held;
	if (o->fixed_wall && (store_count(a.store, NULL, &held) != 0 || held.total > 0)) {
		fprintf(stderr, "%s: --wall-clock needs a data directory without sessions (its "
		        "fixed ids would replace them)\n", a.data_dir);
		goto out;
	}
	purge_expired(&a);

	if (o->headless) {
		a.virtual_clock = true;
		a.vmono = 0;
		a.vwall_base = o->fixed_wall ? o->wall_start_ms
		                             : clock_wall(&(app){ .virtual_clock = false });
	}
	guard_signals_start(o);

	if (open_window(&a) != 0)
		goto out;
	/* The benchmark's key-to-frame figure needs the X server's time of each key. */
	if (stats_enabled() && !o->headless)
		SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
	a.clock = (flow_clock){ clock_mono, clock_wall, clock_random, &a };
	a.sink = (flow_sink){ sink_save, sink_erase, &a };
	a.translate = translate;
	if (!(a.writer = writer_start(a.store, a.data_dir, NULL, NULL))) {
		fprintf(stderr, "prescreen: cannot start the writer thread\n");
		goto out;
	}
	/* Queued before the flow exists, so before its first save. */
	if (writer_seal_key(a.writer, a.event.has_public_key ? a.event.public_key : NULL) != 0) {
		fprintf(stderr, "prescreen: out of memory\n");
		goto out;
	}
	a.flow = flow_new(&a.event, &a.pack, a.clock, a.sink, translate, &a);
	if (!a.flow)
		goto out;
	if (!(a.admin = admin_shell_new(&a))) {
		fprintf(stderr, "prescreen: cannot start admin mode's thread\n");
		goto out;
	}
	admin_set_lock(admin_shell_admin(a.admin), &lock);
	if (o->headless) {
		status = headless_run(&a);
	} else {
		run_window(&a);
		status = a.exit_status;
	}
out:
	teardown(&a);
	return status;
}
