#include "po_read.h"

#include <setjmp.h>
#include <string.h>

typedef struct {
	po_report_fn fn;
	void *ctx;
	sigjmp_buf fatal;
} po_reading;

/* The read in progress on this thread: the handler gets no user pointer. */
static _Thread_local po_reading *reading;

static void pass_on(const po_report *r)
{
	if (reading != NULL)
		reading->fn(reading->ctx, r);
}

static void po_xerror(int severity, po_message_t message, const char *filename, size_t lineno,
                      size_t column, int multiline_p, const char *message_text)
{
	po_report r = { .severity = severity, .message = message, .file = filename,
	                .line = lineno, .text = message_text };
	(void)column;
	(void)multiline_p;
	pass_on(&r);
	/* A fatal report must not return into libgettextpo. */
	if (severity == PO_SEVERITY_FATAL_ERROR && reading != NULL)
		siglongjmp(reading->fatal, 1);
}

static void po_xerror2(int severity, po_message_t message1, const char *filename1,
                       size_t lineno1, size_t column1, int multiline_p1,
                       const char *message_text1, po_message_t message2,
                       const char *filename2, size_t lineno2, size_t column2,
                       int multiline_p2, const char *message_text2)
{
	po_report first = {
		.severity = severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity,
		.message = message1, .file = filename1, .line = lineno1, .text = message_text1,
		.first_of_two = true, .then_line = lineno2,
	};
	po_report second = { .severity = severity, .message = message2, .file = filename2,
	                     .line = lineno2, .text = message_text2, .second_of_two = true };
	(void)column1;
	(void)multiline_p1;
	(void)column2;
	(void)multiline_p2;
	pass_on(&first);
	pass_on(&second);
	if (severity == PO_SEVERITY_FATAL_ERROR && reading != NULL)
		siglongjmp(reading->fatal, 1);
}

static const struct po_xerror_handler handler = { po_xerror, po_xerror2 };

po_file_t po_read(const char *path, po_report_fn fn, void *ctx)
{
	po_reading r = { .fn = fn, .ctx = ctx };
	/* Set after sigsetjmp, read after a jump back. */
	po_file_t volatile po = NULL;

	reading = &r;
	if (sigsetjmp(r.fatal, 0) == 0)
		po = po_file_read(path, &handler);
	reading = NULL;
	return po;
}

void po_read_check_format(po_message_t m, po_report_fn fn, void *ctx)
{
	po_reading r = { .fn = fn, .ctx = ctx };

	reading = &r;
	if (sigsetjmp(r.fatal, 0) == 0)
		po_message_check_format(m, &handler);
	reading = NULL;
}

#if defined(__SANITIZE_ADDRESS__)
/* libgettextpo 0.21 keeps a few small allocations of each file read even
 * after po_file_free; they are its own, not ours, and must not fail a leak
 * check. Weak: a test may give its own list. */
const char *__lsan_default_suppressions(void);
__attribute__((weak)) const char *__lsan_default_suppressions(void)
{
	return "leak:libgettextpo\n";
}
#endif
