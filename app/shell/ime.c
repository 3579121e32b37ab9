#include "ime.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Without an override the languages that need no input method type on a US keyboard. */
#define IME_KEYBOARD_DEFAULT "xkb:us::eng"
#define IME_NAME_MAX 64

static struct {
	bool on;
	char ibus[PATH_MAX];
	pid_t child;                    /* the switch under way, 0 when none */
	char running[IME_NAME_MAX];     /* the engine it asks for */
	char wanted[IME_NAME_MAX];      /* the engine asked for last */
	char pending[IME_NAME_MAX];     /* asked for while a switch ran; "" when none */
} ime;

static bool find_ibus(char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n > 0 && (size_t)snprintf(out, size, "%.*s/ibus", (int)n, path) < size &&
		    access(out, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

void ime_init(void)
{
	memset(&ime, 0, sizeof ime);
	ime.on = find_ibus(ime.ibus, sizeof ime.ibus);
	if (!ime.on)
		fprintf(stderr, "prescreen: no ibus command: the input method will not follow the "
		        "candidate's language\n");
}

const char *ime_engine_for(const char *lang)
{
	if (lang && strcmp(lang, "zh_CN") == 0)
		return "libpinyin";
	if (lang && strcmp(lang, "ja") == 0)
		return "anthy";
	/* A kiosk with another keyboard layout names its engine (e.g. xkb:de::ger). */
	const char *kb = getenv("PRESCREEN_IME_KEYBOARD");
	return kb && *kb && strlen(kb) < IME_NAME_MAX ? kb : IME_KEYBOARD_DEFAULT;
}

static void start(const char *engine)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return;
	/* ibus prints nothing useful; its exit status is reported instead. */
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
	char *argv[] = { ime.ibus, "engine", (char *)engine, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, ime.ibus, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "prescreen: cannot run %s engine %s: %s\n", ime.ibus, engine, strerror(rc));
		return;
	}
	ime.child = pid;
	snprintf(ime.running, sizeof ime.running, "%s", engine);
}

void ime_use(const char *lang)
{
	if (!ime.on)
		return;
	const char *engine = ime_engine_for(lang);
	if (strcmp(engine, ime.wanted) == 0)
		return;
	snprintf(ime.wanted, sizeof ime.wanted, "%s", engine);
	/* One switch at a time, so that the last one asked for is the one that stays. */
	if (ime.child)
		snprintf(ime.pending, sizeof ime.pending, "%s", engine);
	else
		start(engine);
}

static void reaped(int status)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fprintf(stderr, "prescreen: \"ibus engine %s\" failed (%s %d); the input method "
		        "stays as it was\n", ime.running,
		        WIFEXITED(status) ? "exit status" : "signal",
		        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	ime.child = 0;
}

void ime_poll(void)
{
	if (!ime.child)
		return;
	int status;
	pid_t r = waitpid(ime.child, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return;
	if (r == ime.child)
		reaped(status);
	else
		ime.child = 0;
	if (ime.pending[0]) {
		char next[IME_NAME_MAX];
		snprintf(next, sizeof next, "%s", ime.pending);
		ime.pending[0] = '\0';
		/* Asked for again meanwhile: the switch that just ended set it already. */
		if (strcmp(next, ime.running) != 0)
			start(next);
	}
}

bool ime_busy(void)
{
	return ime.child != 0;
}

void ime_shutdown(void)
{
	ime.pending[0] = '\0';
	while (ime.child) {
		int status;
		pid_t r = waitpid(ime.child, &status, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == ime.child)
			reaped(status);
		else
			ime.child = 0;
	}
}
