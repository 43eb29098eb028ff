/*
 * The byte stream under a WebSocket: a connection libcurl opens with
 * CURLOPT_CONNECT_ONLY and that we then drive with curl_easy_send and
 * curl_easy_recv, waiting with poll() on CURLINFO_ACTIVESOCKET.
 *
 * Why libcurl rather than OpenSSL directly: name resolution with a
 * timeout, TCP connect with happy eyeballs, proxies (HTTP CONNECT,
 * SOCKS, the *_proxy variables) and TLS with the same CA file, CA path,
 * verification and SNI settings as the HTTP client all come from the
 * same, well-tested code, so ws:// and wss:// behave exactly like
 * http:// and https:// for every connection option.  What libcurl 7.88
 * as Debian builds it lacks is WebSocket framing, which ws_frame.c does.
 * The cost is one extra copy through curl_easy_recv's buffer, which is
 * small next to a round trip.
 *
 * Waiting: the socket is non-blocking.  A read first asks libcurl (TLS
 * may hold decrypted bytes the socket no longer shows) and polls only
 * after CURLE_AGAIN, so no byte is ever left waiting behind a poll.
 *
 * Deadlines: every wait on a connection (the handshake, a call, a drain,
 * the close) reads through apicc__ws_io_recv, so that is where a
 * deadline is enforced.  Checking only when the socket is idle would let
 * a server that never stops sending (pings, events, empty continuation
 * frames) hold a caller for as long as it likes.  Once a deadline has
 * passed, one more read is allowed for it, so a caller that asks for
 * "what has already arrived" (a deadline of now) still gets it even when
 * the clock ticks on the way; after that the answer is a timeout.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ws_internal.h"

/* What kind of failure a libcurl code is, by what the caller does next. */
static apicc_status map_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_OUT_OF_MEMORY:
        return APICC_ERR_NOMEM;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return APICC_ERR_RESOLVE;
    case CURLE_OPERATION_TIMEDOUT:
        return APICC_ERR_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        return APICC_ERR_TLS;
    default:
        return APICC_ERR_TRANSPORT;
    }
}

static CURLcode set_options(CURL *h, const apicc__ws_url *u,
                            const apicc__ws_io_opts *o, char *errbuf)
{
    CURLcode rc = CURLE_OK;
    long ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms
                                       : APICC__DEFAULT_CONNECT_TIMEOUT_MS;
#define SET(opt, val)                                                          \
    do {                                                                       \
        if (rc == CURLE_OK)                                                    \
            rc = curl_easy_setopt(h, opt, val);                                \
    } while (0)
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_URL, u->curl_url);
    SET(CURLOPT_CONNECT_ONLY, 1L);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, ms);
    SET(CURLOPT_TIMEOUT_MS, ms);
    SET(CURLOPT_TCP_NODELAY, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_SSLVERSION, (long)APICC__TLS_MIN_VERSION);
    /* A proxy must tunnel: with CONNECT_ONLY and a plain http:// URL,
     * libcurl would otherwise connect to the proxy itself and our
     * upgrade request would go to it as a normal request. */
    SET(CURLOPT_HTTPPROXYTUNNEL, 1L);
    if (o->proxy)
        SET(CURLOPT_PROXY, o->proxy);
    if (o->ca_file)
        SET(CURLOPT_CAINFO, o->ca_file);
    if (o->ca_path)
        SET(CURLOPT_CAPATH, o->ca_path);
    if (o->insecure) {
        SET(CURLOPT_SSL_VERIFYPEER, 0L);
        SET(CURLOPT_SSL_VERIFYHOST, 0L);
    }
#undef SET
    return rc;
}

apicc_status apicc__ws_io_open(apicc__ws_io *io, const apicc__ws_url *u,
                               const apicc__ws_io_opts *o, char *why,
                               size_t whylen)
{
    io->fd = CURL_SOCKET_BAD;
    io->curl_err[0] = '\0';
    io->late_deadline = INT64_MIN;
    io->curl = curl_easy_init();
    if (!io->curl) {
        snprintf(why, whylen, "out of memory");
        return APICC_ERR_NOMEM;
    }
    CURLcode rc = set_options(io->curl, u, o, io->curl_err);
    if (rc == CURLE_OK)
        rc = curl_easy_perform(io->curl);
    curl_socket_t fd = CURL_SOCKET_BAD;
    if (rc == CURLE_OK)
        rc = curl_easy_getinfo(io->curl, CURLINFO_ACTIVESOCKET, &fd);
    if (rc == CURLE_OK && fd == CURL_SOCKET_BAD)
        rc = CURLE_COULDNT_CONNECT;
    if (rc != CURLE_OK) {
        apicc_status st = map_curl(rc);
        snprintf(why, whylen, "cannot connect to %s:%d: %s", u->host, u->port,
                 io->curl_err[0] ? io->curl_err : curl_easy_strerror(rc));
        apicc__ws_io_close(io);
        return st;
    }
    io->fd = fd;
    return APICC_OK;
}

