/*
 * Writing an imported spec as YAML: deterministic (the order of the
 * intermediate form, nothing else), readable (block style, plain scalars
 * where YAML reads them back unchanged, literal blocks for multi-line
 * text), and commented where the importer guessed.
 *
 * A scalar is written plain only when it cannot read back as anything
 * else: not empty, no indicator first, nothing YAML 1.1 or 1.2 would take
 * for null, a boolean or a number, no ": " or " #".  Everything else is
 * double-quoted with escapes; bytes that are not valid UTF-8 become
 * U+FFFD, since a YAML stream is UTF-8 and libyaml refuses anything else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "import/import_yaml.h"

/* ---- UTF-8 ----------------------------------------------------------- */

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length and
 * the code point, or 0 when it is not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    unsigned min, v;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, min = 0x80, v = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, min = 0x800, v = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, v = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Whether libyaml takes the code point as is (its "printable" set, less
 * the line breaks and the byte order mark). */
static int printable(unsigned cp)
{
    if (cp == 0x0A)
        return 0;
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF &&
                                          cp != 0x2028 && cp != 0x2029) ||
           (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Whether every character of s is printable (newlines allowed when
 * `lines`, tabs always). */
static int all_printable(const char *s, int lines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        if (!k)
            return 0;
        if (!printable(cp) && cp != '\t' && !(lines && cp == '\n'))
            return 0;
        p += k;
        n -= k;
    }
    return 1;
}

/* ---- scalars --------------------------------------------------------- */

static int reserved_word(const char *s)
{
    static const char *const words[] = {"null", "~",   "true", "false",
                                        "yes",  "no",  "on",   "off",
                                        "y",    "n"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(s, words[i]) == 0)
            return 1;
    return 0;
}

/* One pass over the string: a large spec writes a million scalars. */
static int plain_ok(const char *s, int flow)
{
    if (!s[0] || strchr("-?:,[]{}#&*!|>'\"%@`.+=<~ \t0123456789", s[0]))
        return 0;
    int ascii = 1;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7F)
            return 0; /* tabs, line breaks, control characters */
        if (c == ':' && (p[1] == ' ' || p[1] == '\0'))
            return 0;
        if (c == ' ' && (p[1] == '#' || p[1] == '\0'))
            return 0;
        if (flow && strchr(",[]{}:#", c))
            return 0;
        ascii &= c < 0x80;
    }
    if ((size_t)((const char *)p - s) <= 5 && reserved_word(s))
        return 0;
    return ascii || all_printable(s, 0);
}

static void quoted(buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    buf_putc(b, '"');
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        if (!k) {
            buf_puts(b, "\\uFFFD");
            p++;
            n--;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)cp);
        } else if (cp == '\n') {
            buf_puts(b, "\\n");
        } else if (cp == '\t') {
            buf_puts(b, "\\t");
        } else if (!printable(cp)) {
            if (cp < 0x100)
                buf_printf(b, "\\x%02X", cp);
            else
                buf_printf(b, "\\u%04X", cp);
        } else {
            buf_append(b, (const char *)p, k);
        }
        p += k;
        n -= k;
    }
    buf_putc(b, '"');
}

static void scalar(buf *b, const char *s, int flow)
{
    if (plain_ok(s, flow))
        buf_puts(b, s);
    else
        quoted(b, s);
}

static void indent(buf *b, int n)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
        buf_append(b, spaces, (size_t)k);
        n -= k;
    }
}

/* "# line" for each line of a note. */
static void note(buf *b, int ind, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        indent(b, ind);
        buf_puts(b, "# ");
        buf_append(b, p, n);
        buf_putc(b, '\n');
        p += n;
        if (*p == '\n')
            p++;
    }
}

/* "key: value\n" at ind; nothing for NULL. */
static void kv(buf *b, int ind, const char *key, const char *value)
{
    if (!value)
        return;
    indent(b, ind);
    buf_puts(b, key);
    buf_puts(b, ": ");
    scalar(b, value, 0);
    buf_putc(b, '\n');
}

