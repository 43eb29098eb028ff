/*
 * Finding a link by relation in a Link header (RFC 8288), for pagination
 * that points at the next page there (link_header.c).  Never installed.
 *
 * Layer: bottom (text only).
 */
#ifndef APICC_LINK_INTERNAL_H
#define APICC_LINK_INTERNAL_H

#include <stddef.h>

/*
 * Looks in `header` (the field value: link-values separated by commas,
 * each `<URI>` then `; name=value` parameters, values quoted or not) for
 * the first link whose `rel` lists `rel` (compared case-insensitively, a
 * rel being a space-separated list).  1 and [*uri, *uri + *len) inside
 * `header` (the URI as written, maybe relative); 0 when there is none or
 * the header is not well formed from that point on.
 */
int apicc__link_find(const char *header, const char *rel, const char **uri,
                     size_t *len);

#endif
