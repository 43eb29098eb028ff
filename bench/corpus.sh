#!/bin/bash
# The import corpus: real API descriptions from npm packages, each
# imported (`apicc import openapi --check`), generated, and compiled with
# the project's warning flags (-Werror), then one row per document of
# what the import kept against what the document holds ("kept / present":
# operations, request bodies, success responses, parameters, named
# schemas) and its warnings.  Every one not kept is a warning; this shows
# where a release loses more or less than the last.
#
# Not part of `make test`: it needs the npm registry once and takes
# minutes.  The packages go into a cache outside the source tree,
# ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench (shared with import.sh).
#   CORPUS_FILTER=REGEX   only the documents whose name matches
#   CORPUS_DIGITALOCEAN=DIR   also DigitalOcean's split description, from
#                         DIR (the specification/ folder of its repository)
set -u
BUILD=${BUILD:-build}
APICC="$BUILD/apicc"
CC=${CC:-cc}
WARN="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_DEFAULT_SOURCE"
PACKAGES="@octokit/openapi @readme/oas-examples @figma/rest-api-spec
          @directus/specs @blockfrost/openapi"
. bench/npm_cache.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
if ! npm_cache_ensure $PACKAGES; then
    echo "corpus: SKIPPED: $NPM_CACHE_SKIP"
    exit 0
fi

# NAME<TAB>FILE, one line per document.
{
    f=$(find "$NM/@octokit/openapi" -name api.github.com.json \
        -not -path '*deref*' | head -n 1)
    [ -n "$f" ] && printf 'github\t%s\n' "$f"
    printf 'figma\t%s\n' "$NM/@figma/rest-api-spec/openapi/openapi.yaml"
    printf 'directus\t%s\n' "$NM/@directus/specs/dist/openapi.json"
    printf 'blockfrost\t%s\n' "$NM/@blockfrost/openapi/openapi.yaml"
    # Documents that are not on npm, when a copy is at hand: DigitalOcean
    # publishes its description split over some 2,900 files (its own
    # repository, digitalocean/openapi; point at specification/).
    if [ -n "${CORPUS_DIGITALOCEAN:-}" ]; then
        printf 'digitalocean\t%s\n' \
            "$CORPUS_DIGITALOCEAN/DigitalOcean-public.v2.yaml"
    fi
    for v in 2.0 3.0 3.1; do
        for f in "$NM/@readme/oas-examples/$v/json"/*.json; do
            [ -f "$f" ] && printf 'readme-%s-%s\t%s\n' "$v" \
                "$(basename "$f" .json)" "$f"
        done
    done
} | grep -E "${CORPUS_FILTER:-.}" >"$work/list"

printf '%-44s %5s %11s %11s %11s %11s %11s %5s %s\n' document exit \
    operations bodies responses params schemas warn compiled
tot_ok=0 tot_docs=0
tot="0 0 0 0 0 0 0 0 0 0"
while IFS="$(printf '\t')" read -r name doc; do
    tot_docs=$((tot_docs + 1))
    spec="$work/$name.yaml"
    "$APICC" import openapi "$doc" --check -o "$spec" 2>"$work/err"
    rc=$?
    # A document of webhooks alone: its payloads as models.
    if [ "$rc" -ne 0 ] && grep -q 'no operations to import' "$work/err"; then
        "$APICC" import openapi "$doc" --check --all-models -o "$spec" \
            2>"$work/err"
        rc=$?
        name="$name (--all-models)"
    fi
    warnings=$(grep -c ': warning: ' "$work/err")
    # "apicc import: kept A of B operations, C of D request bodies, ..."
    counts=$(sed -n 's/^apicc import: kept //p' "$work/err" |
        grep -oE '[0-9]+ of [0-9]+' | tr -s ' ' | sed 's/ of /\//' | tr '\n' ' ')
    compiled=-
    if [ "$rc" -eq 0 ]; then
        rm -rf "$work/gen"
        if "$APICC" generate --out "$work/gen" "$spec" >"$work/gen.err" 2>&1; then
            compiled=yes
            for c in "$work"/gen/*/*.c; do
                # shellcheck disable=SC2086
                $CC $WARN -Iruntime/include -c "$c" -o "$work/o.o" \
                    2>>"$work/cc.err" || compiled=NO
            done
        else
            compiled="NO (generate)"
        fi
        [ "$compiled" = yes ] && tot_ok=$((tot_ok + 1))
    fi
    # shellcheck disable=SC2086
    set -- $counts
    printf '%-44s %5s %11s %11s %11s %11s %11s %5s %s\n' "$name" "$rc" \
        "${1:--}" "${2:--}" "${3:--}" "${4:--}" "${5:--}" "$warnings" "$compiled"
    # shellcheck disable=SC2086
    tot=$(echo $tot $(echo "$counts" | tr '/' ' ') | awk '{
        n = (NF - 10); for (i = 1; i <= 10; i++) printf "%d ", $i + (n >= 10 ? $(i + 10) : 0) }')
done <"$work/list"
# shellcheck disable=SC2086
set -- $tot
printf '%-44s %5s %11s %11s %11s %11s %11s\n' "total ($tot_docs documents)" "" \
    "$1/$2" "$3/$4" "$5/$6" "$7/$8" "$9/${10}"
echo "corpus: $tot_ok of $tot_docs documents imported, generated and compiled"