/* A description: a literal block when it has several lines. */
static void text(buf *b, int ind, const char *key, const char *value)
{
    if (!value)
        return;
    if (!strchr(value, '\n') || value[0] == ' ' || !all_printable(value, 1)) {
        kv(b, ind, key, value);
        return;
    }
    indent(b, ind);
    buf_puts(b, key);
    buf_puts(b, ": |\n");
    for (const char *p = value; *p;) {
        size_t n = strcspn(p, "\n");
        if (n) {
            indent(b, ind + 2);
            buf_append(b, p, n);
        }
        buf_putc(b, '\n');
        p += n;
        if (*p == '\n')
            p++;
    }
}

static void flag(buf *b, int ind, const char *key, int on)
{
    if (!on)
        return;
    indent(b, ind);
    buf_puts(b, key);
    buf_puts(b, ": true\n");
}

/* ---- types ----------------------------------------------------------- */

static const char *kind_word(imp_kind k)
{
    static const char *const words[] = {"string", "integer", "number",
                                        "boolean", "array", "map", "",
                                        "any", "file"};
    return words[k];
}

/* The keys of a type at ind: type or $ref, format, items or values. */
static void type_keys(buf *b, const imp_spec *s, int ind, const imp_type *t,
                      int in_param)
{
    if (!t)
        t = &(const imp_type){.kind = IMP_ANY};
    if (t->kind == IMP_REF)
        kv(b, ind, "$ref", s->models[t->model].name);
    else
        kv(b, ind, "type", kind_word(t->kind));
    kv(b, ind, "format", t->format);
    if (t->kind != IMP_ARRAY && t->kind != IMP_MAP)
        return;
    indent(b, ind);
    buf_puts(b, t->kind == IMP_ARRAY ? "items:\n" : "values:\n");
    type_keys(b, s, ind + 2, t->items, in_param);
    if (!in_param)
        flag(b, ind + 2, "nullable", t->items && t->items->nullable);
}

/* ---- sections -------------------------------------------------------- */

static void servers(buf *b, const imp_spec *s)
{
    buf_puts(b, "servers:\n");
    for (size_t i = 0; i < s->nservers; i++) {
        const imp_server *sv = &s->servers[i];
        note(b, 2, sv->note);
        indent(b, 2);
        buf_puts(b, "- name: ");
        scalar(b, sv->name, 0);
        buf_putc(b, '\n');
        kv(b, 4, "url", sv->url_template ? sv->url_template : sv->url);
        text(b, 4, "description", sv->description);
        if (!sv->url_template || !sv->nvars)
            continue;
        buf_puts(b, "    variables:\n");
        for (size_t k = 0; k < sv->nvars; k++) {
            const imp_server_var *v = &sv->vars[k];
            indent(b, 6);
            scalar(b, v->name, 0);
            buf_puts(b, ":\n");
            kv(b, 8, "default", v->default_value);
            if (v->nvalues) {
                buf_puts(b, "        enum: [");
                for (size_t j = 0; j < v->nvalues; j++) {
                    if (j)
                        buf_puts(b, ", ");
                    scalar(b, v->values[j], 0);
                }
                buf_puts(b, "]\n");
            }
            text(b, 8, "description", v->description);
        }
    }
}

static const char *in_word(imp_in in)
{
    static const char *const words[] = {"query", "path", "header", "cookie",
                                        "param"};
    return words[in];
}

static void auths(buf *b, const imp_spec *s)
{
    if (!s->nauths)
        return;
    static const char *const kinds[] = {"basic", "bearer", "apikey",
                                        "session_cookie"};
    buf_puts(b, "auth:\n");
    for (size_t i = 0; i < s->nauths; i++) {
        const imp_auth *a = &s->auths[i];
        note(b, 2, a->note);
        indent(b, 2);
        scalar(b, a->name, 0);
        buf_puts(b, ":\n");
        kv(b, 4, "type", kinds[a->kind]);
        if (a->kind == IMP_AUTH_APIKEY) {
            kv(b, 4, "in", in_word(a->in));
            kv(b, 4, "name", a->param_name);
            kv(b, 4, "prefix", a->prefix);
        }
        if (a->kind == IMP_AUTH_SESSION_COOKIE)
            kv(b, 4, "cookie", a->param_name);
        text(b, 4, "description", a->description);
    }
}

