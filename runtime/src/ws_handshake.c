/*
 * The opening handshake (RFC 6455 section 4): the client's HTTP/1.1
 * upgrade request, and the checks on the server's answer.  No I/O here;
 * ws_conn.c moves the bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ws_internal.h"

/* RFC 6455 section 1.3: the GUID appended to the key before hashing. */
static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int apicc__ws_make_key(char key[APICC__WS_KEY_LEN + 1])
{
    unsigned char raw[16];
    if (RAND_bytes(raw, (int)sizeof raw) != 1)
        return 0;
    EVP_EncodeBlock((unsigned char *)key, raw, (int)sizeof raw);
    return 1;
}

void apicc__ws_accept_for(const char *key, char out[APICC__WS_ACCEPT_LEN + 1])
{
    unsigned char in[128], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    size_t klen = strlen(key);
    out[0] = '\0';
    if (klen + sizeof ws_guid > sizeof in)
        return;
    memcpy(in, key, klen);
    memcpy(in + klen, ws_guid, sizeof ws_guid - 1);
    if (EVP_Digest(in, klen + sizeof ws_guid - 1, md, &mdlen, EVP_sha1(),
                   NULL) != 1 ||
        mdlen != 20)
        return;
    EVP_EncodeBlock((unsigned char *)out, md, (int)mdlen);
}

/* ---- the request ------------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->p && b->len + n < b->cap) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = '\0';
    }
}

static void put_header(sbuf *b, const char *name, const char *value)
{
    put(b, name);
    put(b, ": ");
    put(b, value);
    put(b, "\r\n");
}

char *apicc__ws_request(const apicc__ws_url *u, const char *key,
                        const char *user_agent, char *const *names,
                        char *const *values, size_t nheaders, size_t *len)
{
    size_t cap = 256 + strlen(u->resource) + strlen(u->host_header) +
                 strlen(key) + (user_agent ? strlen(user_agent) : 0);
    for (size_t i = 0; i < nheaders; i++)
        cap += strlen(names[i]) + strlen(values[i]) + 4;
    sbuf b = {malloc(cap), 0, cap};
    if (!b.p)
        return NULL;
    b.p[0] = '\0';
    put(&b, "GET ");
    put(&b, u->resource);
    put(&b, " HTTP/1.1\r\n");
    put_header(&b, "Host", u->host_header);
    put_header(&b, "Upgrade", "websocket");
    put_header(&b, "Connection", "Upgrade");
    put_header(&b, "Sec-WebSocket-Key", key);
    put_header(&b, "Sec-WebSocket-Version", "13");
    if (user_agent)
        put_header(&b, "User-Agent", user_agent);
    for (size_t i = 0; i < nheaders; i++)
        put_header(&b, names[i], values[i]);
    put(&b, "\r\n");
    *len = b.len;
    return b.p;
}

/* ---- the answer -------------------------------------------------------- */

/* Whether the comma-separated list `v` (len n) holds `token`, ignoring
 * case and blanks around items. */
static int has_token(const char *v, size_t n, const char *token)
{
    size_t tlen = strlen(token), i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t start = i;
        while (i < n && v[i] != ',')
            i++;
        size_t end = i;
        while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
            end--;
        if (end - start == tlen && strncasecmp(v + start, token, tlen) == 0)
            return 1;
    }
    return 0;
}

/* Whether `v` (len n) is exactly one of the comma-separated tokens of
 * `offered`; subprotocol names are compared case-sensitively. */
static int chosen_was_offered(const char *offered, const char *v, size_t n)
{
    const char *p = offered;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - start) == n && n && memcmp(start, v, n) == 0)
            return 1;
    }
    return 0;
}

/* What the header lines said. */
typedef struct reply_fields {
    int upgrade_ok, connection_ok, accept_count, accept_ok, extensions;
    int protocol_count; /* Sec-WebSocket-Protocol lines */
    int protocol_ok;    /* the last one names a subprotocol offered */
} reply_fields;

