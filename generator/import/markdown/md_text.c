/*
 * Markdown as the importer needs it: lines, fenced code, headings,
 * pipe tables, links and HTML entities.  See md_internal.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/file_io.h"
#include "base/buf.h"
#include "base/diag.h"
#include "import/import_doc.h"
#include "import/markdown/md_internal.h"

/* The largest markdown file read. */
#define MD_MAX_BYTES (16u * 1024u * 1024u)

int md_doc_read(md_doc *doc, const char *path, struct diag *d)
{
    memset(doc, 0, sizeof(*doc));
    /* "-": standard input, named so in messages */
    doc->path = strcmp(path, "-") == 0 ? FILE_STDIN_NAME : path;
    size_t len;
    doc->data = file_read_input(path, MD_MAX_BYTES, &len, d);
    if (!doc->data)
        return -1;
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += doc->data[i] == '\n';
    doc->lines = malloc(count * sizeof(*doc->lines));
    doc->code = calloc(count, 1);
    if (!doc->lines || !doc->code) {
        diag_error(d, doc->path, 0, 0, "out of memory");
        md_doc_free(doc);
        return -1;
    }
    char *p = doc->data;
    int fenced = 0;
    while (doc->n < count) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        if (n > 0 && p[n - 1] == '\r')
            p[n - 1] = '\0';
        const char *t = p + strspn(p, " ");
        int fence = strncmp(t, "```", 3) == 0 || strncmp(t, "~~~", 3) == 0;
        doc->code[doc->n] = (unsigned char)(fenced || fence);
        if (fence)
            fenced = !fenced;
        doc->lines[doc->n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

void md_doc_free(md_doc *doc)
{
    free(doc->data);
    free(doc->lines);
    free(doc->code);
    memset(doc, 0, sizeof(*doc));
}

int md_heading(const md_doc *doc, size_t i, const char **text, size_t *len)
{
    if (i >= doc->n || doc->code[i])
        return 0;
    const char *s = doc->lines[i];
    int level = 0;
    while (s[level] == '#')
        level++;
    if (level == 0 || level > 6 || (s[level] != ' ' && s[level] != '\0'))
        return 0;
    s += level;
    s += strspn(s, " ");
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '#'))
        n--;
    *text = s;
    *len = n;
    return level;
}

/* ---- tables -------------------------------------------------------- */

static int is_separator(const char *s)
{
    int dash = 0;
    for (; *s; s++) {
        if (*s == '-')
            dash = 1;
        else if (!strchr("|: \t", *s))
            return 0;
    }
    return dash;
}

static char *trimmed(imp_spec *sp, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return imp_strndup(sp, s, n);
}

/* Splits a row into cells (outer pipes dropped, "\|" kept as text);
 * returns the count, filling up to max cells (each malloc'd). */
static size_t split_row(imp_spec *sp, const char *row, char **cells,
                        size_t max)
{
    const char *s = row + strspn(row, " \t");
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n > 0 && s[0] == '|') {
        s++;
        n--;
    }
    if (n > 0 && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
        n--;
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (s[i] != '|' || (i > 0 && s[i - 1] == '\\')))
            continue;
        if (count < max)
            cells[count] = trimmed(sp, s + start, i - start);
        count++;
        start = i + 1;
    }
    return count;
}

static size_t pipes(const char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i]; i++)
        n += s[i] == '|' && (i == 0 || s[i - 1] != '\\');
    return n;
}

static int odd_bold(const char *s)
{
    size_t n = 0;
    for (const char *p = strstr(s, "**"); p; p = strstr(p + 2, "**"))
        n++;
    return n % 2 == 1;
}

int md_table_read(const md_doc *doc, size_t i, md_table *t, imp_spec *sp)
{
    memset(t, 0, sizeof(*t));
    if (i + 1 >= doc->n || doc->code[i] || !strchr(doc->lines[i], '|') ||
        !is_separator(doc->lines[i + 1]))
        return 0;
    size_t hp = pipes(doc->lines[i]);
    char *head[32];
    size_t ncols = split_row(sp, doc->lines[i], head, 32);
    if (ncols > 32)
        ncols = 32;
    t->header = calloc(ncols, sizeof(char *));
    if (!t->header) {
        for (size_t k = 0; k < ncols; k++)
            free(head[k]);
        sp->oom = 1;
        return 0;
    }
    memcpy(t->header, head, ncols * sizeof(char *));
    t->ncols = ncols;
    size_t line = i + 2;
    buf row;
    buf_init(&row);
    while (line < doc->n && !doc->code[line] &&
           strchr(doc->lines[line], '|')) {
        row.len = 0;
        buf_puts(&row, doc->lines[line++]);
        /* A row an editor wrapped has fewer pipes than the header and
         * stops inside bold text ("| **" then "Boolean** |"): the next
         * lines (not blank, not a heading) continue it.  A short row
         * whose bold is closed is complete (Go's "ctx" row has no Notes
         * cell). */
        while (pipes(row.data) < hp && odd_bold(row.data) &&
               line < doc->n && !doc->code[line] && doc->lines[line][0] &&
               doc->lines[line][0] != '#') {
            buf_putc(&row, ' ');
            buf_puts(&row, doc->lines[line++]);
        }
        if (buf_failed(&row))
            break;
        char **cells = realloc(t->cells, (t->nrows + 1) * ncols *
                                             sizeof(char *));
        if (!cells) {
            sp->oom = 1;
            break;
        }
        t->cells = cells;
        char **r = cells + t->nrows * ncols;
        for (size_t k = 0; k < ncols; k++)
            r[k] = NULL;
        split_row(sp, row.data, r, ncols);
        t->nrows++;
    }
    buf_free(&row);
    t->end = line;
    return 1;
}

