/*
 * input.c — SDL events into flow calls. The headless runner feeds the same
 * functions, so a script exercises exactly what a keyboard or a finger does.
 */
#include <SDL2/SDL_syswm.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "guard.h"
#include "stats.h"

static admin *open_admin(const app *a)
{
	admin *adm = a->admin ? admin_shell_admin(a->admin) : NULL;
	return adm && admin_is_open(adm) ? adm : NULL;
}

void input_tap(app *a, int x, int y)
{
	const ui_control *c = ui_hit(a->frame, x, y);
	/* While admin mode is open the flow gets no input at all. */
	admin *adm = open_admin(a);
	if (adm) {
		if (c)
			admin_press(adm, c->id);
		return;
	}
	if (!c) {
		flow_touch(a->flow);
		return;
	}
	/* In an editable text the tap also puts the caret at the tapped character. */
	ui_measure m = render_measure(a->render);
	int offset = ui_offset_at(a->frame, &m, x, y);
	flow_press(a->flow, c->id);
	if (offset >= 0)
		flow_caret_to(a->flow, (size_t)offset);
}

void input_text(app *a, const char *utf8)
{
	admin *adm = open_admin(a);
	if (adm) {
		admin_text(adm, utf8);
		return;
	}
	a->typed = true;
	a->typed_at = SDL_GetPerformanceCounter();
	flow_text(a->flow, utf8);
}

void input_compose(app *a, const char *utf8)
{
	if (open_admin(a))
		return;
	flow_compose(a->flow, utf8);
}

/* Keys that edit or move in the text: with Ctrl, Alt or Super held they do nothing but the word moves. */
static bool editing_key(SDL_Keycode sym)
{
	switch (sym) {
	case SDLK_BACKSPACE: case SDLK_DELETE: case SDLK_LEFT: case SDLK_RIGHT: case SDLK_UP:
	case SDLK_DOWN: case SDLK_HOME: case SDLK_END: case SDLK_RETURN: case SDLK_KP_ENTER:
	case SDLK_TAB: case SDLK_SPACE:
		return true;
	default:
		return false;
	}
}

/*
 * The PIN pad takes digits as keys: SDL sends no text while no text field has
 * the caret. The receipt code field has it, so there a digit comes as text.
 */
static void admin_key_down(admin *adm, SDL_Keycode sym, bool chord)
{
	char digit[2] = { 0, 0 };
	if (sym >= SDLK_0 && sym <= SDLK_9)
		digit[0] = (char)('0' + (sym - SDLK_0));
	else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
		digit[0] = (char)('1' + (sym - SDLK_KP_1));
	else if (sym == SDLK_KP_0)
		digit[0] = '0';
	switch (sym) {
	case SDLK_BACKSPACE: admin_key(adm, FLOW_KEY_BACKSPACE); break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER: admin_key(adm, FLOW_KEY_RETURN); break;
	case SDLK_TAB: admin_key(adm, FLOW_KEY_TAB); break;
	case SDLK_ESCAPE: admin_escape(adm); break;
	case SDLK_DELETE: admin_key(adm, FLOW_KEY_DELETE); break;
	case SDLK_LEFT: admin_key(adm, FLOW_KEY_LEFT); break;
	case SDLK_RIGHT: admin_key(adm, FLOW_KEY_RIGHT); break;
	case SDLK_HOME: admin_key(adm, FLOW_KEY_HOME); break;
	case SDLK_END: admin_key(adm, FLOW_KEY_END); break;
	default:
		if (digit[0] && !chord && admin_current(adm) == ADMIN_PIN)
			admin_text(adm, digit);
		break;
	}
}

static bool in_corner(app *a, int x, int y)
{
	SDL_Surface *s = SDL_GetWindowSurface(a->window);
	int px = s ? ADMIN_CORNER_PX * s->h / 1080 : ADMIN_CORNER_PX;
	return x >= 0 && y >= 0 && x < px && y < px;
}

int64_t input_long_press_deadline(const app *a)
{
	return a->corner_down_at >= 0 ? a->corner_down_at + ADMIN_LONG_PRESS_MS : FLOW_NO_DEADLINE;
}

