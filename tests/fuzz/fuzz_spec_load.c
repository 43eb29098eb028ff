/*
 * Fuzz target: the spec loader, validator and view on arbitrary bytes.
 * Whatever the input, the generator must report problems, never crash,
 * hang or leak.
 */
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "load/spec.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load_buffer("fuzz.yaml", (const char *)data, size, &d);
    if (s && spec_validate(s, &d) == 0) {
        cJSON *view = view_build(s, "fuzz.yaml");
        view_free(view);
    }
    spec_free(s);
    diag_free(&d);
    return 0;
}