void apicc__ws_io_close(apicc__ws_io *io)
{
    if (io->curl)
        curl_easy_cleanup(io->curl);
    io->curl = NULL;
    io->fd = CURL_SOCKET_BAD;
}

/* Waits for `events` until the deadline: 1 ready, 0 timed out, -1 error. */
static int wait_fd(curl_socket_t fd, short events, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - apicc__clock_ms();
        if (left < 0)
            left = 0;
        struct pollfd p = {.fd = fd, .events = events};
        int r = poll(&p, 1,
                     left > APICC__WS_POLL_SLICE_MS ? APICC__WS_POLL_SLICE_MS
                                                    : (int)left);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r == 0 && left <= APICC__WS_POLL_SLICE_MS)
            return 0;
    }
}

static apicc_status io_error(apicc__ws_io *io, CURLcode rc, const char *what,
                             char *why, size_t whylen)
{
    snprintf(why, whylen, "%s failed: %s", what,
             io->curl_err[0] ? io->curl_err : curl_easy_strerror(rc));
    return map_curl(rc) == APICC_ERR_TLS ? APICC_ERR_TLS : APICC_ERR_TRANSPORT;
}

apicc_status apicc__ws_io_send(apicc__ws_io *io, const void *buf, size_t len,
                               int64_t deadline, char *why, size_t whylen)
{
    const char *p = buf;
    if (!io->curl) {
        snprintf(why, whylen, "not connected");
        return APICC_ERR_CLOSED;
    }
    io->curl_err[0] = '\0';
    while (len > 0) {
        size_t n = 0;
        CURLcode rc = curl_easy_send(io->curl, p, len, &n);
        if (rc == CURLE_OK) {
            p += n;
            len -= n;
            continue;
        }
        if (rc != CURLE_AGAIN)
            return io_error(io, rc, "sending", why, whylen);
        int w = wait_fd(io->fd, POLLOUT, deadline);
        if (w == 0) {
            snprintf(why, whylen, "timed out sending");
            return APICC_ERR_TIMEOUT;
        }
        if (w < 0) {
            snprintf(why, whylen, "poll failed: %s", strerror(errno));
            return APICC_ERR_TRANSPORT;
        }
    }
    return APICC_OK;
}

apicc_status apicc__ws_io_recv(apicc__ws_io *io, void *buf, size_t cap,
                               size_t *got, int64_t deadline, char *why,
                               size_t whylen)
{
    *got = 0;
    if (!io->curl) {
        snprintf(why, whylen, "not connected");
        return APICC_ERR_CLOSED;
    }
    io->curl_err[0] = '\0';
    if (apicc__clock_ms() > deadline) {
        if (io->late_deadline == deadline) {
            snprintf(why, whylen, "timed out (data kept arriving)");
            return APICC_ERR_TIMEOUT;
        }
        io->late_deadline = deadline;
    }
    for (;;) {
        size_t n = 0;
        CURLcode rc = curl_easy_recv(io->curl, buf, cap, &n);
        if (rc == CURLE_OK) {
            if (n == 0) {
                snprintf(why, whylen, "the server closed the connection");
                return APICC_ERR_CLOSED;
            }
            *got = n;
            return APICC_OK;
        }
        if (rc != CURLE_AGAIN)
            return io_error(io, rc, "receiving", why, whylen);
        int w = wait_fd(io->fd, POLLIN, deadline);
        if (w == 0) {
            snprintf(why, whylen, "timed out waiting for data");
            return APICC_ERR_TIMEOUT;
        }
        if (w < 0) {
            snprintf(why, whylen, "poll failed: %s", strerror(errno));
            return APICC_ERR_TRANSPORT;
        }
    }
}
