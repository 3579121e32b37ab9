/*
 * report.h — `prescreen report` (SPEC §9): bundles and scores files in,
 * results.csv (ranked, RFC 4180, formula cells neutralised) and a
 * self-contained, printable report.html (inline SVG plots) out.
 */
#ifndef PRESCREEN_REPORT_H
#define PRESCREEN_REPORT_H

#include "bundle.h"
#include "diag.h"
#include "rstore.h"

typedef struct {
	char *const *bundles;
	int nbundles;
	const bundle_key *key;      /* for sealed bundles; NULL: none given */
	char *const *scores;        /* scores files */
	int nscores;
	const char *lang;           /* the reader's language code */
	const char *out_dir;
	/* The reviewer's store: sessions erased there on request (prescreen
	 * erase) are left out of the report too. NULL: none to ask. */
	rstore *erased;
} report_options;

/* 0 done; 1 bad input (each problem a line in d; what could load still reports). */
int report_run(const report_options *o, diag_list *d);

#endif
