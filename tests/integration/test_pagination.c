/*
 * Pagination end to end: the client generated from tests/specs/pages.yaml
 * walks lists on tests/servers/pages_server.py, which pages the way
 * GitHub (Link header), Slack (a cursor in the answer), Stripe (the last
 * item's id and has_more) document it, and by page number and offset.
 * Each test checks the items in order and, from the server's request
 * log, exactly what the client asked for; then the ways a walk ends
 * badly: a page that fails, a server that sends it in a circle or to
 * another origin, a pager used for another endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages/pages.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, 5000);
    return c;
}

/* The next request the server logged must be `want` (path and query). */
static int next_request_is(const char *want)
{
    char line[512];
    if (provider_wait_event(&server, "REQ ", line, sizeof line) != 0) {
        printf("  no request logged; expected %s\n", want);
        return 0;
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (strcmp(line + 4, want) != 0) {
        printf("  request %s; expected %s\n", line + 4, want);
        return 0;
    }
    return 1;
}

/* Item ids joined with ',' by the callbacks. */
typedef struct seen {
    char ids[256];
    int stop_after; /* 0: never */
    int n;
} seen;

static void seen_add(seen *s, const char *id)
{
    size_t len = strlen(s->ids);
    snprintf(s->ids + len, sizeof s->ids - len, "%s%s", len ? "," : "", id);
    s->n++;
}

static int on_item(void *user, const pages_item *it)
{
    seen *s = user;
    seen_add(s, it->id);
    return s->stop_after && s->n >= s->stop_after;
}

static int on_customer(void *user, const pages_customer *it)
{
    seen_add(user, it->id);
    return 0;
}

static int on_issue(void *user, const pages_issue *it)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)it->id);
    seen_add(user, id);
    return 0;
}

TEST(link_header_pages_like_github)
{
    apicc_client *c = new_client();
    pages_list_issues_params p = {.per_page = 3, .has_per_page = true};
    apicc_pager *pg = pages_list_issues_pages(c, "octo", "hello", &p);
    CHECK(pg != NULL);
    int sizes[4] = {0};
    long first_ids[4] = {0};
    int npages = 0;
    for (;;) {
        pages_list_issues_response *page = NULL;
        apicc_status st = pages_list_issues_next_page(pg, &page);
        CHECK_INT(st, APICC_OK);
        if (st != APICC_OK || !page || npages == 4)
            break;
        sizes[npages] = (int)page->n_items;
        first_ids[npages] = page->n_items ? (long)page->items[0]->id : 0;
        npages++;
        pages_list_issues_response_free(page);
    }
    CHECK_INT(npages, 3);
    CHECK(sizes[0] == 3 && sizes[1] == 3 && sizes[2] == 1);
    CHECK(first_ids[0] == 101 && first_ids[1] == 104 && first_ids[2] == 107);
    CHECK_INT(apicc_pager_pages(pg), 3);
    CHECK_INT(apicc_pager_items(pg), 7);
    /* The first page from the endpoint's own path; then the links as the
     * server wrote them, under another path. */
    CHECK(next_request_is("/repos/octo/hello/issues?per_page=3"));
    CHECK(next_request_is("/repositories/1/issues?per_page=3&page=2"));
    CHECK(next_request_is("/repositories/1/issues?per_page=3&page=3"));
    /* The end stays the end. */
    pages_list_issues_response *page = NULL;
    CHECK_INT(pages_list_issues_next_page(pg, &page), APICC_OK);
    CHECK(page == NULL);
    apicc_pager_free(pg);
    /* The caller's params are theirs: the pager worked on a copy. */
    CHECK(!p.has_page && p.per_page == 3);
    apicc_client_free(c);
}

TEST(each_with_limits)
{
    apicc_client *c = new_client();
    pages_list_issues_params p = {.per_page = 3, .has_per_page = true};
    seen s = {{0}, 0, 0};
    apicc_page_limits lim = {.max_items = 5};
    CHECK_INT(pages_list_issues_each(c, "octo", "hello", &p, on_issue, &s,
                                     &lim),
              APICC_OK);
    CHECK_STR(s.ids, "101,102,103,104,105");
    CHECK_INT(lim.items, 5);
    CHECK_INT(lim.pages, 2);
    CHECK(next_request_is("/repos/octo/hello/issues?per_page=3"));
    CHECK(next_request_is("/repositories/1/issues?per_page=3&page=2"));

    /* max_pages alone. */
    seen s2 = {{0}, 0, 0};
    apicc_page_limits lim2 = {.max_pages = 1};
    CHECK_INT(pages_list_issues_each(c, "octo", "hello", &p, on_issue, &s2,
                                     &lim2),
              APICC_OK);
    CHECK_STR(s2.ids, "101,102,103");
    CHECK(lim2.pages == 1 && lim2.items == 3);
    CHECK(next_request_is("/repos/octo/hello/issues?per_page=3"));
    apicc_client_free(c);
}

