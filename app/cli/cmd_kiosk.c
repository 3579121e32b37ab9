#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kiosk.h"
#include "session.h"

static int size_parse(const char *s, int *w, int *h)
{
	char *end;
	long lw = strtol(s, &end, 10);
	if (*end != 'x')
		return -1;
	long lh = strtol(end + 1, &end, 10);
	if (*end || lw < 320 || lh < 240 || lw > 7680 || lh > 4320)
		return -1;
	*w = (int)lw;
	*h = (int)lh;
	return 0;
}

int cmd_kiosk(int argc, char **argv)
{
	kiosk_options o = { 0 };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage_print("kiosk", 0);
			return 0;
		} else if (strcmp(a, "--windowed") == 0) {
			o.windowed = true;
		} else if (strcmp(a, "--headless") == 0) {
			o.headless = true;
		} else if (strcmp(a, "--list-controls") == 0) {
			o.list_controls = true;
		} else if (strcmp(a, "--realtime") == 0) {
			o.realtime = true;
		} else if (strcmp(a, "--list-text") == 0) {
			o.list_text = true;
		} else if (strcmp(a, "--wall-clock") == 0) {
			if (!next || session_parse_time(next, &o.wall_start_ms) != 0) {
				fprintf(stderr, "prescreen kiosk: --wall-clock takes a UTC time, e.g. "
				        "2026-11-29T10:00:00Z\n");
				return 2;
			}
			o.fixed_wall = true;
			i++;
		} else if (strcmp(a, "--data") == 0) {
			slot = &o.data_dir;
		} else if (strcmp(a, "--event") == 0) {
			slot = &o.event_path;
		} else if (strcmp(a, "--pack") == 0) {
			slot = &o.pack_dir;
		} else if (strcmp(a, "--script") == 0) {
			slot = &o.script_path;
		} else if (strcmp(a, "--shots") == 0) {
			slot = &o.shots_dir;
		} else if (strcmp(a, "--trace") == 0) {
			slot = &o.trace_path;
		} else if (strcmp(a, "--media") == 0) {
			if (!next || o.media_count == (int)(sizeof o.media_dirs / sizeof o.media_dirs[0])) {
				fprintf(stderr, "prescreen kiosk: --media takes a folder, at most %d times\n",
				        (int)(sizeof o.media_dirs / sizeof o.media_dirs[0]));
				return 2;
			}
			o.media_dirs[o.media_count++] = next;
			i++;
		} else if (strcmp(a, "--size") == 0) {
			if (!next || size_parse(next, &o.width, &o.height) != 0) {
				fprintf(stderr, "prescreen kiosk: --size takes WIDTHxHEIGHT, e.g. 1920x1080\n");
				return 2;
			}
			i++;
		} else {
			fprintf(stderr, "prescreen kiosk: unknown option '%s'\n", a);
			usage_print("kiosk", 1);
			return 2;
		}
		if (slot) {
			if (!next) {
				fprintf(stderr, "prescreen kiosk: %s needs a value\n", a);
				return 2;
			}
			*slot = next;
			i++;
		}
	}
	if ((o.script_path || o.shots_dir || o.realtime || o.trace_path || o.list_text ||
	     o.fixed_wall) && !o.headless) {
		fprintf(stderr, "prescreen kiosk: --script, --shots, --realtime, --trace, --list-text "
		        "and --wall-clock need --headless\n");
		return 2;
	}
	return kiosk_main(&o);
}
