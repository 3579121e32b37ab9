/*
 * cmd_event.c — `prescreen event check FILE [--pack DIR]` and `event set-pin
 * FILE` (SPEC §7, §12). check loads the event against its pack and lists every
 * problem; set-pin writes only the PIN's Argon2id hash into the file, which
 * is replaced whole (temp file, fsync, rename) so that a crash leaves either
 * the old file or the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "seal.h"
#include "commands.h"
#include "event.h"
#include "event_save.h"
#include "pack_install.h"
#include "paths.h"
#include "pin.h"

/* A PIN line longer than this is refused, not cut. */
#define PIN_LINE_MAX 64

/* The pack the event names ("pack"), or the bundled pack when it names none. */
static int event_pack(const char *file, char *id, size_t len)
{
	char named[SESSION_SHORT];
	/* A file that does not parse is left to event_load to report. */
	const char *s = event_pack_id(file, named, sizeof named) == 0 && named[0]
	              ? named : "backend-developer";

	if (strlen(s) >= len || strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(s) || s[0] == '.')
		return -1;
	strcpy(id, s);
	return 0;
}

static void print_minutes(int total_s)
{
	if (total_s % 60 != 0)
		printf("%d min %d s", total_s / 60, total_s % 60);
	else
		printf("%d min", total_s / 60);
}

