/*
 * The server-sent events parser (runtime/src/sse.c) against the event
 * stream examples of the WHATWG HTML standard (section "Server-sent
 * events", the stock-ticker, comment/id, empty-data and leading-space
 * streams), fed whole and one byte at a time, with every line ending the
 * standard allows; then the rules around them (retry, id with NUL, BOM,
 * unknown fields, stopping, the limit) and the Link header finder
 * (runtime/src/link_header.c) on GitHub-style pagination headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "link_internal.h"
#include "sse_internal.h"

/* What the callback saw: "type|id|data" per event, joined by "\n~\n". */
typedef struct seen {
    char text[4096];
    int events;
    int stop_after; /* 0: never */
    long retry;
} seen;

static int collect(const apicc__sse_event *e, void *user)
{
    seen *s = user;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%s%s|%s|%s",
             s->events ? "\n~\n" : "", e->type, e->id, e->data);
    CHECK_INT(strlen(e->data), e->data_len);
    s->events++;
    s->retry = e->retry_ms;
    return s->stop_after && s->events >= s->stop_after;
}

/* Parses `stream` fed whole, then byte by byte; both must give `want`. */
static void expect(const char *stream, const char *want)
{
    for (int bytewise = 0; bytewise < 2; bytewise++) {
        seen s = {0};
        apicc__sse p;
        apicc__sse_init(&p, 0);
        size_t n = strlen(stream);
        apicc_status st = APICC_OK;
        if (bytewise)
            for (size_t i = 0; i < n && st == APICC_OK; i++)
                st = apicc__sse_feed(&p, stream + i, 1, collect, &s);
        else
            st = apicc__sse_feed(&p, stream, n, collect, &s);
        apicc__sse_free(&p);
        CHECK_INT(st, APICC_OK);
        if (strcmp(s.text, want) != 0)
            FAIL("%s: got [%s], want [%s]",
                 bytewise ? "byte by byte" : "whole", s.text, want);
    }
}

/* The same stream with LF, CRLF and CR line ends. */
static void expect_any_ends(const char *lf_stream, const char *want)
{
    expect(lf_stream, want);
    char crlf[1024], cr[1024];
    size_t j = 0, k = 0;
    for (const char *p = lf_stream; *p && j < sizeof crlf - 2; p++) {
        if (*p == '\n')
            crlf[j++] = '\r';
        crlf[j++] = *p;
        cr[k++] = *p == '\n' ? '\r' : *p;
    }
    crlf[j] = '\0';
    cr[k] = '\0';
    expect(crlf, want);
    expect(cr, want);
}

TEST(stock_ticker_lines_join_with_lf)
{
    expect_any_ends("data: YHOO\ndata: +2\ndata: 10\n\n",
                    "message||YHOO\n+2\n10");
}

TEST(comment_ids_and_reset_id)
{
    /* the second event's bare "id" line resets the last event id */
    expect_any_ends(": test stream\n\ndata: first event\nid: 1\n\n"
                    "data:second event\nid\n\ndata:  third event\n\n",
                    "message|1|first event\n~\nmessage||second event\n~\n"
                    "message|| third event");
}

TEST(empty_data_and_a_cut_off_event)
{
    /* "data" alone is an empty line of data: the first event has "",
     * the second one LF; the last, without its blank line, is dropped */
    expect_any_ends("data\n\ndata\ndata\n\ndata:", "message||\n~\nmessage||\n");
}

TEST(one_space_after_the_colon_is_dropped)
{
    expect_any_ends("data:test\n\ndata: test\n\n",
                    "message||test\n~\nmessage||test");
}

TEST(event_types_ids_and_unknown_fields)
{
    expect_any_ends("event: add\nid: 7\nfoo: bar\ndata: {\"a\":1}\n\n"
                    "data: no type\n\nevent: only type\n\n",
                    "add|7|{\"a\":1}\n~\nmessage|7|no type");
}

TEST(retry_needs_digits_only)
{
    seen s = {0};
    apicc__sse p;
    apicc__sse_init(&p, 0);
    const char *t = "retry: 3000\ndata: a\n\nretry: 12x\ndata: b\n\n";
    CHECK_INT(apicc__sse_feed(&p, t, strlen(t), collect, &s), APICC_OK);
    CHECK_INT(s.events, 2);
    CHECK_INT(s.retry, 3000);
    apicc__sse_free(&p);
}

TEST(id_with_nul_is_ignored)
{
    seen s = {0};
    apicc__sse p;
    apicc__sse_init(&p, 0);
    static const char t[] = "id: 5\n\nid: a\0b\ndata: x\n\n";
    CHECK_INT(apicc__sse_feed(&p, t, sizeof t - 1, collect, &s), APICC_OK);
    CHECK_STR(s.text, "message|5|x");
    apicc__sse_free(&p);
}

TEST(leading_bom_is_skipped_once)
{
    expect("\xEF\xBB\xBF" "data: a\n\n", "message||a");
    /* a second BOM is text: the field name is then not "data" */
    expect("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\n", "");
    /* a stream that starts like a BOM but is not one keeps its bytes */
    expect("\xEF" "data: a\n\ndata: b\n\n", "message||b");
}

