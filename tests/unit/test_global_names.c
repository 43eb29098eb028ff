/*
 * The global C names of a spec (generator/base/global_names.h): the joins,
 * the view handing every name of every table to the templates, and the
 * validator checking every name of a table for clashes.  The checks loop
 * over the tables, so a row added there is tested here without an edit.
 */
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/global_names.h"
#include "harness.h"
#include "load/spec.h"
#include "view/view.h"

TEST(joins)
{
    char *s = gname_stem("acme", "order");
    CHECK_STR(s, "acme_order");
    free(s);
    s = gname_setter("acme", "api_key");
    CHECK_STR(s, "acme_set_api_key");
    free(s);
    s = gname_enum_constant("ACME_SIDE", "BUY");
    CHECK_STR(s, "ACME_SIDE_BUY");
    free(s);
    s = gname_list_model("list_orders");
    CHECK_STR(s, "list_orders_response");
    free(s);
}

/* Fails unless obj[forms[i].view_key] is stem + forms[i].suffix. */
static void check_forms(const cJSON *obj, const gname_forms *forms,
                        const char *stem)
{
    for (size_t i = 0; i < forms->n; i++) {
        char *want = gname_join(stem, forms->v[i].suffix, "");
        const cJSON *got =
            cJSON_GetObjectItemCaseSensitive(obj, forms->v[i].view_key);
        if (!cJSON_IsString(got) || strcmp(got->valuestring, want) != 0)
            FAIL("view key %s: got %s, want %s", forms->v[i].view_key,
                 cJSON_IsString(got) ? got->valuestring : "(none)", want);
        free(want);
    }
}

static spec *load(const char *text)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load_buffer("inline.yaml", text, strlen(text), &d);
    if (s && spec_validate(s, &d) != 0) {
        spec_free(s);
        s = NULL;
    }
    diag_free(&d);
    return s;
}

#define SPEC_HEAD                                                            \
    "apicc: 1\nprovider: acme\ntitle: Acme\n"                                \
    "servers:\n  - name: live\n    url: https://api.example.com\n"

TEST(view_hands_every_name_to_templates)
{
    spec *s = load(SPEC_HEAD
                   "models:\n"
                   "  Order:\n    type: object\n"
                   "    properties:\n      id: {type: string}\n"
                   "  Side:\n    type: enum\n    values: [buy, sell]\n"
                   "endpoints:\n"
                   "  - name: get_order\n    method: GET\n"
                   "    path: /orders/{id}\n"
                   "    params:\n      - {name: id, in: path, type: string}\n"
                   "    response: Order\n");
    CHECK(s != NULL);
    if (!s)
        return;
    cJSON *v = view_build(s, "inline.yaml");
    CHECK(v != NULL);
    if (v) {
        check_forms(v, &gname_provider, "acme");
        const cJSON *models = cJSON_GetObjectItem(v, "models");
        check_forms(cJSON_GetArrayItem(models, 0), &gname_object,
                    "acme_order");
        const cJSON *enums = cJSON_GetObjectItem(v, "enums");
        check_forms(cJSON_GetArrayItem(enums, 0), &gname_enum, "acme_side");
        const cJSON *eps = cJSON_GetObjectItem(v, "endpoints");
        const cJSON *ep = cJSON_GetArrayItem(eps, 0);
        check_forms(ep, &gname_endpoint, "acme_get_order");
        check_forms(ep, &gname_endpoint_params, "acme_get_order");
        /* A model reference carries the model's names, led by its key. */
        const cJSON *resp = cJSON_GetObjectItem(ep, "response");
        for (size_t i = 0; i < gname_object.n; i++) {
            char key[64];
            snprintf(key, sizeof key, "response_%s",
                     gname_object.v[i].view_key);
            char *want = gname_join("acme_order", gname_object.v[i].suffix,
                                    "");
            const cJSON *got = cJSON_GetObjectItem(resp, key);
            if (!cJSON_IsString(got) || strcmp(got->valuestring, want) != 0)
                FAIL("%s is not %s", key, want);
            free(want);
        }
    }
    view_free(v);
    spec_free(s);
}

/* An endpoint named after each global name of a model clashes with it. */
TEST(validator_checks_every_model_name)
{
    for (size_t i = 0; i < gname_object.n; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 SPEC_HEAD
                 "models:\n  Order:\n    type: object\n"
                 "    properties:\n      id: {type: string}\n"
                 "endpoints:\n  - name: order%s\n    method: GET\n"
                 "    path: /x\n    response: Order\n",
                 gname_object.v[i].suffix);
        diag d;
        diag_init(&d);
        spec *s = spec_load_buffer("inline.yaml", text, strlen(text), &d);
        int rc = s ? spec_validate(s, &d) : -1;
        if (rc == 0)
            FAIL("endpoint 'order%s' does not clash with model Order",
                 gname_object.v[i].suffix);
        spec_free(s);
        diag_free(&d);
    }
}

int main(void)
{
    RUN(joins);
    RUN(view_hands_every_name_to_templates);
    RUN(validator_checks_every_model_name);
    return harness_report();
}
