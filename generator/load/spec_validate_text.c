/*
 * Text that cannot go where the spec puts it: a control character in a
 * one-line field (a title, a URL, a path, a WebSocket method, a name
 * sent on the wire), or a header or cookie name that is not an HTTP
 * token (RFC 9110, section 5.6.2: tchar).  Everything else a spec may
 * say reaches C through the escaping in view/view_escape.h; what is
 * refused here could not be sent as the spec says, or would change the
 * request (a line break in a header name splits the request).
 *
 * NUL and invalid UTF-8 never get this far: the YAML reader refuses them.
 */
#include <string.h>

#include "load/spec_validate_text.h"

/* The offending byte, as \xNN, or a quoted printable character. */
static void describe(unsigned char c, char out[8])
{
    static const char hex[] = "0123456789ABCDEF";
    if (c < 0x20 || c >= 0x7f) {
        out[0] = '\\', out[1] = 'x', out[2] = hex[c >> 4];
        out[3] = hex[c & 15], out[4] = '\0';
    } else {
        out[0] = '\'', out[1] = (char)c, out[2] = '\'', out[3] = '\0';
    }
}

/* Refuses control characters (and, for URLs, spaces) in a one-line field.
 * Returns 1 when s is fine. */
static int one_line(vd_ctx *v, spec_pos pos, const char *what, const char *s,
                    int no_space)
{
    if (!s)
        return 1;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        /* C1 controls (U+0080 to U+009F) are 0xC2 0x80 to 0xC2 0x9F. */
        if (c == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9f) {
            vd_error(v, pos, "%s holds the control character U+%04X at "
                             "byte %zu; it must be one line of printable "
                             "text",
                     what, (unsigned char)s[i + 1], i + 1);
            return 0;
        }
        if (c < 0x20 || c == 0x7f || (no_space && c == ' ')) {
            char d[8];
            describe(c, d);
            vd_error(v, pos, "%s holds %s %s at byte %zu; it must be one "
                             "line of printable text%s",
                     what, c == ' ' ? "a space" : "a control character",
                     d, i + 1, no_space ? " without spaces" : "");
            return 0;
        }
    }
    return 1;
}

static int is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A header or cookie name must be a token: anything else would not be
 * one header (a line break starts another) or would not parse. */
static void token(vd_ctx *v, spec_pos pos, const char *what, const char *s)
{
    if (!s)
        return;
    if (!s[0]) {
        vd_error(v, pos, "%s is empty; it must be an HTTP token", what);
        return;
    }
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_tchar(c))
            continue;
        char d[8];
        describe(c, d);
        vd_error(v, pos, "%s is not an HTTP token (RFC 9110 tchar): %s at "
                         "byte %zu",
                 what, d, i + 1);
        return;
    }
}

/* A name sent on the wire at `in`. */
static void wire_name(vd_ctx *v, spec_pos pos, const char *what,
                      spec_location in, const char *s)
{
    if (in == SPEC_IN_HEADER || in == SPEC_IN_COOKIE)
        token(v, pos, what, s);
    else
        one_line(v, pos, what, s, 0);
}

static void check_auth(vd_ctx *v, const spec_auth *a)
{
    switch (a->kind) {
    case SPEC_AUTH_APIKEY:
        wire_name(v, a->param_pos, "API key name", a->in, a->param_name);
        one_line(v, a->prefix_pos, "API key prefix", a->prefix, 0);
        break;
    case SPEC_AUTH_SESSION_COOKIE:
        token(v, a->param_pos, "session cookie name", a->param_name);
        break;
    case SPEC_AUTH_SIGNATURE: {
        const spec_placement *pl[3] = {&a->sig.key, &a->sig.signature,
                                       &a->sig.timestamp};
        const char *what[3] = {"key name", "signature name",
                               "timestamp name"};
        for (int i = 0; i < 3; i++)
            if (pl[i]->in != SPEC_IN_NONE)
                wire_name(v, pl[i]->pos, what[i], pl[i]->in, pl[i]->name);
        break;
    }
    case SPEC_AUTH_BASIC:
    case SPEC_AUTH_BEARER:
        break;
    }
}

static void check_endpoint(vd_ctx *v, const spec_endpoint *e)
{
    one_line(v, e->method_pos, "method", e->method, 0);
    one_line(v, e->path_pos, "path", e->path, 1);
    for (size_t i = 0; i < e->nparams; i++) {
        const spec_param *p = &e->params[i];
        const char *what = p->in == SPEC_IN_HEADER   ? "header param name"
                           : p->in == SPEC_IN_COOKIE ? "cookie param name"
                                                     : "param name";
        wire_name(v, p->pos, what, p->in, p->name);
        /* a constant goes on the wire as it is written */
        one_line(v, p->pos, "const value", p->const_value, 0);
    }
}

void vd_text(vd_ctx *v)
{
    const spec *s = v->s;
    one_line(v, s->title_pos, "title", s->title, 0);
    one_line(v, s->api_version_pos, "version", s->api_version, 0);
    for (size_t i = 0; i < s->nservers; i++)
        one_line(v, s->servers[i].url_pos, "server URL", s->servers[i].url,
                 1);
    for (size_t i = 0; i < s->nauths; i++)
        check_auth(v, &s->auths[i]);
    for (size_t i = 0; i < s->nheaders; i++) {
        token(v, s->headers[i].pos, "header name", s->headers[i].name);
        one_line(v, s->headers[i].pos, "header value", s->headers[i].value,
                 0);
    }
    for (size_t i = 0; i < s->nendpoints; i++)
        check_endpoint(v, &s->endpoints[i]);
    for (size_t i = 0; i < s->nevents; i++) {
        const spec_event *e = &s->events[i];
        one_line(v, e->payload_pos, "payload path", e->payload, 1);
        one_line(v, e->when_pos, "when.path", e->when_path, 1);
        one_line(v, e->when_pos, "when.equals", e->when_equals, 0);
    }
}
