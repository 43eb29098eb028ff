#!/usr/bin/python3
"""A local stand-in for Koyeb's account session API.

POST /v1/account/login     {email, password[, organization_id]} -> LoginReply;
                           wrong credentials 401, a missing field 400 with
                           `fields`, a body that is not JSON 400
PUT  /v1/account/refresh   Bearer -> a new LoginReply; the old token stops
                           working (Koyeb leaves this unconfirmed; the
                           stricter behaviour catches clients that keep
                           sending the old token)
DELETE /v1/account/logout  Bearer -> {} and the token is revoked
POST /_test/expire         (test control, no auth) every live token expires

Errors are Koyeb's {status, code, message} ({..., fields} on 400).  Tokens
expire after --lifetime seconds.  Each login prints "EVENT login <email>
seon-fp=<value or ->", so a test can check the optional header arrived.
"""
import datetime
import secrets
import threading
import time
import uuid

import provider_http as ph

LOCK = threading.Lock()
TOKENS = {}  # token id -> expiry (epoch seconds)
CONFIG = {"email": "john@snow.com", "password": "winter-is-coming",
          "lifetime": 3600.0}
USER_ID = "996d7822-6b58-11e9-956f-32001b70f000"


def error(h, status, code, message, fields=None):
    body = {"status": status, "code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    h.send_json(status, body)


def new_token(org):
    tid = secrets.token_urlsafe(24)
    expires = time.time() + CONFIG["lifetime"]
    with LOCK:
        TOKENS[tid] = expires
    stamp = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc)
    return {"token": {"id": tid, "user_id": USER_ID,
                      "organization_id": org or "",
                      "expires_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}}


def bearer(h):
    """The caller's live token, or None after answering 401."""
    value = h.headers.get("Authorization") or ""
    tid = value[len("Bearer "):] if value.startswith("Bearer ") else None
    with LOCK:
        expires = TOKENS.get(tid) if tid else None
    if expires is None or expires <= time.time():
        error(h, 401, "authentication_error",
              "Request unauthenticated with bearer")
        return None
    return tid


def revoke(tid):
    with LOCK:
        TOKENS.pop(tid, None)


def login(h):
    try:
        body = h.json_body()
    except ValueError:
        error(h, 400, "invalid_argument", "Invalid argument",
              [{"field": "body", "description": "is not valid JSON"}])
        return
    if not isinstance(body, dict):
        body = {}
    missing = [{"field": f, "description": "cannot be blank"}
               for f in ("email", "password") if not body.get(f)]
    if missing:
        error(h, 400, "invalid_argument", "Invalid argument", missing)
        return
    ph.event("login", body["email"],
             "seon-fp=" + (h.headers.get("seon-fp") or "-"))
    if body["email"] != CONFIG["email"] or \
            body["password"] != CONFIG["password"]:
        error(h, 401, "authentication_error",
              "There is no Koyeb account associated with this email "
              "address or your password is incorrect")
        return
    h.send_json(200, new_token(body.get("organization_id")))


def refresh(h):
    h.body_bytes()
    tid = bearer(h)
    if tid is None:
        return
    revoke(tid)
    h.send_json(200, new_token(None))


def logout(h):
    h.body_bytes()
    tid = bearer(h)
    if tid is None:
        return
    revoke(tid)
    h.send_json(200, {})


def expire_all(h):
    h.body_bytes()
    with LOCK:
        for tid in TOKENS:
            TOKENS[tid] = 0
    h.send_json(200, {})


class Handler(ph.JSONHandler):
    ROUTES = {
        ("POST", "/v1/account/login"): login,
        ("PUT", "/v1/account/refresh"): refresh,
        ("DELETE", "/v1/account/logout"): logout,
        ("POST", "/_test/expire"): expire_all,
    }

    def not_found(self, status):
        error(self, status, "unknown_resource", "Not found")


def main():
    p = ph.arg_parser("Koyeb account session API, for tests")
    p.add_argument("--email", default=CONFIG["email"])
    p.add_argument("--password", default=CONFIG["password"])
    p.add_argument("--lifetime", type=float, default=CONFIG["lifetime"],
                   help="token lifetime in seconds")
    args = p.parse_args()
    CONFIG.update(email=args.email, password=args.password,
                  lifetime=args.lifetime)
    ph.serve(Handler, args)


if __name__ == "__main__":
    main()
