/*
 * guard.c — see guard.h. Why each piece is here:
 *
 * Signals are taken by a thread of their own with sigwait: SDL's wait for
 * events retries on EINTR, so a handler could not wake it, but an event pushed
 * from a normal thread can. A kiosk ends only by SIGTERM (a service stop); a
 * hang-up, Ctrl+C, Ctrl+\ or Ctrl+Z from a terminal it was started in must not
 * end or freeze it.
 *
 * X: SDL's own error handler ends in Xlib's default one, which exits at once,
 * so a window destroyed from outside (`xdotool windowclose`) used to end the
 * kiosk with the session still in progress. Errors are logged and survived;
 * the lost window is noticed (DestroyNotify, or a BadWindow/BadDrawable on
 * it), the session saved as interrupted and a new window opened. When the
 * connection itself dies, the session is saved from within Xlib's I/O error
 * handler — before anything else can fail — and the kiosk exits non-zero.
 *
 * A window manager may iconify the kiosk, show the desktop or switch the
 * workspace. The window is made sticky (on every workspace) and, whenever it
 * is hidden, iconified or loses focus, asked back with _NET_ACTIVE_WINDOW as a
 * pager would. SDL_RestoreWindow is not used: for an unmapped window it waits
 * for a MapNotify the window manager may never send.
 */
#include "guard.h"
#include "writer.h"

#include <SDL2/SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESTORE_GAP_MS 250     /* at most this often, so we never fight the WM in a tight loop */
#define RESTORE_CHECK_MS 600   /* look again this long after asking */

static struct {
	app *a;
	bool kiosk;
	Display *dpy;
	Window win;
	Window old_win;        /* the lost one: errors about it are expected */
	bool window_lost;
	atomic_bool display_lost;  /* set by Xlib's handler, on whichever thread found it */
	pthread_t main_thread;     /* the one that draws and owns the flow */
	bool restore_due;
	int64_t restore_at;    /* monotonic ms; 0 = nothing pending */
	int64_t last_restore;
} g;

static sigset_t caught;

static void wake(void)
{
	SDL_Event e = { .type = SDL_USEREVENT };
	SDL_PushEvent(&e);
}

static void *signal_thread(void *arg)
{
	(void)arg;
	for (;;) {
		int sig;
		if (sigwait(&caught, &sig) != 0)
			continue;
		if (g.kiosk && sig != SIGTERM) {
			fprintf(stderr, "prescreen: signal %d (%s) ignored: a kiosk stops only on SIGTERM\n",
			        sig, strsignal(sig));
			continue;
		}
		app_stop = 1;
		wake();
		return NULL;
	}
}

void guard_signals_start(const kiosk_options *o)
{
	g.kiosk = !o->windowed && !o->headless;
	sigemptyset(&caught);
	sigaddset(&caught, SIGTERM);
	sigaddset(&caught, SIGINT);
	sigaddset(&caught, SIGHUP);
	sigaddset(&caught, SIGQUIT);
	/* A developer's windowed kiosk may still be suspended from its terminal. */
	if (g.kiosk)
		sigaddset(&caught, SIGTSTP);
	pthread_sigmask(SIG_BLOCK, &caught, NULL);
	pthread_t t;
	if (pthread_create(&t, NULL, signal_thread, NULL) == 0)
		pthread_detach(t);
}