TEST(callback_stops_the_stream)
{
    seen s = {.stop_after = 2};
    apicc__sse p;
    apicc__sse_init(&p, 0);
    const char *t = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
    CHECK_INT(apicc__sse_feed(&p, t, strlen(t), collect, &s), APICC_OK);
    CHECK_INT(s.events, 2);
    CHECK(p.stopped);
    CHECK_INT(apicc__sse_feed(&p, t, strlen(t), collect, &s), APICC_OK);
    CHECK_INT(s.events, 2);
    apicc__sse_free(&p);
}

TEST(openai_style_stream_to_done)
{
    /* many small JSON events, then the [DONE] terminator, in odd chunks */
    char stream[8192] = "";
    for (int i = 0; i < 50; i++) {
        char ev[96];
        snprintf(ev, sizeof ev,
                 "data: {\"choices\":[{\"delta\":{\"content\":\"t%d\"}}]}\r\n\r\n",
                 i);
        strcat(stream, ev);
    }
    strcat(stream, "data: [DONE]\r\n\r\n");
    seen s = {0};
    apicc__sse p;
    apicc__sse_init(&p, 0);
    size_t n = strlen(stream);
    for (size_t i = 0; i < n; i += 7)
        CHECK_INT(apicc__sse_feed(&p, stream + i, n - i < 7 ? n - i : 7,
                                  collect, &s),
                  APICC_OK);
    CHECK_INT(s.events, 51);
    CHECK(strstr(s.text, "\"t49\"") != NULL);
    CHECK(strstr(s.text, "message||[DONE]") != NULL);
    apicc__sse_free(&p);
}

TEST(limits_bound_lines_and_events)
{
    seen s = {0};
    apicc__sse p;
    apicc__sse_init(&p, 64);
    char big[200];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    /* a line that never ends */
    CHECK_INT(apicc__sse_feed(&p, big, strlen(big), collect, &s),
              APICC_ERR_TOO_LARGE);
    apicc__sse_free(&p);
    /* short lines that add up to an event over the limit */
    apicc__sse_init(&p, 64);
    apicc_status st = APICC_OK;
    for (int i = 0; i < 20 && st == APICC_OK; i++)
        st = apicc__sse_feed(&p, "data: 0123456789\n", 17, collect, &s);
    CHECK_INT(st, APICC_ERR_TOO_LARGE);
    CHECK_INT(s.events, 0);
    apicc__sse_free(&p);
}

/* ---- Link headers ------------------------------------------------------- */

static void expect_link(const char *header, const char *rel, const char *want)
{
    const char *u = NULL;
    size_t n = 0;
    int found = apicc__link_find(header, rel, &u, &n);
    if (!want) {
        if (found)
            FAIL("%s in [%s]: found %.*s, want none", rel, header, (int)n, u);
        return;
    }
    if (!found || strlen(want) != n || strncmp(u, want, n) != 0)
        FAIL("%s in [%s]: got %.*s, want %s", rel, header,
             found ? (int)n : 4, found ? u : "none", want);
}

TEST(link_header_pagination)
{
    const char *gh =
        "<https://api.github.com/repositories/1300192/issues?page=2>; "
        "rel=\"prev\", "
        "<https://api.github.com/repositories/1300192/issues?page=4>; "
        "rel=\"next\", "
        "<https://api.github.com/repositories/1300192/issues?page=515>; "
        "rel=\"last\", "
        "<https://api.github.com/repositories/1300192/issues?page=1>; "
        "rel=\"first\"";
    expect_link(gh, "next",
                "https://api.github.com/repositories/1300192/issues?page=4");
    expect_link(gh, "last",
                "https://api.github.com/repositories/1300192/issues?page=515");
    expect_link(gh, "NEXT",
                "https://api.github.com/repositories/1300192/issues?page=4");
    expect_link("<https://x/?page=1>; rel=\"first\"", "next", NULL);
    /* RFC 8288's own forms: a rel list, a token value, other params, a
     * comma inside the URI and inside a quoted title */
    expect_link("<http://example.com/TheBook/chapter2>; rel=\"previous\"; "
                "title=\"previous, chapter\", <a,b>; rel=\"start next\"",
                "next", "a,b");
    expect_link("</p/3>;rel=next", "next", "/p/3");
    expect_link("  </p/3> ; rel = next ; type=\"text/html\"", "next", "/p/3");
    /* malformed: nothing after the damage is trusted */
    expect_link("garbage, </p/3>; rel=next", "next", NULL);
    expect_link("</p/3; rel=next", "next", NULL);
    expect_link("", "next", NULL);
}

int main(void)
{
    RUN(stock_ticker_lines_join_with_lf);
    RUN(comment_ids_and_reset_id);
    RUN(empty_data_and_a_cut_off_event);
    RUN(one_space_after_the_colon_is_dropped);
    RUN(event_types_ids_and_unknown_fields);
    RUN(retry_needs_digits_only);
    RUN(id_with_nul_is_ignored);
    RUN(leading_bom_is_skipped_once);
    RUN(callback_stops_the_stream);
    RUN(openai_style_stream_to_done);
    RUN(limits_bound_lines_and_events);
    RUN(link_header_pagination);
    return harness_report();
}
