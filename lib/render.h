/* render: tables shown as aligned text, GitHub Markdown, HTML or keten CSV. */
#ifndef KETEN_RENDER_H
#define KETEN_RENDER_H

#include <stddef.h>

struct csvw;

enum render_format {
	RENDER_TEXT,       /* aligned columns for a terminal */
	RENDER_MD,         /* a GitHub Markdown table */
	RENDER_HTML,       /* a complete HTML5 document holding one table */
	RENDER_HTML_TABLE, /* the <table> element alone, to embed in a page */
	RENDER_CSV,        /* keten CSV */
	RENDER_CSV_NL,     /* CSV for a Dutch spreadsheet: a UTF-8 BOM, ';' between fields,
			    * CRLF after each record, numbers with a decimal comma and text
			    * that a spreadsheet would take for a formula after a "'" */
	RENDER_XLSX,       /* an Excel workbook (Office Open XML) of one sheet */
};

enum render_align {
	RENDER_AUTO, /* right when the column holds a number and, empty cells and
		       * RENDER_MARK aside, nothing else (see render_is_number) */
	RENDER_LEFT,
	RENDER_RIGHT,
};

/* Row flags. */
enum {
	RENDER_SUPPRESSED = 1, /* the row's empty cells are shown as RENDER_MARK */
};

/* The CBS symbol for a confidential cell. */
#define RENDER_MARK "."

/* md, html, csv and csv-nl streamed by render_start decide the alignment of RENDER_AUTO columns
 * from the first this many rows, and then hold no more than this many. */
#define RENDER_LOOKAHEAD 1000

struct render_table;

/* A table of ncols columns with the given names (copied). */
struct render_table *render_new(size_t ncols, const char *const *names);
void render_free(struct render_table *t);
/* A title (copied; NULL for none): text shows it as a first line, md as a level-one
 * heading, html as <caption> (and <title> of the document), xlsx as the title of the
 * workbook's properties; csv and csv-nl have no room for it. */
void render_set_title(struct render_table *t, const char *title);
void render_set_align(struct render_table *t, size_t col, enum render_align a);

/* Appends a row of ncols cells, copied into the table's arena: cells[i] holds lens[i]
 * bytes (no NUL needed).  flags is 0 or RENDER_SUPPRESSED. */
void render_row(struct render_table *t, const char *const *cells, const size_t *lens, int flags);
/* The same one cell at a time: ncols calls of render_cell, then render_end_row. */
void render_cell(struct render_table *t, const char *s, size_t n);
void render_end_row(struct render_table *t, int flags);
size_t render_nrows(const struct render_table *t);

/* Writes the whole table in format f to w.  width is the widest line wanted in text
 * (0: no limit; other formats ignore it).  The table is not changed, so it may be written
 * again in another format. */
void render_table(const struct render_table *t, enum render_format f, size_t width, struct csvw *w);

/* Streaming: after render_start, md, html, csv and csv-nl write the rows given to
 * render_row in batches of RENDER_LOOKAHEAD (the first batch decides the alignment), while
 * text and xlsx hold them all, since their widths need every row.  render_finish writes
 * the rest and the end.
 * Memory held per row: its bytes, 4 bytes per cell and 1 byte. */
void render_start(struct render_table *t, enum render_format f, size_t width, struct csvw *w);
void render_finish(struct render_table *t);

/* xlsx is made by libxlsxwriter, which writes only to a named file: the workbook goes to a
 * temporary file in $TMPDIR (or /tmp), which is copied to w and is gone again before
 * render_table or render_finish returns, also when they fail.  A sheet holds at most
 * RENDER_XLSX_ROWS rows under its header and RENDER_XLSX_COLS columns; more, or a longer
 * cell, is an error. */
#define RENDER_XLSX_ROWS 1048575
#define RENDER_XLSX_COLS 16384
/* The most characters a cell holds. */
#define RENDER_XLSX_CHARS 32767

/* Whether s is a number as csv-nl and xlsx write numbers: -? digits (. digits)?, as keten
 * writes them, with no leading zero but that of 0.5 and at most 15 digits, so that the
 * spreadsheet's double gives them back.  Anything else is text there: +31, 1e5, an id
 * like 0012 keep their characters. */
int render_is_sheet_number(const char *s, size_t n);

/* Whether s is a number as the alignment rule sees it:
 * [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?. */
int render_is_number(const char *s, size_t n);
/* The columns a terminal gives s as text shows it: code points, East Asian wide and
 * fullwidth ones count 2, combining marks 0; a line break, a control character or a
 * byte that is not UTF-8 counts 1 (text shows them as one symbol). */
size_t render_width(const char *s, size_t n);

/* Writes s with & < > " ' as entities; bytes that are not UTF-8 and control characters
 * other than tab, newline and carriage return become U+FFFD. */
void render_html_escape(struct csvw *w, const char *s, size_t n);
/* Writes s so that it stays one literal cell of a GitHub Markdown table: | \ ` * [ ] < >
 * ~ get a backslash, so do _ except between two letters or digits and & before a letter
 * or #; a line break (LF, CR or CR LF) becomes ⏎, a tab a space, and other control
 * characters and bytes that are not UTF-8 become U+FFFD. */
void render_md_escape(struct csvw *w, const char *s, size_t n);
/* The style sheet of the html document, for pages that embed RENDER_HTML_TABLE. */
extern const char render_css[];

/* The language of the words keten writes on its pages (labels, headings): English, until
 * they are translated.  Every page keten writes says so in <html lang>. */
#define RENDER_LANG "en"

/* The one frame of every HTML page keten writes (render's html, klantreis, report): the
 * doctype, <html lang="lang">, a <head> with UTF-8, the viewport, the <title> (title
 * escaped, or "keten" when NULL) and a <style> holding render_css and then css (NULL:
 * nothing more), and the opening <body>.  render_page_end closes the body and the page. */
void render_page_begin(struct csvw *w, const char *title, const char *lang, const char *css);
void render_page_end(struct csvw *w);

#endif