static int event_check(const char *file, const char *pack_dir)
{
	char id[SESSION_SHORT], dir[PATH_MAX];
	diag_list d = { 0 };
	event_config ev;
	pack p;
	int rc;

	if (pack_dir == NULL) {
		if (event_pack(file, id, sizeof id) != 0) {
			fprintf(stderr, "%s: \"pack\" is not a pack id; give the pack "
			    "with --pack DIR\n", file);
			return 1;
		}
		/* As the kiosk picks it: the installed version, else the bundled one. */
		char data[PATH_MAX];
		pack_installed inst;
		if (paths_data_dir(NULL, data, sizeof data) == 0 &&
		    pack_installed_find(data, id, &inst) == 0)
			snprintf(dir, sizeof dir, "%s", inst.dir);
		else
			snprintf(dir, sizeof dir, "%s/questions/%s", paths_share_dir(), id);
		if (access(dir, F_OK) != 0) {
			fprintf(stderr, "%s: pack \"%s\" is neither installed nor bundled (no %s); give it "
			    "with --pack DIR\n", file, id, dir);
			return 1;
		}
		pack_dir = dir;
	}
	if (pack_load(pack_dir, &p, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		fprintf(stderr, "%s: cannot be checked: its pack %s has errors\n", file,
		    pack_dir);
		return 1;
	}
	rc = event_load(file, &p, &ev, &d);
	diag_print(&d, stderr);
	if (rc == 0 && d.errors == 0) {
		printf("%s: event \"%s\", pack \"%s\" %s, %d questions, %d languages, ",
		    file, ev.id, p.id, p.version, ev.question_count, ev.language_count);
		if (ev.time_limit_s > 0)
			print_minutes(ev.time_limit_s * ev.question_count);
		else
			printf("no time limit");
		char key_id[SEAL_KEY_ID_LEN] = "";
		if (ev.has_public_key)
			seal_key_id(ev.public_key, key_id);
		printf(", threshold %d, %s, %s%s, %s\n", ev.threshold,
		    ev.pin_hash[0] != '\0' ? "PIN set" : "no PIN",
		    ev.has_public_key ? "sealed for key " : "unsealed", key_id, ev.hash);
	}
	rc = rc == 0 && d.errors == 0 ? 0 : 1;
	diag_free(&d);
	pack_free(&p);
	return rc;
}

/* The terminal's settings while echo is off, for a signal to put back. */
static struct termios saved_tty;
static volatile sig_atomic_t echo_off;

static void restore_echo(int sig)
{
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * One line from standard input, a byte at a time: stdio would keep the PIN
 * in its buffer. 0, 1 too long, -1 end of input or error.
 */
static int read_line(char *buf, size_t cap)
{
	size_t n = 0;
	int too_long = 0;
	char ch;
	ssize_t got;

	while ((got = read(STDIN_FILENO, &ch, 1)) == 1 && ch != '\n') {
		if (n + 1 < cap)
			buf[n++] = ch;
		else
			too_long = 1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	explicit_bzero(&ch, sizeof ch);
	if (got != 1 && n == 0)
		return -1;
	return too_long;
}

/* Reads the PIN with echo off on a terminal, else a plain line (tests). */
static int read_pin(const char *prompt, char *buf, size_t cap)
{
	struct termios quiet;
	int tty = isatty(STDIN_FILENO), rc;

	if (tty) {
		if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
			return -1;
		quiet = saved_tty;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		signal(SIGINT, restore_echo);
		signal(SIGTERM, restore_echo);
		signal(SIGHUP, restore_echo);
		echo_off = 1;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
			echo_off = 0;
			return -1;
		}
		fputs(prompt, stderr);
		fflush(stderr);
	}
	rc = read_line(buf, cap);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		echo_off = 0;
		fputc('\n', stderr);
	}
	return rc;
}

/* file, or what it links to: the rename must replace the real file. */
static int write_atomic(const char *file, const char *text, char *err, size_t errlen)
{
	char real[PATH_MAX], tmp[PATH_MAX + 16], dir[PATH_MAX];
	size_t len = strlen(text);
	struct stat sb;
	char *slash;
	int fd, dfd;

	if (realpath(file, real) == NULL || stat(real, &sb) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", real);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot create a file beside it: %s", strerror(errno));
		return -1;
	}
	errno = 0;
	if (fchmod(fd, sb.st_mode & 07777) != 0 || write(fd, text, len) != (ssize_t)len
	    || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write a file beside it: %s",
		    errno ? strerror(errno) : "short write");
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, real) != 0) {
		snprintf(err, errlen, "cannot replace it: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	/* The rename itself is durable only once the directory is synced. */
	snprintf(dir, sizeof dir, "%s", real);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

static int set_pin(const char *file)
{
	char pin[PIN_LINE_MAX], again[PIN_LINE_MAX], hash[PIN_HASH_MAX], err[512];
	json_error_t jerr;
	json_t *root;
	const char *problem = NULL;
	char *text = NULL;
	int rc = 1, r1, r2;

	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && jerr.line > 0) {
		fprintf(stderr, "%s:%d: %s\n", file, jerr.line, jerr.text);
		return 1;
	}
	if (root == NULL) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		return 1;
	}
	if (!json_is_object(root)) {
		fprintf(stderr, "%s:1: the top level must be an object\n", file);
		json_decref(root);
		return 1;
	}
	r1 = read_pin("New admin PIN (4 to 12 digits): ", pin, sizeof pin);
	r2 = r1 < 0 ? -1 : read_pin("The same PIN again: ", again, sizeof again);
	if (r1 < 0 || r2 < 0)
		problem = "no PIN was given (two lines are needed)";
	else if (r1 > 0)
		problem = "the PIN must have at most 12 digits";
	else if ((problem = pin_problem(pin)) == NULL && (r2 > 0 || strcmp(pin, again) != 0))
		problem = "the two PINs differ";
	if (problem != NULL) {
		fprintf(stderr, "%s: %s; the file is unchanged\n", file, problem);
	} else if (pin_hash(pin, hash) != 0) {
		fprintf(stderr, "%s: cannot hash the PIN (out of memory); the file is "
		    "unchanged\n", file);
	} else if (json_object_set_new(root, "admin_pin_hash", json_string(hash)) != 0
	    || (text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL) {
		fprintf(stderr, "%s: out of memory; the file is unchanged\n", file);
	} else {
		size_t n = strlen(text);
		char *full = realloc(text, n + 2);
		if (full != NULL) {
			text = full;
			memcpy(text + n, "\n", 2);
		}
		if (full == NULL || write_atomic(file, text, err, sizeof err) != 0)
			fprintf(stderr, "%s: %s; the file is unchanged\n", file,
			    full == NULL ? "out of memory" : err);
		else
			rc = 0;
	}
	explicit_bzero(pin, sizeof pin);
	explicit_bzero(again, sizeof again);
	free(text);
	json_decref(root);
	if (rc == 0)
		fprintf(stderr, "%s: admin PIN set\n", file);
	return rc;
}

int cmd_event(int argc, char **argv)
{
	const char *pack_dir = NULL, *file = NULL;

	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		usage_print("event", 0);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "set-pin") == 0)
		return set_pin(argv[1]);
	if (argc >= 2 && strcmp(argv[0], "check") == 0) {
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "--pack") == 0 && i + 1 < argc)
				pack_dir = argv[++i];
			else if (file == NULL && argv[i][0] != '-')
				file = argv[i];
			else
				file = NULL, i = argc;
		}
		if (file != NULL)
			return event_check(file, pack_dir);
	}
	usage_print("event", 1);
	return 2;
}