/* Reads one header line (without its CRLF) into `f`. */
static apicc_status header_line(const char *line, size_t n, const char *want,
                                const char *offered, reply_fields *f,
                                char *why, size_t whylen)
{
    const char *colon = memchr(line, ':', n);
    if (!colon || colon == line) {
        snprintf(why, whylen, "malformed header line in the upgrade answer");
        return APICC_ERR_PROTOCOL;
    }
    size_t nlen = (size_t)(colon - line);
    const char *v = colon + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    size_t vlen = (size_t)(end - v);
#define IS(name)                                                               \
    (nlen == sizeof(name) - 1 && strncasecmp(line, name, nlen) == 0)
    if (IS("Upgrade")) {
        f->upgrade_ok = has_token(v, vlen, "websocket");
    } else if (IS("Connection")) {
        f->connection_ok |= has_token(v, vlen, "upgrade");
    } else if (IS("Sec-WebSocket-Accept")) {
        f->accept_count++;
        f->accept_ok = vlen == APICC__WS_ACCEPT_LEN &&
                       memcmp(v, want, APICC__WS_ACCEPT_LEN) == 0;
    } else if (IS("Sec-WebSocket-Extensions")) {
        f->extensions |= vlen > 0;
    } else if (IS("Sec-WebSocket-Protocol")) {
        /* One token, and one of those offered (RFC 6455 section 4.1:
         * anything else fails the connection). */
        f->protocol_count++;
        f->protocol_ok = offered && vlen > 0 && !memchr(v, ',', vlen) &&
                         chosen_was_offered(offered, v, vlen);
    }
#undef IS
    return APICC_OK;
}

/* Reads "HTTP/1.1 101 ..." into *status. */
static apicc_status status_line(const char *line, size_t n, long *status,
                                char *why, size_t whylen)
{
    if (n < 12 || strncmp(line, "HTTP/1.1 ", 9) != 0 || line[9] < '1' ||
        line[9] > '5' || line[10] < '0' || line[10] > '9' || line[11] < '0' ||
        line[11] > '9' || (n > 12 && line[12] != ' ')) {
        snprintf(why, whylen, "the server did not answer with HTTP/1.1");
        return APICC_ERR_PROTOCOL;
    }
    *status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    return APICC_OK;
}

static apicc_status check_fields(const reply_fields *f, char *why,
                                 size_t whylen)
{
    if (!f->upgrade_ok)
        snprintf(why, whylen,
                 "the upgrade answer lacks \"Upgrade: websocket\"");
    else if (!f->connection_ok)
        snprintf(why, whylen,
                 "the upgrade answer lacks \"Connection: Upgrade\"");
    else if (f->accept_count != 1 || !f->accept_ok)
        snprintf(why, whylen,
                 f->accept_count ? "wrong Sec-WebSocket-Accept in the "
                                   "upgrade answer"
                                 : "no Sec-WebSocket-Accept in the upgrade "
                                   "answer");
    else if (f->extensions)
        snprintf(why, whylen,
                 "the server chose an extension that was not offered");
    else if (f->protocol_count > 1 || (f->protocol_count && !f->protocol_ok))
        snprintf(why, whylen,
                 "the server chose a subprotocol that was not offered");
    else
        return APICC_OK;
    return APICC_ERR_PROTOCOL;
}

size_t apicc__ws_header_end(const char *buf, size_t from, size_t len)
{
    for (size_t i = from + 3; i < len; i++)
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' &&
            buf[i - 3] == '\r')
            return i + 1;
    return 0;
}

apicc_status apicc__ws_parse_reply(const char *buf, size_t len, const char *key,
                                   const char *offered, apicc__ws_reply *out,
                                   char *why, size_t whylen)
{
    out->header_len = 0;
    out->status = 0;
    why[0] = '\0';
    size_t scan = len < APICC__WS_MAX_REPLY ? len : APICC__WS_MAX_REPLY;
    size_t hlen = apicc__ws_header_end(buf, 0, scan);
    const char *end = hlen ? buf + hlen : NULL;
    if (!end) {
        if (len < APICC__WS_MAX_REPLY)
            return APICC_OK;
        snprintf(why, whylen, "the upgrade answer's header exceeds %d bytes",
                 APICC__WS_MAX_REPLY);
        return APICC_ERR_TOO_LARGE;
    }
    char want[APICC__WS_ACCEPT_LEN + 1];
    apicc__ws_accept_for(key, want);
    reply_fields f = {0, 0, 0, 0, 0, 0, 0};
    const char *line = buf;
    apicc_status st = APICC_OK;
    for (int first = 1; st == APICC_OK && line < end - 2; first = 0) {
        const char *eol = line;
        while (!(eol[0] == '\r' && eol[1] == '\n'))
            eol++;
        size_t n = (size_t)(eol - line);
        if (memchr(line, '\0', n) || memchr(line, '\n', n) ||
            memchr(line, '\r', n)) {
            snprintf(why, whylen, "stray control byte in the upgrade answer");
            return APICC_ERR_PROTOCOL;
        }
        st = first ? status_line(line, n, &out->status, why, whylen)
                   : header_line(line, n, want, offered, &f, why, whylen);
        line = eol + 2;
    }
    if (st != APICC_OK)
        return st;
    if (out->status != 101) {
        snprintf(why, whylen, "the server refused the upgrade with status %ld",
                 out->status);
        return APICC_ERR_HTTP;
    }
    st = check_fields(&f, why, whylen);
    if (st == APICC_OK)
        out->header_len = (size_t)(end - buf);
    return st;
}
