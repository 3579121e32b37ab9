/*
 * commands.h — the subcommands of SPEC §12. Each takes argv after its own
 * name and returns the exit status: 0 done, 1 the input was wrong, 2 usage.
 */
#ifndef PRESCREEN_COMMANDS_H
#define PRESCREEN_COMMANDS_H

int cmd_kiosk(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_event(int argc, char **argv);
int cmd_erase(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_keygen(int argc, char **argv);

/* Prints a command's usage; returns -1 for an unknown command. */
int usage_print(const char *command, int to_stderr);

#endif
