# Shared by bench/events.sh and bench/sse.sh (sourced, bash): start the
# Node server that pushes the events, interleave rounds of the apicc
# client (a) and the Node reference (r), and print the table of medians.
#
#   event_rounds_server CMD...      starts the server, sets $dir and $PORT
#   event_rounds A_LABEL R_LABEL CMD_A -- CMD_R
#                                   RUNS rounds of N events; prints the table
# Needs RUNS and N set; GNU time measures each client run.

event_rounds_server() {
    dir=$(mktemp -d /tmp/apicc-event-bench.XXXXXX)
    "$@" >"$dir/port" &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$dir"' EXIT
    for _ in $(seq 1 100); do
        grep -qs '^PORT ' "$dir/port" && break
        sleep 0.1
    done
    PORT=$(sed -n 's/^PORT //p' "$dir/port")
}

declare -A runs cpu rss
measure() {
    local key=$1 rate
    shift
    rate=$(timeout 300 /usr/bin/time -o "$dir/time" -f '%U %S %M' "$@")
    runs[$key]="${runs[$key]:-} $rate"
    cpu[$key]="${cpu[$key]:-} $(awk -v n="$N" '{ printf "%.2f", ($1 + $2) * 1e6 / n }' "$dir/time")"
    rss[$key]=$(awk '{ print $3 }' "$dir/time")
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END { print v[int((NR + 1) / 2)] }'; }
med() { echo "${runs[$1]}" | median; }
medcpu() { echo "${cpu[$1]}" | median; }
all() { echo "${runs[$1]}" | tr -s ' ' | sed 's/^ //; s/ / \/ /g'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }

event_rounds() {
    local a_label=$1 r_label=$2
    shift 2
    local -a cmd_a=() cmd_r=()
    while [ "$1" != -- ]; do cmd_a+=("$1"); shift; done
    shift
    cmd_r=("$@")
    for r in $(seq 1 "$RUNS"); do
        measure a "${cmd_a[@]}"
        measure r "${cmd_r[@]}"
        echo "round $r/$RUNS done" >&2
    done
    echo
    echo "| client | events/s | CPU per event (µs, user + system, start-up included) | peak RSS (KiB) |"
    echo "|---|---:|---:|---:|"
    echo "| (a) $a_label | **$(med a)** ($(all a)) | $(medcpu a) | ${rss[a]} |"
    echo "| (r) $r_label | **$(med r)** ($(all r)) | $(medcpu r) | ${rss[r]} |"
    echo
    echo "a/r events/s: $(ratio "$(med a)" "$(med r)"); r/a CPU per event: $(ratio "$(medcpu r)" "$(medcpu a)")"
    echo "medians of $RUNS rounds of $N events each"
}