void input_long_press(app *a)
{
	if (a->corner_down_at >= 0 && app_mono(a) >= a->corner_down_at + ADMIN_LONG_PRESS_MS) {
		a->corner_down_at = -1;
		admin_shell_open(a->admin);
	}
}

static void key_down(app *a, const SDL_KeyboardEvent *k)
{
	SDL_Keymod mod = k->keysym.mod;
	SDL_Keycode sym = k->keysym.sym;
	bool ctrl = mod & KMOD_CTRL, alt = mod & KMOD_ALT, gui = mod & KMOD_GUI;
	/*
	 * The text SDL sends with a chord is not typing (Alt+Space gives a
	 * space). Right Alt is AltGr on many layouts (@ on a German keyboard):
	 * what it types is kept.
	 */
	a->after_chord = ctrl || (mod & KMOD_LALT) || gui;

	/* A developer's window can always be left; a kiosk only from admin mode. */
	if (ctrl && alt && sym == SDLK_q && a->opt.windowed) {
		app_stop = 1;
		return;
	}
	admin *adm = open_admin(a);
	if (adm) {
		admin_key_down(adm, sym, ctrl || alt || gui);
		return;
	}
	/* Staff's way in, between candidates only (with no PIN set, straight to status). */
	if (ctrl && alt && sym == SDLK_a) {
		admin_shell_open(a->admin);
		return;
	}
	bool word_move = ctrl && !alt && !gui && (sym == SDLK_LEFT || sym == SDLK_RIGHT);
	if ((ctrl || alt || gui) && editing_key(sym) && !word_move) {
		flow_touch(a->flow);
		return;
	}
	a->typed = true;
	a->typed_at = SDL_GetPerformanceCounter();
	switch (k->keysym.sym) {
	case SDLK_BACKSPACE: flow_key(a->flow, FLOW_KEY_BACKSPACE); break;
	case SDLK_DELETE: flow_key(a->flow, FLOW_KEY_DELETE); break;
	/* In a right-to-left paragraph the left arrow goes forward in the text. */
	case SDLK_LEFT:
	case SDLK_RIGHT: {
		bool forward = (sym == SDLK_RIGHT) != a->rtl;
		flow_key(a->flow, ctrl ? (forward ? FLOW_KEY_WORD_RIGHT : FLOW_KEY_WORD_LEFT)
		                       : (forward ? FLOW_KEY_RIGHT : FLOW_KEY_LEFT));
		break;
	}
	/* Up and Down keep the caret's x on the line above or below. */
	case SDLK_UP:
	case SDLK_DOWN: {
		ui_measure m = render_measure(a->render);
		flow_view v;
		flow_view_get(a->flow, &v);
		const char *lang = v.language ? v.language : v.languages[0];
		int to = ui_vertical_target(a->frame, &m, lang, k->keysym.sym == SDLK_UP ? -1 : 1);
		if (to >= 0)
			flow_caret_to(a->flow, (size_t)to);
		else
			flow_touch(a->flow);
		break;
	}
	/* Home and End keep to the visual line of a wrapped answer. */
	case SDLK_HOME:
		if (a->frame->caret_line_start >= 0)
			flow_caret_to(a->flow, (size_t)a->frame->caret_line_start);
		else
			flow_key(a->flow, FLOW_KEY_HOME);
		break;
	case SDLK_END:
		if (a->frame->caret_line_end >= 0)
			flow_caret_to(a->flow, (size_t)a->frame->caret_line_end);
		else
			flow_key(a->flow, FLOW_KEY_END);
		break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		flow_key(a->flow, FLOW_KEY_RETURN);
		break;
	case SDLK_TAB: flow_key(a->flow, FLOW_KEY_TAB); break;
	case SDLK_F4:
		if (alt)
			break;   /* Alt+F4 ends nothing here */
		/* fall through */
	default:
		/* Any other key (Escape included) only counts as presence. */
		flow_touch(a->flow);
		break;
	}
}

bool input_tap_point(SDL_Window *window, const SDL_Event *e, int *x, int *y)
{
	if (e->type == SDL_MOUSEBUTTONDOWN && e->button.which != SDL_TOUCH_MOUSEID &&
	    e->button.button == SDL_BUTTON_LEFT) {
		*x = e->button.x;
		*y = e->button.y;
		return true;
	}
	SDL_Surface *s = e->type == SDL_FINGERDOWN ? SDL_GetWindowSurface(window) : NULL;
	if (!s)
		return false;
	*x = (int)(e->tfinger.x * s->w);
	*y = (int)(e->tfinger.y * s->h);
	return true;
}

