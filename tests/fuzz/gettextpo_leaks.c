/*
 * Linked into the harnesses that read catalogs with libgettextpo. The
 * library is built without frame pointers: only the slow unwinder sees past
 * it, and only then can its own leaks be told from ours. gettext 0.21's PO
 * reader never frees the file name lex_start copies nor strings its grammar
 * collects, all under catalog_reader_parse, where nothing of ours runs.
 */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:libgettextpo_catalog_reader_parse\n";
}