void md_table_free(md_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t i = 0; i < t->ncols; i++)
        free(t->header[i]);
    free(t->cells);
    free(t->header);
    memset(t, 0, sizeof(*t));
}

size_t md_column(const md_table *t, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < t->ncols; i++)
        for (const char *h = t->header[i]; h && *h; h++)
            if (strncasecmp(h, word, n) == 0)
                return i;
    return t->ncols;
}

/* ---- text ------------------------------------------------------------ */

int md_has(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; s && *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Writes code point cp as UTF-8 at out; returns the length. */
static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One entity at s ("&lt;", "&#x60;"): its length and code point, or 0. */
static size_t entity(const char *s, unsigned long *cp)
{
    static const struct {
        const char *name;
        unsigned long cp;
    } named[] = {{"&lt;", '<'},    {"&gt;", '>'},   {"&amp;", '&'},
                 {"&quot;", '"'},  {"&apos;", '\''}, {"&nbsp;", ' '}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t n = strlen(named[i].name);
        if (strncmp(s, named[i].name, n) == 0) {
            *cp = named[i].cp;
            return n;
        }
    }
    if (s[1] != '#')
        return 0;
    unsigned long v = 0;
    size_t k = 2;
    int base = 10;
    if (s[2] == 'x' || s[2] == 'X') {
        base = 16;
        k = 3;
    }
    size_t digits = 0;
    for (; s[k] && s[k] != ';' && digits < 8; k++, digits++) {
        int h = hexval(s[k]);
        if (h < 0 || h >= base)
            return 0;
        v = v * (unsigned long)base + (unsigned long)h;
    }
    if (s[k] != ';' || digits == 0 || v == 0 || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return k + 1;
}

void md_unescape(char *s)
{
    char *out = s;
    while (*s) {
        unsigned long cp;
        size_t n = *s == '&' ? entity(s, &cp) : 0;
        if (n) {
            /* Every entity is longer than its UTF-8 encoding. */
            out += put_utf8(out, cp);
            s += n;
        } else {
            *out++ = *s++;
        }
    }
    *out = '\0';
}

char *md_plain(imp_spec *sp, const char *cell)
{
    if (!cell)
        return NULL;
    buf b;
    buf_init(&b);
    for (const char *p = cell; *p; p++) {
        char ch = *p;
        if (ch == '*')
            continue; /* emphasis */
        if (ch == '\\' && p[1] && strchr("|*_\\`", p[1]))
            ch = *++p;
        if (ch == ' ' || ch == '\t') {
            if (b.len > 0 && b.data[b.len - 1] != ' ')
                buf_putc(&b, ' ');
            continue;
        }
        buf_putc(&b, ch);
    }
    while (b.len > 0 && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    if (b.len == 0) {
        buf_free(&b);
        return NULL;
    }
    char *s = buf_take(&b);
    if (!s)
        sp->oom = 1;
    else
        md_unescape(s);
    return s;
}

char *md_plain_n(imp_spec *sp, const char *s, size_t n)
{
    char *raw = imp_strndup(sp, s, n);
    char *p = md_plain(sp, raw);
    free(raw);
    return p;
}

int md_link(imp_spec *sp, const char *s, char **text, char **target)
{
    *text = *target = NULL;
    const char *open = strchr(s, '[');
    while (open) {
        const char *close = strstr(open, "](");
        const char *end = close ? strchr(close + 2, ')') : NULL;
        if (close && end) {
            *text = imp_strndup(sp, open + 1, (size_t)(close - open - 1));
            *target = imp_strndup(sp, close + 2, (size_t)(end - close - 2));
            return 1;
        }
        open = strchr(open + 1, '[');
    }
    return 0;
}
