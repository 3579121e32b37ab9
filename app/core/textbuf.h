/*
 * textbuf.h — the text of one answer or identity field being typed: UTF-8
 * bytes, a caret, and the IME composition not yet committed. Edits move by
 * grapheme cluster (ICU), so Backspace removes one user-perceived character.
 * Input that is not valid UTF-8 is replaced by U+FFFD, never stored broken;
 * so is a control character other than a line break (a tab becomes a space),
 * so that nothing a candidate typed or pasted vanishes without a trace.
 * The length limit counts grapheme clusters; an insert that would cross it is
 * cut at a cluster boundary and reported, never truncated silently.
 */
#ifndef PRESCREEN_TEXTBUF_H
#define PRESCREEN_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *text;          /* NUL-terminated UTF-8 */
	size_t len;          /* bytes */
	size_t cap;
	size_t caret;        /* byte offset, always on a cluster boundary */
	char *compose;       /* IME preedit shown at the caret; "" when none */
	size_t compose_sel;  /* the active conversion segment in compose: byte start, */
	size_t compose_sel_len; /* and length (0 = no segment marked) */
	int limit;           /* max clusters; 0 = none */
	bool single_line;    /* line breaks become spaces (names, contacts) */
	int clusters;        /* cached count of grapheme clusters in text */
} textbuf;

typedef enum {
	TB_MOVE_LEFT,        /* one cluster towards the start (logical order) */
	TB_MOVE_RIGHT,
	TB_MOVE_WORD_LEFT,
	TB_MOVE_WORD_RIGHT,
	TB_MOVE_HOME,        /* start of the logical line */
	TB_MOVE_END,
} textbuf_move;

void textbuf_init(textbuf *tb, int limit);
void textbuf_free(textbuf *tb);
/* Replaces the whole text, caret at the end. */
int textbuf_set(textbuf *tb, const char *utf8);

/*
 * Inserts at the caret (replacing invalid UTF-8 with U+FFFD). Returns the
 * number of clusters inserted; *hit_limit (if given) is set when part or all
 * of the input was refused by the limit.
 */
int textbuf_insert(textbuf *tb, const char *utf8, bool *hit_limit);
/* Deletes one cluster before / after the caret; returns 1 if one was removed. */
int textbuf_backspace(textbuf *tb);
int textbuf_delete(textbuf *tb);
void textbuf_move_caret(textbuf *tb, textbuf_move how);
void textbuf_set_compose(textbuf *tb, const char *utf8);
/* Marks the active conversion segment of the composition (bytes, clamped
 * to the composition and onto UTF-8 sequence boundaries). */
void textbuf_set_compose_segment(textbuf *tb, size_t start, size_t len);
/* The same in code points, as SDL_TEXTEDITING's start and length give it. */
void textbuf_set_compose_segment_cp(textbuf *tb, size_t start, size_t len);
/* Inserts the composition at the caret as typed text; returns clusters inserted. */
int textbuf_commit_compose(textbuf *tb);
/* Puts the caret at byte offset (clamped, moved back onto a cluster boundary). */
void textbuf_set_caret(textbuf *tb, size_t offset);

/* The text in Unicode NFC, malloc'd (what is stored and exported). */
char *textbuf_nfc(const textbuf *tb);

/* Counts over any UTF-8 string (ICU character and word break iterators). */
int text_count_clusters(const char *utf8);
int text_count_words(const char *utf8, const char *language);
/* NFC of utf8, malloc'd; invalid sequences become U+FFFD. */
char *text_nfc(const char *utf8);
/* NFC without Unicode white space at either end, malloc'd (names, contacts). */
char *text_trim_nfc(const char *utf8);
/* Byte offset of code point cp in utf8 (its length when cp is past the end). */
size_t text_cp_offset(const char *utf8, size_t cp);
/* true when s is well-formed UTF-8. */
bool text_valid_utf8(const char *s, size_t len);

#endif