/* "[a, [b, c]]" of auth scheme names: alternatives, a nested list for
 * schemes that apply together (joined, as imp_endpoint.auth_joined). */
static void auth_list(buf *b, const imp_spec *s, const size_t *list,
                      const unsigned char *joined, size_t n)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        int with_prev = joined && i && joined[i];
        int with_next = joined && i + 1 < n && joined[i + 1];
        if (i)
            buf_puts(b, ", ");
        if (with_next && !with_prev)
            buf_putc(b, '[');
        scalar(b, s->auths[list[i]].name, 1);
        if (with_prev && !with_next)
            buf_putc(b, ']');
    }
    buf_puts(b, "]\n");
}

static void errors(buf *b, const imp_spec *s)
{
    if (s->errors_model == IMP_NONE)
        return;
    buf_puts(b, "errors:\n");
    kv(b, 2, "model", s->models[s->errors_model].name);
    note(b, 2, s->errors_note);
    kv(b, 2, "code", s->errors_code);
    kv(b, 2, "message", s->errors_message);
}

static void enum_values(buf *b, const imp_model *m)
{
    indent(b, 4);
    buf_puts(b, "values:\n");
    for (size_t i = 0; i < m->nvalues; i++) {
        const imp_value *v = &m->values[i];
        indent(b, 6);
        buf_puts(b, "- ");
        if (v->c_name) {
            buf_puts(b, "value: ");
            scalar(b, v->value, 0);
            buf_putc(b, '\n');
            kv(b, 8, "c_name", v->c_name);
        } else {
            scalar(b, v->value, 0);
            buf_putc(b, '\n');
        }
    }
}

static void property(buf *b, const imp_spec *s, const imp_prop *p)
{
    note(b, 6, p->note);
    indent(b, 6);
    scalar(b, p->json_name, 0);
    buf_puts(b, ":\n");
    type_keys(b, s, 8, p->type, 0);
    if (p->type && p->type->kind == IMP_STRING)
        kv(b, 8, "const", p->type->const_value);
    flag(b, 8, "required", p->required);
    flag(b, 8, "nullable", p->nullable);
    flag(b, 8, "deprecated", p->deprecated);
    kv(b, 8, "c_name", p->c_name);
    text(b, 8, "description", p->description);
}

/* A union's alternatives, discriminator and nullable. */
static void union_model(buf *b, const imp_spec *s, const imp_model *m)
{
    kv(b, 4, "type", "union");
    flag(b, 4, "nullable", m->nullable);
    indent(b, 4);
    buf_puts(b, "alternatives:\n");
    for (size_t i = 0; i < m->nprops; i++) {
        const imp_prop *p = &m->props[i];
        note(b, 6, p->note);
        indent(b, 6);
        buf_puts(b, "-\n");
        type_keys(b, s, 8, p->type, 0);
        kv(b, 8, "c_name", p->c_name);
        text(b, 8, "description", p->description);
    }
    if (!m->discriminator)
        return;
    indent(b, 4);
    buf_puts(b, "discriminator:\n");
    kv(b, 6, "property", m->discriminator);
    if (!m->nmapping)
        return;
    indent(b, 6);
    buf_puts(b, "mapping:\n");
    for (size_t i = 0; i < m->nmapping; i++) {
        indent(b, 8);
        scalar(b, m->mapping[i].value, 0);
        buf_puts(b, ": ");
        scalar(b, s->models[m->mapping[i].model].name, 0);
        buf_putc(b, '\n');
    }
}

/* An object's other members: `additional_properties:`. */
static void rest_property(buf *b, const imp_spec *s, const imp_prop *p)
{
    note(b, 4, p->note);
    indent(b, 4);
    buf_puts(b, "additional_properties:\n");
    type_keys(b, s, 6, p->type, 0);
    flag(b, 6, "nullable", p->type && p->type->nullable);
    kv(b, 6, "c_name", p->c_name);
    text(b, 6, "description", p->description);
}

