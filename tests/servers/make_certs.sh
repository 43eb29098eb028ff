#!/bin/bash
# Makes the certificates the TLS fault tests need, in folder $1, with the
# openssl command line:
#   ca.pem            a test CA the client is told to trust
#   good.{pem,key}    from the CA, for 127.0.0.1 and localhost
#   expired.{pem,key} from the CA, for 127.0.0.1, valid only in 2020
#   wronghost.{pem,key} from the CA, for other.example only
#   self.{pem,key}    self-signed for 127.0.0.1 (nobody trusts it)
set -eu
d=$1
mkdir -p "$d"
cd "$d"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key ca.key
openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj "/CN=apicc test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
# `openssl ca` is the one tool in OpenSSL 3.0 that takes explicit dates.
mkdir -p db
: >db/index.txt
echo 1000 >db/serial
cat >ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
dir = .
database = db/index.txt
serial = db/serial
new_certs_dir = db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[ any ]
commonName = supplied
CNF
issue() { # name san [startdate enddate]
    key "$1.key"
    openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$1" -addext "subjectAltName=$2" 2>/dev/null
    if [ $# -ge 4 ]; then
        openssl ca -batch -config ca.cnf -in "$1.csr" -out "$1.pem" -notext \
            -startdate "$3" -enddate "$4" 2>/dev/null
    else
        openssl ca -batch -config ca.cnf -in "$1.csr" -out "$1.pem" -notext -days 2 2>/dev/null
    fi
}
issue good "IP:127.0.0.1,DNS:localhost"
issue expired "IP:127.0.0.1,DNS:localhost" 20200101000000Z 20200102000000Z
issue wronghost "DNS:other.example"
key self.key
openssl req -x509 -new -key self.key -out self.pem -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
