#!/bin/sh
# `make bench`: every benchmark, one after the other.  Timings live here,
# never in the test suite.  Figures and how they were taken: bench/README.md.
set -eu
for b in bench/generate.sh bench/http.sh bench/ws.sh bench/events.sh bench/sse.sh \
    bench/multi.sh bench/import.sh bench/corpus.sh bench/prism_corpus.sh; do
    if [ -f "$b" ]; then
        echo "== $b"
        bash "$b"
    fi
done