/* IBus's address as SDL would find it (SDL_ibus.c, IBus_GetDBusAddressFilename). */
static int ibus_address(char *out, size_t size)
{
	const char *env = getenv("IBUS_ADDRESS");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return 0;
	}
	const char *display = getenv("DISPLAY");
	if (!display || !*display)
		display = ":0.0";
	char host[256];
	const char *colon = strrchr(display, ':');
	if (!colon)
		return -1;
	snprintf(host, sizeof host, "%.*s", (int)(colon - display), display);
	if (!host[0])
		snprintf(host, sizeof host, "unix");
	char num[32];
	snprintf(num, sizeof num, "%s", colon + 1);
	char *dot = strchr(num, '.');
	if (dot)
		*dot = '\0';

	char machine[64] = "";
	const char *ids[] = { "/var/lib/dbus/machine-id", "/etc/machine-id" };
	for (size_t i = 0; i < 2 && !machine[0]; i++) {
		FILE *f = fopen(ids[i], "r");
		if (!f)
			continue;
		if (fgets(machine, sizeof machine, f))
			machine[strcspn(machine, "\r\n")] = '\0';
		fclose(f);
	}
	if (!machine[0])
		return -1;
	char path[PATH_MAX];
	const char *conf = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (conf && *conf)
		snprintf(path, sizeof path, "%s/ibus/bus/%s-%s-%s", conf, machine, host, num);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/ibus/bus/%s-%s-%s", home, machine, host, num);
	else
		return -1;
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[1024];
	int rc = -1;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "IBUS_ADDRESS=", 13) == 0) {
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(out, size, "%s", line + 13);
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

/*
 * With no session bus, libdbus "autolaunches" a dbus-daemon that outlives
 * the kiosk. SDL 2.26 wants a session connection before it talks to IBus at
 * all (SDL_DBus_GetContext), though it reaches IBus on a connection of its
 * own: so the session connection goes to IBus's bus when there is one, and
 * to nowhere (no autolaunch) when there is none.
 */
void guard_session_bus(void)
{
	const char *s = getenv("DBUS_SESSION_BUS_ADDRESS");
	if (s && *s)
		return;
	char addr[1024];
	if (ibus_address(addr, sizeof addr) != 0)
		snprintf(addr, sizeof addr, "unix:path=/nonexistent/prescreen-no-session-bus");
	setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
}

int guard_check_driver(const kiosk_options *o)
{
	const char *d = SDL_GetCurrentVideoDriver();
	if (o->headless || !d)
		return 0;
	if (strcmp(d, "offscreen") == 0 || strcmp(d, "dummy") == 0) {
		fprintf(stderr, "prescreen: no display (SDL chose the \"%s\" driver); "
		        "refusing to run an invisible kiosk\n", d);
		return -1;
	}
	return 0;
}

/*
 * The connection to the X server is dead. Xlib calls this holding that
 * display's lock, and for SDL's second connection (its event-loop wake-ups)
 * it exit()s the process as soon as this returns. So the session is saved
 * here and the process ends here, on the drawing thread, which owns the flow
 * and waits on no other lock: the writer thread never touches X (writer.h).
 * Any other thread (a wake-up sent after SIGTERM) must not return into that
 * exit() before the drawing thread has saved: it waits for the end.
 */
static int on_io_error(Display *d)
{
	(void)d;
	if (!pthread_equal(pthread_self(), g.main_thread)) {
		atomic_store(&g.display_lost, true);
		for (;;)
			pause();
	}
	atomic_store(&g.display_lost, true);
	static bool saved;
	if (!saved) {
		saved = true;
		fprintf(stderr, "prescreen: the X display is gone; session saved as interrupted\n");
		if (g.a && g.a->flow)
			flow_interrupt(g.a->flow);
		if (g.a && g.a->writer)
			writer_drain(g.a->writer);
	}
	fflush(stderr);
	_exit(GUARD_EXIT_DISPLAY_LOST);
}

static int on_x_error(Display *d, XErrorEvent *e)
{
	if (e->resourceid && e->resourceid == g.old_win)
		return 0;
	if (e->resourceid && e->resourceid == g.win &&
	    (e->error_code == BadWindow || e->error_code == BadDrawable)) {
		if (!g.window_lost) {
			g.window_lost = true;
			wake();
		}
		return 0;
	}
	char text[128];
	XGetErrorText(d, e->error_code, text, sizeof text);
	fprintf(stderr, "prescreen: X error ignored: %s (request %d.%d, resource 0x%lx)\n", text,
	        e->request_code, e->minor_code, e->resourceid);
	return 0;
}

static bool x11_info(app *a, SDL_SysWMinfo *info)
{
	SDL_VERSION(&info->version);
	return a->window && SDL_GetWindowWMInfo(a->window, info) && info->subsystem == SDL_SYSWM_X11;
}

static void send_wm_message(Window w, const char *type, long l0, long l1, long l2)
{
	XEvent e;
	memset(&e, 0, sizeof e);
	e.xclient.type = ClientMessage;
	e.xclient.message_type = XInternAtom(g.dpy, type, False);
	e.xclient.format = 32;
	e.xclient.window = w;
	e.xclient.data.l[0] = l0;
	e.xclient.data.l[1] = l1;
	e.xclient.data.l[2] = l2;
	XSendEvent(g.dpy, DefaultRootWindow(g.dpy), False,
	           SubstructureNotifyMask | SubstructureRedirectMask, &e);
}

void guard_window_created(app *a)
{
	g.a = a;
	g.main_thread = pthread_self();
	SDL_SysWMinfo info;
	if (!x11_info(a, &info))
		return;
	g.dpy = info.info.x11.display;
	g.win = info.info.x11.window;
	g.window_lost = false;
	XSetErrorHandler(on_x_error);
	XSetIOErrorHandler(on_io_error);
	SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
	if (!g.kiosk)
		return;
	/* On every workspace: switching to another one does not hide the kiosk. */
	unsigned long all = 0xFFFFFFFFul;
	XChangeProperty(g.dpy, g.win, XInternAtom(g.dpy, "_NET_WM_DESKTOP", False), XA_CARDINAL, 32,
	                PropModeReplace, (unsigned char *)&all, 1);
	send_wm_message(g.win, "_NET_WM_DESKTOP", (long)all, 2, 0);
	XFlush(g.dpy);
}

static void schedule_restore(app *a, int64_t delay)
{
	int64_t at = app_mono(a) + delay;
	if (!g.restore_at || at < g.restore_at)
		g.restore_at = at;
}

void guard_event(app *a, const SDL_Event *e)
{
	if (e->type == SDL_SYSWMEVENT && e->syswm.msg && e->syswm.msg->subsystem == SDL_SYSWM_X11) {
		const XEvent *x = &e->syswm.msg->msg.x11.event;
		if (x->type == DestroyNotify && x->xdestroywindow.window == g.win && g.win)
			g.window_lost = true;
		return;
	}
	if (!g.kiosk || e->type != SDL_WINDOWEVENT)
		return;
	switch (e->window.event) {
	case SDL_WINDOWEVENT_HIDDEN:
	case SDL_WINDOWEVENT_MINIMIZED:
	case SDL_WINDOWEVENT_FOCUS_LOST:
		g.restore_due = true;
		schedule_restore(a, 0);
		break;
	default:
		break;
	}
}

int guard_timeout(app *a, int timeout_ms)
{
	if (!g.restore_at)
		return timeout_ms;
	int64_t left = g.restore_at - app_mono(a);
	if (left < 0)
		left = 0;
	return left < timeout_ms ? (int)left : timeout_ms;
}

/* Asks the window manager for the kiosk back: mapped, on top, focused, fullscreen. */
static void restore(app *a)
{
	Uint32 fl = SDL_GetWindowFlags(a->window);
	bool shown = !(fl & (SDL_WINDOW_HIDDEN | SDL_WINDOW_MINIMIZED));
	if (g.dpy && g.win) {
		/* Source 2 (a pager): honoured without focus-stealing prevention. */
		send_wm_message(g.win, "_NET_ACTIVE_WINDOW", 2, CurrentTime, 0);
		/* An iconified window comes back when its client maps it (ICCCM 4.1.4). */
		if (!shown)
			XMapRaised(g.dpy, g.win);
		XFlush(g.dpy);
	}
	if (shown) {
		SDL_RaiseWindow(a->window);
		SDL_SetWindowInputFocus(a->window);
		if (!(fl & SDL_WINDOW_FULLSCREEN) && !a->fullscreen_pending)
			SDL_SetWindowFullscreen(a->window, SDL_WINDOW_FULLSCREEN_DESKTOP);
	}
	render_invalidate(a->render);
}

static bool needs_restore(app *a)
{
	Uint32 fl = SDL_GetWindowFlags(a->window);
	return (fl & (SDL_WINDOW_HIDDEN | SDL_WINDOW_MINIMIZED)) || !(fl & SDL_WINDOW_INPUT_FOCUS) ||
	       (!(fl & SDL_WINDOW_FULLSCREEN) && !a->fullscreen_pending);
}

static bool reopen(app *a)
{
	fprintf(stderr, "prescreen: the window was destroyed from outside; session saved as "
	        "interrupted, opening a new one\n");
	flow_interrupt(a->flow);
	/*
	 * SDL still takes the window for shown, and hiding it first (as
	 * SDL_DestroyWindow does) waits for an UnmapNotify a destroyed window
	 * never sends. The notice it waits for is handed to SDL now instead.
	 */
	if (g.dpy && (SDL_GetWindowFlags(a->window) & SDL_WINDOW_SHOWN)) {
		XEvent ev;
		memset(&ev, 0, sizeof ev);
		ev.xunmap.type = UnmapNotify;
		ev.xunmap.display = g.dpy;
		ev.xunmap.event = g.win;
		ev.xunmap.window = g.win;
		XPutBackEvent(g.dpy, &ev);
		SDL_PumpEvents();
	}
	g.old_win = g.win;
	g.win = 0;
	SDL_DestroyWindow(a->window);
	a->window = NULL;
	if (a->text_input_on)
		SDL_StopTextInput();
	a->text_input_on = false;
	if (app_window_create(a) != 0 || !SDL_GetWindowSurface(a->window)) {
		fprintf(stderr, "prescreen: cannot open a new window: %s\n", SDL_GetError());
		return false;
	}
	guard_window_created(a);
	render_invalidate(a->render);
	return true;
}

bool guard_poll(app *a)
{
	if (atomic_load(&g.display_lost)) {
		/* Another thread found it first: the next X call ends us in on_io_error. */
		if (a->flow)
			flow_interrupt(a->flow);
		a->exit_status = GUARD_EXIT_DISPLAY_LOST;
		return false;
	}
	if (g.window_lost) {
		g.window_lost = false;
		if (!reopen(a)) {
			a->exit_status = GUARD_EXIT_DISPLAY_LOST;
			return false;
		}
		return true;
	}
	if (!g.kiosk || !g.restore_at || app_mono(a) < g.restore_at)
		return true;
	int64_t now = app_mono(a);
	g.restore_at = 0;
	if (now - g.last_restore < RESTORE_GAP_MS) {
		schedule_restore(a, RESTORE_GAP_MS - (now - g.last_restore));
		return true;
	}
	if (g.restore_due || needs_restore(a)) {
		g.restore_due = false;
		g.last_restore = now;
		restore(a);
		schedule_restore(a, RESTORE_CHECK_MS);   /* did the window manager listen? */
	}
	return true;
}
