#!/bin/sh
# Writes the manual page apicc(1) to standard output from the program's own
# help texts: `apicc --help` gives the synopsis, each `apicc VERB --help`
# one section.  The help texts are the one place the options are described,
# so the page cannot fall out of step with them; what --help does not say
# (environment, files) is written here.
# Usage: packaging/man.sh build/apicc > apicc.1
set -eu
apicc=$1

# roff: a backslash is written \e; a line starting with . or ' would be
# read as a request, so it gets a zero-width escape in front.
roff_text() {
    sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

version=$("$apicc" --version | sed -n '1s/^apicc //p')
verbs=$("$apicc" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')

cat <<EOF
.TH APICC 1 "" "apicc $version" "User Commands"
.SH NAME
apicc \\- turn API descriptions into C clients
.SH SYNOPSIS
.nf
EOF
# Each verb's usage lines (the block its --help starts with), once each.
for verb in $verbs; do
    "$apicc" "$verb" --help | sed -n '1,/^$/p' | sed -e '/^$/d' -e 's/^usage: //' \
        -e 's/^       //'
done | awk '!seen[$0]++' | roff_text
cat <<'EOF'
.fi
.SH DESCRIPTION
apicc reads a normalized API spec (YAML), or imports an OpenAPI/Swagger
document or markdown API docs into one, and expands mustache templates into
a C client per provider that links against the libapicc runtime
(pkg-config name
.BR apicc ).
EOF
for verb in $verbs; do
    echo ".SH COMMAND: $(echo "$verb" | tr a-z A-Z)"
    echo ".nf"
    "$apicc" "$verb" --help | roff_text
    echo ".fi"
done
cat <<'EOF'
.SH ENVIRONMENT
.TP
.B APICC_TEMPLATES
The templates folder used when
.B \-\-templates
is not given.
.SH EXIT STATUS
0 when the command succeeded; 1 when
.B apicc check
found differences; 2 for bad input or usage.
.SH FILES
.TP
.I DATADIR/apicc/templates/c
the installed C templates
.TP
.I LIBDIR/pkgconfig/apicc.pc, LIBDIR/cmake/apicc/
how builds find the runtime
.SH SEE ALSO
The spec format and the template view are described in docs/spec-format.md
and docs/templates.md of the apicc sources.
EOF