static void model(buf *b, const imp_spec *s, const imp_model *m)
{
    note(b, 2, m->note);
    indent(b, 2);
    scalar(b, m->name, 0);
    buf_puts(b, ":\n");
    text(b, 4, "description", m->description);
    kv(b, 4, "c_name", m->c_name);
    if (m->is_enum && m->nvalues) {
        kv(b, 4, "type", "enum");
        enum_values(b, m);
        return;
    }
    if (m->is_union) {
        union_model(b, s, m);
        return;
    }
    const imp_prop *rest = NULL;
    size_t named = 0;
    for (size_t i = 0; i < m->nprops; i++) {
        if (m->props[i].rest)
            rest = &m->props[i];
        else
            named++;
    }
    indent(b, 4);
    buf_puts(b, named ? "properties:\n" : "properties: {}\n");
    for (size_t i = 0; i < m->nprops; i++)
        if (!m->props[i].rest)
            property(b, s, &m->props[i]);
    if (rest)
        rest_property(b, s, rest);
}

static void models(buf *b, imp_spec *s)
{
    size_t n;
    size_t *order = imp_model_order(s, &n);
    if (!order || n == 0) {
        free(order);
        return;
    }
    buf_puts(b, "models:\n");
    for (size_t i = 0; i < n; i++)
        model(b, s, &s->models[order[i]]);
    free(order);
}

static void param(buf *b, const imp_spec *s, const imp_param *p)
{
    note(b, 6, p->note);
    indent(b, 6);
    buf_puts(b, "- name: ");
    scalar(b, p->name, 0);
    buf_putc(b, '\n');
    if (p->in != (s->websocket ? IMP_IN_PARAM : IMP_IN_QUERY))
        kv(b, 8, "in", in_word(p->in));
    type_keys(b, s, 8, p->type, 1);
    flag(b, 8, "required", p->required && p->in != IMP_IN_PATH &&
                               !p->const_value);
    flag(b, 8, "deprecated", p->deprecated);
    kv(b, 8, "style", p->style);
    if (p->explode >= 0) {
        indent(b, 8);
        buf_puts(b, p->explode ? "explode: true\n" : "explode: false\n");
    }
    flag(b, 8, "allow_reserved", p->allow_reserved);
    kv(b, 8, "content", p->json ? "application/json" : NULL);
    kv(b, 8, "default", p->default_value);
    kv(b, 8, "const", p->const_value);
    kv(b, 8, "c_name", p->c_name);
    text(b, 8, "description", p->description);
}

static void model_ref(buf *b, const imp_spec *s, const char *key, size_t m)
{
    if (m != IMP_NONE)
        kv(b, 4, key, s->models[m].name);
}

/* An endpoint's `pagination:`, when the importer recognised one. */
static void pagination(buf *b, const imp_pagination *p)
{
    if (!p->style)
        return;
    buf_puts(b, "    pagination:\n");
    kv(b, 6, "style", p->style);
    kv(b, 6, "items", p->items);
    kv(b, 6, "param", p->param);
    kv(b, 6, "next", p->next);
    kv(b, 6, "next_from_item", p->next_from_item);
    kv(b, 6, "has_more", p->has_more);
}

/* `body:`: a model name for JSON, else a mapping with the media type
 * (and the model, and how form members are written). */
static void body(buf *b, const imp_spec *s, const imp_endpoint *e)
{
    if (e->body_list) {
        /* Inline: the loader names the list model "<name>_body". */
        buf_puts(b, "    body:\n");
        type_keys(b, s, 6, e->body_list, 0);
        return;
    }
    if (!e->body_media) {
        model_ref(b, s, "body", e->body);
        return;
    }
    buf_puts(b, "    body:\n");
    if (e->body != IMP_NONE)
        kv(b, 6, "model", s->models[e->body].name);
    kv(b, 6, "media_type", e->body_media);
    if (!e->nencoding)
        return;
    buf_puts(b, "      encoding:\n");
    for (size_t i = 0; i < e->nencoding; i++) {
        const imp_encoding *x = &e->encoding[i];
        indent(b, 8);
        scalar(b, x->name, 1);
        buf_puts(b, ":\n");
        kv(b, 10, "style", x->style);
        if (x->no_explode)
            buf_puts(b, "          explode: false\n");
        kv(b, 10, "content_type", x->content_type);
    }
}