TEST(cursor_in_the_answer_like_slack)
{
    apicc_client *c = new_client();
    pages_list_channels_params p = {.limit = 3, .has_limit = true};
    apicc_pager *pg = pages_list_channels_pages(c, &p);
    char ids[128] = "";
    pages_channel_page *page = NULL;
    int n = 0;
    while (n < 5 && pages_list_channels_next_page(pg, &page) == APICC_OK &&
           page) {
        for (size_t i = 0; i < page->n_channels; i++) {
            strcat(ids, page->channels[i]->id);
            strcat(ids, " ");
        }
        pages_channel_page_free(page);
        n++;
    }
    CHECK_INT(n, 3);
    CHECK_STR(ids, "C01 C02 C03 C04 C05 C06 C07 ");
    /* The cursor goes back form-encoded ("=" of base64 as %3D). */
    CHECK(next_request_is("/conversations.list?limit=3"));
    CHECK(next_request_is("/conversations.list?cursor=dGVhbTpDMDQ%3D&limit=3"));
    CHECK(next_request_is("/conversations.list?cursor=dGVhbTpDMDc%3D&limit=3"));
    apicc_pager_free(pg);
    apicc_client_free(c);
}

TEST(last_item_and_has_more_like_stripe)
{
    apicc_client *c = new_client();
    pages_list_customers_params p = {.limit = 3, .has_limit = true};
    seen s = {{0}, 0, 0};
    apicc_page_limits lim = {0};
    CHECK_INT(pages_list_customers_each(c, &p, on_customer, &s, &lim),
              APICC_OK);
    CHECK_STR(s.ids, "cus_1,cus_2,cus_3,cus_4,cus_5,cus_6,cus_7");
    /* has_more false on the third page: no fourth request. */
    CHECK_INT(lim.pages, 3);
    CHECK(next_request_is("/v1/customers?limit=3"));
    CHECK(next_request_is("/v1/customers?limit=3&starting_after=cus_3"));
    CHECK(next_request_is("/v1/customers?limit=3&starting_after=cus_6"));
    apicc_client_free(c);
}

TEST(page_numbers_and_offsets)
{
    apicc_client *c = new_client();
    pages_list_items_params p = {.per_page = 3, .has_per_page = true};
    seen s = {{0}, 0, 0};
    apicc_page_limits lim = {0};
    CHECK_INT(pages_list_items_each(c, &p, on_item, &s, &lim), APICC_OK);
    CHECK_STR(s.ids, "it_1,it_2,it_3,it_4,it_5,it_6,it_7");
    /* Without has_more, the empty fourth page is the end. */
    CHECK_INT(lim.pages, 4);
    CHECK(next_request_is("/items?page=1&per_page=3"));
    CHECK(next_request_is("/items?page=2&per_page=3"));
    CHECK(next_request_is("/items?page=3&per_page=3"));
    CHECK(next_request_is("/items?page=4&per_page=3"));

    /* A page the caller starts from. */
    pages_list_items_params from = {.page = 3, .has_page = true,
                                    .per_page = 3, .has_per_page = true};
    seen s2 = {{0}, 0, 0};
    CHECK_INT(pages_list_items_each(c, &from, on_item, &s2, NULL),
              APICC_OK);
    CHECK_STR(s2.ids, "it_7");
    CHECK(next_request_is("/items?page=3&per_page=3"));
    CHECK(next_request_is("/items?page=4&per_page=3"));

    pages_list_results_params r = {.limit = 3, .has_limit = true};
    apicc_pager *pg = pages_list_results_pages(c, &r);
    pages_result_page *page = NULL;
    int n = 0;
    size_t items = 0;
    while (n < 6 && pages_list_results_next_page(pg, &page) == APICC_OK &&
           page) {
        items += page->n_results;
        pages_result_page_free(page);
        n++;
    }
    CHECK_INT(n, 4);
    CHECK_INT((long)items, 7);
    CHECK(next_request_is("/results?offset=0&limit=3"));
    CHECK(next_request_is("/results?offset=3&limit=3"));
    CHECK(next_request_is("/results?offset=6&limit=3"));
    CHECK(next_request_is("/results?offset=7&limit=3"));
    apicc_pager_free(pg);
    apicc_client_free(c);
}

