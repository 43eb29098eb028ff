/*
 * Filling requests the way a user would, from string literals and const
 * arrays, with no cast: built as C11, as C99 and as C++ (the same file,
 * so the two can never drift apart) with -Wwrite-strings -Werror by
 * tests/cli/test_request_literals.sh,
 * against the golden client of tests/golden/everything.  Prints the JSON
 * of the filled body: NULL optional pointers must be absent from it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "everything.h"

/* An all-zero struct, spelled as each language likes it: C++ warns of
 * missing initializers after {0}, and C before C23 has no {}. */
#ifdef __cplusplus
#define ZERO {}
#else
#define ZERO {0}
#endif

int main(void)
{
    static const char *const tags[] = {"blue", "round"};
    static const everything_color colors[] = {EVERYTHING_COLOR_RED};
    everything_owner parent = {"root", NULL};
    everything_owner owner = {"ann", &parent};
    const everything_owner *parts[] = {&owner};
    everything_widget body = ZERO;
    body.id = "w-17";
    body.ratio_is_null = true;
    body.count = 3;
    body.has_count = true;
    body.owner = &owner;
    body.tags = tags;
    body.n_tags = 2;
    body.colors = colors;
    body.n_colors = 1;
    body.parts = parts;
    body.n_parts = 1;
    /* shade, limits, raw, "@type", old: left NULL, so not sent */
    cJSON *json = everything_widget_to_json(&body);
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    if (!text)
        return 1;
    puts(text);
    cJSON_free(text);
    cJSON_Delete(json);

    /* Path params are plain arguments; the rest is the params struct.
     * Only compiled: no server answers here. */
    everything_get_widget_params q = ZERO;
    q.fields = tags;
    q.n_fields = 2;
    q.limit = 10;
    q.has_limit = true;
    q.x_request_id = "trace-1";
    (void)q;
    apicc_status (*get)(apicc_client *, const char *, int64_t,
                        const everything_get_widget_params *,
                        everything_widget **) = everything_get_widget;
    apicc_status (*del)(apicc_client *, const char *) =
        everything_delete_widget;
    (void)get;
    (void)del;
    return 0;
}