/* An answer under `key`: a model name, an inline array (the loader
 * names its list model), or the media type of text or bytes. */
static void answer(buf *b, const imp_spec *s, int ind, const char *key,
                   size_t model, const imp_type *list, const char *media)
{
    if (model == IMP_NONE && !list && !media)
        return;
    indent(b, ind);
    scalar(b, key, 1);
    buf_puts(b, ":");
    if (model != IMP_NONE) {
        buf_putc(b, ' ');
        scalar(b, s->models[model].name, 0);
        buf_putc(b, '\n');
    } else if (list) {
        buf_putc(b, '\n');
        type_keys(b, s, ind + 2, list, 0);
    } else {
        buf_putc(b, '\n');
        kv(b, ind + 2, "media_type", media);
    }
}

static void endpoint(buf *b, const imp_spec *s, const imp_endpoint *e)
{
    note(b, 2, e->note);
    indent(b, 2);
    buf_puts(b, "- name: ");
    scalar(b, e->name, 0);
    buf_putc(b, '\n');
    kv(b, 4, "summary", e->summary);
    text(b, 4, "description", e->description);
    kv(b, 4, "method", e->method);
    kv(b, 4, "path", e->path);
    kv(b, 4, "server", e->server);
    if (e->nparams) {
        indent(b, 4);
        buf_puts(b, "params:\n");
        for (size_t i = 0; i < e->nparams; i++)
            param(b, s, &e->params[i]);
    }
    body(b, s, e);
    if ((e->body != IMP_NONE || e->body_media || e->body_list) &&
        !e->body_required)
        buf_puts(b, "    body_required: false\n");
    if (e->nresponses) {
        buf_puts(b, "    responses:\n");
        for (size_t i = 0; i < e->nresponses; i++)
            answer(b, s, 6, e->responses[i].key, e->responses[i].model,
                   e->responses[i].list, e->responses[i].media);
    } else {
        answer(b, s, 4, "response", e->response, e->response_list,
               e->response_media);
    }
    if (e->nsuccess) {
        buf_puts(b, "    success: [");
        for (size_t i = 0; i < e->nsuccess; i++)
            buf_printf(b, "%s%d", i ? ", " : "", e->success[i]);
        buf_puts(b, "]\n");
    }
    model_ref(b, s, "error", e->error);
    if (e->auth_set) {
        buf_puts(b, "    auth: ");
        auth_list(b, s, e->auth, e->auth_joined, e->nauth);
    }
    flag(b, 4, "deprecated", e->deprecated);
    pagination(b, &e->pagination);
}

char *imp_emit(imp_spec *s)
{
    buf b;
    buf_init(&b);
    note(&b, 0, s->header);
    buf_puts(&b, "apicc: 1\n");
    note(&b, 0, s->provider_note);
    kv(&b, 0, "provider", s->provider);
    kv(&b, 0, "title", s->title);
    if (s->version) {
        buf_puts(&b, "version: "); /* always a string, never a number */
        quoted(&b, s->version);
        buf_putc(&b, '\n');
    }
    text(&b, 0, "description", s->description);
    if (s->websocket) {
        note(&b, 0, s->transport_note);
        buf_puts(&b, "transport: websocket\n");
    }
    servers(&b, s);
    auths(&b, s);
    if (s->ndefault_auth) {
        buf_puts(&b, "default_auth: ");
        auth_list(&b, s, s->default_auth, s->default_auth_joined,
                  s->ndefault_auth);
    }
    errors(&b, s);
    models(&b, s);
    /* Models alone (--all-models on a document of webhooks). */
    buf_puts(&b, s->nendpoints ? "endpoints:\n" : "endpoints: []\n");
    for (size_t i = 0; i < s->nendpoints; i++)
        endpoint(&b, s, &s->endpoints[i]);
    char *out = buf_take(&b);
    if (!out)
        s->oom = 1;
    return out;
}