TEST(a_failing_page_keeps_what_came_before)
{
    apicc_client *c = new_client();
    pages_list_items_params p = {.per_page = 3, .has_per_page = true,
                                 .fail_at = 2, .has_fail_at = true};
    seen s = {{0}, 0, 0};
    apicc_page_limits lim = {0};
    CHECK_INT(pages_list_items_each(c, &p, on_item, &s, &lim),
              APICC_ERR_HTTP);
    CHECK_STR(s.ids, "it_1,it_2,it_3");
    CHECK(lim.pages == 1 && lim.items == 3);
    CHECK_INT(apicc_client_error(c)->http_status, 400);
    CHECK(next_request_is("/items?page=1&per_page=3&fail_at=2"));
    CHECK(next_request_is("/items?page=2&per_page=3&fail_at=2"));

    /* With a pager, the same page is asked for again. */
    apicc_pager *pg = pages_list_items_pages(c, &p);
    pages_item_page *page = NULL;
    CHECK_INT(pages_list_items_next_page(pg, &page), APICC_OK);
    pages_item_page_free(page);
    CHECK_INT(pages_list_items_next_page(pg, &page), APICC_ERR_HTTP);
    CHECK(page == NULL);
    CHECK_INT(pages_list_items_next_page(pg, &page), APICC_ERR_HTTP);
    CHECK(next_request_is("/items?page=1&per_page=3&fail_at=2"));
    CHECK(next_request_is("/items?page=2&per_page=3&fail_at=2"));
    CHECK(next_request_is("/items?page=2&per_page=3&fail_at=2"));
    apicc_pager_free(pg);
    apicc_client_free(c);
}

TEST(callback_stops_the_walk)
{
    apicc_client *c = new_client();
    pages_list_items_params p = {.per_page = 3, .has_per_page = true};
    seen s = {{0}, 2, 0};
    apicc_page_limits lim = {0};
    CHECK_INT(pages_list_items_each(c, &p, on_item, &s, &lim), APICC_OK);
    CHECK_STR(s.ids, "it_1,it_2");
    CHECK(lim.pages == 1 && lim.items == 2);
    CHECK(next_request_is("/items?page=1&per_page=3"));
    apicc_client_free(c);
}

TEST(hostile_servers_end_the_walk)
{
    apicc_client *c = new_client();
    /* A next link to another origin: the credentials would go with it. */
    pages_list_issues_params p = {.per_page = 3, .has_per_page = true,
                                  .trap = "elsewhere"};
    apicc_pager *pg = pages_list_issues_pages(c, "o", "r", &p);
    pages_list_issues_response *page = NULL;
    CHECK_INT(pages_list_issues_next_page(pg, &page), APICC_OK);
    CHECK(page && page->n_items == 3);
    pages_list_issues_response_free(page);
    CHECK_INT(pages_list_issues_next_page(pg, &page), APICC_ERR_RESPONSE);
    CHECK(strstr(apicc_client_error(c)->message, "leaves the server") !=
          NULL);
    apicc_pager_free(pg);
    CHECK(next_request_is("/repos/o/r/issues?per_page=3&trap=elsewhere"));

    /* A link back to a page already read. */
    p.trap = "loop";
    seen s = {{0}, 0, 0};
    apicc_page_limits lim = {0};
    CHECK_INT(pages_list_issues_each(c, "o", "r", &p, on_issue, &s, &lim),
              APICC_ERR_RESPONSE);
    CHECK_INT(lim.pages, 2);
    CHECK(next_request_is("/repos/o/r/issues?per_page=3&trap=loop"));
    CHECK(next_request_is(
        "/repositories/1/issues?per_page=3&page=1&trap=loop"));

    /* A cursor that comes back. */
    pages_list_channels_params cp = {.limit = 3, .has_limit = true,
                                     .stuck = "1"};
    apicc_pager *cg = pages_list_channels_pages(c, &cp);
    pages_channel_page *ch = NULL;
    int n = 0;
    apicc_status st;
    while ((st = pages_list_channels_next_page(cg, &ch)) == APICC_OK && ch &&
           n < 10) {
        pages_channel_page_free(ch);
        n++;
    }
    CHECK_INT(st, APICC_ERR_RESPONSE);
    CHECK_INT(n, 2);
    CHECK(strstr(apicc_client_error(c)->message, "already read") != NULL);
    apicc_pager_free(cg);
    CHECK(next_request_is("/conversations.list?limit=3&stuck=1"));
    CHECK(next_request_is(
        "/conversations.list?cursor=dGVhbTpDMDQ%3D&limit=3&stuck=1"));
    apicc_client_free(c);
}

TEST(a_pager_belongs_to_its_endpoint)
{
    apicc_client *c = new_client();
    apicc_pager *pg = pages_list_results_pages(c, NULL);
    pages_item_page *page = NULL;
    CHECK_INT(pages_list_items_next_page(pg, &page), APICC_ERR_INVALID_ARG);
    CHECK(page == NULL);
    CHECK(strstr(apicc_client_error(c)->message, "another endpoint") != NULL);
    apicc_pager_free(pg);
    apicc_pager_free(NULL);
    CHECK_INT(pages_list_items_each(c, NULL, NULL, NULL, NULL),
              APICC_ERR_INVALID_ARG);
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "pages_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(link_header_pages_like_github);
    RUN(each_with_limits);
    RUN(cursor_in_the_answer_like_slack);
    RUN(last_item_and_has_more_like_stripe);
    RUN(page_numbers_and_offsets);
    RUN(a_failing_page_keeps_what_came_before);
    RUN(callback_stops_the_walk);
    RUN(hostile_servers_end_the_walk);
    RUN(a_pager_belongs_to_its_endpoint);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
