#!/bin/bash
# The manual page and the bash completion against the program's --help:
# every verb has its section and is completed, every option a verb's
# --help names is in the page and is completed, and the page renders
# without roff warnings.
BUILD=${APICC_BUILD:-build}
APICC="$(pwd)/$BUILD/apicc"
page="$BUILD/man/apicc.1"
passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

verbs=$("$APICC" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
if [ -n "$verbs" ]; then ok; else bad "no verbs in apicc --help"; fi

if [ -f "$page" ]; then ok; else bad "$page was not built"; fi
if command -v groff >/dev/null 2>&1; then
    text=$(groff -man -Tutf8 -ww "$page" 2>"$BUILD/man/warnings" | col -bx 2>/dev/null ||
        groff -man -Tascii "$page")
    if [ ! -s "$BUILD/man/warnings" ]; then ok; else
        bad "groff warnings: $(head -3 "$BUILD/man/warnings")"
    fi
else
    echo "SKIP rendering: groff is not installed"
    skipped=$((skipped + 1))
    text=$(cat "$page")
fi

# shellcheck disable=SC1091
. packaging/apicc.bash-completion
complete_words() { # complete_words WORD...: COMPREPLY for the last word
    COMP_WORDS=("$APICC" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _apicc
    printf '%s\n' "${COMPREPLY[@]}"
}

for verb in $verbs; do
    upper=$(echo "$verb" | tr a-z A-Z)
    if grep -q "COMMAND: $upper" <<<"$text"; then ok; else bad "man: no section for $verb"; fi
    if complete_words "${verb:0:3}" | grep -qx "$verb"; then ok; else
        bad "completion: '${verb:0:3}' does not offer $verb"
    fi
    for opt in $("$APICC" "$verb" --help | grep -oE '(^|[[ ])--[a-z][a-z-]*' |
        sed 's/^[[ ]//' | sort -u); do
        if grep -qe "$opt" <<<"$text"; then ok; else bad "man: $verb $opt missing"; fi
        if complete_words "$verb" "${opt:0:4}" | grep -qx -- "$opt"; then ok; else
            bad "completion: $verb ${opt:0:4} does not offer $opt"
        fi
    done
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