void input_event(app *a, const SDL_Event *e)
{
	/* Only the text that comes with the chord's own key press is dropped. */
	bool after_chord = a->after_chord;
	if (e->type != SDL_SYSWMEVENT)
		a->after_chord = false;
	switch (e->type) {
	case SDL_QUIT:
		/* The window manager's close: a kiosk stays; a developer window goes. */
		if (a->opt.windowed)
			app_stop = 1;
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_FINGERDOWN: {
		int x, y;
		if (input_tap_point(a->window, e, &x, &y)) {
			/* Held 3 s in the top-left corner: staff's way in on a touch screen. */
			a->corner_down_at = !open_admin(a) && in_corner(a, x, y) ? app_mono(a) : -1;
			input_tap(a, x, y);
		}
		break;
	}
	case SDL_MOUSEBUTTONUP:
	case SDL_FINGERUP:
		a->corner_down_at = -1;
		break;
	case SDL_MOUSEMOTION:
	case SDL_FINGERMOTION:
		if (a->corner_down_at >= 0) {
			SDL_Surface *s = SDL_GetWindowSurface(a->window);
			int x = e->type == SDL_MOUSEMOTION ? e->motion.x : s ? (int)(e->tfinger.x * s->w) : 0;
			int y = e->type == SDL_MOUSEMOTION ? e->motion.y : s ? (int)(e->tfinger.y * s->h) : 0;
			if (e->type == SDL_FINGERMOTION || e->motion.which != SDL_TOUCH_MOUSEID)
				if (!in_corner(a, x, y))
					a->corner_down_at = -1;
		}
		break;
	case SDL_KEYDOWN:
		key_down(a, &e->key);
		break;
	case SDL_TEXTINPUT: {
		/* The PIN pad took its digits as keys already; the receipt code field takes text. */
		admin *adm = open_admin(a);
		if (!after_chord && (!adm || admin_current(adm) != ADMIN_PIN))
			input_text(a, e->text.text);
		break;
	}
	case SDL_TEXTEDITING:
		input_compose(a, e->edit.text);
		break;
	case SDL_TEXTEDITING_EXT:
		input_compose(a, e->editExt.text ? e->editExt.text : "");
		if (e->editExt.text)
			explicit_bzero(e->editExt.text, strlen(e->editExt.text));
		SDL_free(e->editExt.text);
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			render_invalidate(a->render);
		guard_event(a, e);
		break;
	case SDL_SYSWMEVENT:
		/* For the benchmark: the server's time of each key press. */
#if defined(SDL_VIDEO_DRIVER_X11)
		if (e->syswm.msg && e->syswm.msg->subsystem == SDL_SYSWM_X11 &&
		    e->syswm.msg->msg.x11.event.type == KeyPress)
			stats_key_pressed((uint32_t)e->syswm.msg->msg.x11.event.xkey.time);
#endif
		guard_event(a, e);
		break;
	default:
		break;
	}
}

int input_key_from_name(const char *name, SDL_Event *out)
{
	Uint16 mod = 0;
	const char *p = name;
	for (;;) {
		const char *plus = strchr(p, '+');
		if (!plus || plus[1] == '\0')
			break;
		size_t n = (size_t)(plus - p);
		if (n == 4 && strncmp(p, "Ctrl", 4) == 0)
			mod |= KMOD_LCTRL;
		else if (n == 3 && strncmp(p, "Alt", 3) == 0)
			mod |= KMOD_LALT;
		else if (n == 5 && strncmp(p, "Shift", 5) == 0)
			mod |= KMOD_LSHIFT;
		else
			return -1;
		p = plus + 1;
	}
	SDL_Keycode key = SDL_GetKeyFromName(p);
	if (key == SDLK_UNKNOWN)
		return -1;
	memset(out, 0, sizeof *out);
	out->type = SDL_KEYDOWN;
	out->key.state = SDL_PRESSED;
	out->key.keysym.sym = key;
	out->key.keysym.scancode = SDL_GetScancodeFromKey(key);
	out->key.keysym.mod = mod;
	return 0;
}
