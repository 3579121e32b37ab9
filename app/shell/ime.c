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
	int err;                        /* read end of its stderr, -1 when none */
	char running[IME_NAME_MAX];     /* the engine it asks for */
	char wanted[IME_NAME_MAX];      /* the engine asked for last */
	char pending[IME_NAME_MAX];     /* asked for while a switch ran; "" when none */
	bool failing;                   /* the last switch failed and said so */
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
	ime.err = -1;
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
	int p[2];
	if (pipe(p) != 0) {
		fprintf(stderr, "prescreen: cannot switch IBus to %s: %s\n", engine, strerror(errno));
		return;
	}
	/* Only the child's stderr gets the write end (dup2 clears the flag). */
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	char *argv[] = { ime.ibus, "engine", (char *)engine, NULL };
	/* Its messages in English, so that reaped() can read them. */
	size_t n = 0;
	while (environ[n])
		n++;
	char **envp = calloc(n + 2, sizeof *envp);
	size_t k = 0;
	for (size_t i = 0; envp && i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) != 0)
			envp[k++] = environ[i];
	if (envp)
		envp[k] = "LC_ALL=C";
	pid_t pid;
	int rc = envp ? posix_spawn(&pid, ime.ibus, &fa, NULL, argv, envp) : ENOMEM;
	free(envp);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		fprintf(stderr, "prescreen: cannot run %s engine %s: %s\n", ime.ibus, engine, strerror(rc));
		return;
	}
	ime.child = pid;
	ime.err = p[0];
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

/* The child is gone (reaped, or by someone else: its outcome unknown). */
static void forget(void)
{
	if (ime.err >= 0)
		close(ime.err);
	ime.err = -1;
	ime.child = 0;
}

/*
 * `ibus engine NAME` (ibus 1.5.27, tools/main.vala) sets the engine, then
 * runs setxkbmap with the engine's layout and exits 1 when only that failed:
 * silently when the layout is "default" (libpinyin, anthy), else with a
 * warning naming setxkbmap or the xkb layout (under cage there may be no X
 * keyboard to set). The engine is switched all the same. (The package sets
 * IBus's use-system-keyboard-layout, so that setxkbmap never runs: switching
 * back to xkb:us::eng would make a German keyboard a US one.) A failure to
 * reach IBus or to set the engine says so in other words: only that counts.
 */
static void reaped(int status)
{
	char msg[512];
	ssize_t n = 0;
	if (ime.err >= 0) {
		/* The child has exited: what it wrote is all in the pipe. */
		int fl = fcntl(ime.err, F_GETFL);
		if (fl >= 0)
			fcntl(ime.err, F_SETFL, fl | O_NONBLOCK);
		n = read(ime.err, msg, sizeof msg - 1);
	}
	msg[n > 0 ? n : 0] = '\0';
	bool layout_only = msg[0] == '\0' || strstr(msg, "xkb") != NULL;
	bool ok = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || layout_only);
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = c[1] ? ' ' : '\0';
	/* Without a daemon every switch fails alike: said once until one works. */
	if (!ok && !ime.failing)
		fprintf(stderr, "prescreen: \"ibus engine %s\" failed (%s %d%s%s); the input "
		        "method stays as it was\n", ime.running,
		        WIFEXITED(status) ? "exit status" : "signal",
		        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		        msg[0] ? ": " : "", msg);
	ime.failing = !ok;
	forget();
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
		forget();
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
	/* A second at most: a hung ibus (D-Bus waits 25 s) must not hold up a
	 * service stop; the process that adopts it reaps it. */
	for (int i = 0; ime.child && i < 100; i++) {
		ime_poll();
		if (ime.child)
			usleep(10 * 1000);
	}
	if (ime.child)
		forget();
}
