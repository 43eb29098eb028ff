#!/usr/bin/python3
"""A local stand-in for Quatrix's session API (basePath /api/1.0).

GET  /session/login           Basic email:password -> {session_id};
                              207 (same body, header Mfa-Code: 1) for a
                              user that needs MFA; 401 ErrorModel otherwise
POST /session/login           X-Auth-Token of a 207 session, body
                              {auth_type: "2FA"|"PIN", code} -> 200 with a
                              new session_id; a wrong code 401
GET  /session/keepalive       X-Auth-Token -> 200, empty body
GET  /session/logout          200, empty body; the session is gone
POST /session/unblock-captcha {token} -> {valid: true} and the session is
                              unblocked; a wrong token 401 {valid: false}
POST /_test/expire            (test control) every session expires now

A session expires after --idle-timeout seconds (default 900, Quatrix's
15 minutes) without an API action on it; every accepted call restarts
the clock.

Users (email:password): alice@example.com:wonderland logs straight in;
bob@example.com:builder needs MFA (2FA code 123456, PIN 4321);
carol@example.com:singer gets a session blocked until the CAPTCHA token
"captcha-ok" is sent.  --user EMAIL:PASSWORD[:mfa|:captcha] (repeatable)
replaces them; --mfa-2fa, --mfa-pin and --captcha-token set the codes.
Errors are ErrorModel {code, msg[, details]}; the provider does not
publish its codes, so these are this server's: 1 bad credentials, 2 no
such or expired session, 3 wrong MFA code, 4 MFA still pending, 5 CAPTCHA
required, 6 bad request body.
"""
import base64
import threading
import time
import uuid

import provider_http as ph

USERS = {"alice@example.com": "wonderland", "bob@example.com": "builder",
         "carol@example.com": "singer"}
MFA_USERS = {"bob@example.com": {"2FA": "123456", "PIN": "4321"}}
CAPTCHA_USERS = {"carol@example.com"}
CONFIG = {"captcha_token": "captcha-ok", "idle_timeout": 900.0}
BASE = "/api/1.0"

LOCK = threading.Lock()
SESSIONS = {}  # session id -> {"user", "state": active|mfa|captcha, "used"}


def error(h, status, code, msg, details=None):
    body = {"code": code, "msg": msg}
    if details is not None:
        body["details"] = details
    h.send_json(status, body)


def empty_ok(h):
    h.send_response(200)
    h.send_header("Content-Length", "0")
    h.end_headers()


def session_of(h, want_state="active"):
    """The caller's session, or None after answering 401."""
    sid = h.headers.get("X-Auth-Token")
    now = time.monotonic()
    with LOCK:
        s = SESSIONS.get(sid) if sid else None
        if s is not None and now - s["used"] > CONFIG["idle_timeout"]:
            SESSIONS.pop(sid, None)
            s = None
        if s is not None:
            s["used"] = now
    if s is None:
        error(h, 401, 2, "Session is not valid or has expired")
        return None
    if s["state"] != want_state:
        if s["state"] == "mfa":
            error(h, 401, 4, "Multi-factor authentication is required")
        elif s["state"] == "captcha":
            error(h, 401, 5, "CAPTCHA is required to unblock the session")
        else:
            error(h, 401, 2, "Session is not valid or has expired")
        return None
    return sid


def new_session(user, state):
    sid = str(uuid.uuid4())
    with LOCK:
        SESSIONS[sid] = {"user": user, "state": state,
                         "used": time.monotonic()}
    return sid


def login_get(h):
    h.body_bytes()
    auth = h.headers.get("Authorization") or ""
    user = None
    if auth.startswith("Basic "):
        try:
            pair = base64.b64decode(auth[6:], validate=True).decode()
            email, _, password = pair.partition(":")
            if USERS.get(email) == password:
                user = email
        except ValueError:
            pass
    ph.event("login", "basic" if auth.startswith("Basic ") else "none",
             user or "-")
    if user is None:
        error(h, 401, 1, "Wrong login or password")
        return
    if user in MFA_USERS:
        sid = new_session(user, "mfa")
        h.send_json(207, {"session_id": sid}, {"Mfa-Code": "1"})
        return
    state = "captcha" if user in CAPTCHA_USERS else "active"
    h.send_json(200, {"session_id": new_session(user, state)})


def login_post(h):
    try:
        body = h.json_body()
    except ValueError:
        body = None
    sid = session_of(h, "mfa")
    if sid is None:
        return
    if not isinstance(body, dict) or body.get("auth_type") not in \
            ("2FA", "PIN") or not isinstance(body.get("code"), str):
        error(h, 401, 6, "auth_type (2FA or PIN) and code are required")
        return
    with LOCK:
        user = SESSIONS[sid]["user"]
    if MFA_USERS[user][body["auth_type"]] != body["code"]:
        error(h, 401, 3, "Wrong MFA code")
        return
    with LOCK:
        SESSIONS.pop(sid, None)
    h.send_json(200, {"session_id": new_session(user, "active")})


def keepalive(h):
    h.body_bytes()
    sid = session_of(h)
    if sid is not None:
        ph.event("keepalive", sid)
        empty_ok(h)


def logout(h):
    h.body_bytes()
    sid = h.headers.get("X-Auth-Token")
    with LOCK:
        SESSIONS.pop(sid, None)
    ph.event("logout", sid or "-")
    empty_ok(h)


def unblock_captcha(h):
    try:
        body = h.json_body()
    except ValueError:
        body = None
    sid = session_of(h, "captcha")
    if sid is None:
        return
    if not isinstance(body, dict) or not isinstance(body.get("token"), str):
        error(h, 400, 6, "token is required")
        return
    if body["token"] != CONFIG["captcha_token"]:
        h.send_json(401, {"valid": False})
        return
    with LOCK:
        SESSIONS[sid]["state"] = "active"
    h.send_json(200, {"valid": True})


def expire_all(h):
    h.body_bytes()
    with LOCK:
        SESSIONS.clear()
    h.send_json(200, {})


class Handler(ph.JSONHandler):
    ROUTES = {
        ("GET", BASE + "/session/login"): login_get,
        ("POST", BASE + "/session/login"): login_post,
        ("GET", BASE + "/session/keepalive"): keepalive,
        ("GET", BASE + "/session/logout"): logout,
        ("POST", BASE + "/session/unblock-captcha"): unblock_captcha,
        ("POST", "/_test/expire"): expire_all,
    }

    def not_found(self, status):
        error(self, status, 7, "Not found")


def main():
    p = ph.arg_parser("Quatrix session API, for tests")
    p.add_argument("--user", action="append", default=[],
                   metavar="EMAIL:PASSWORD[:mfa|:captcha]",
                   help="a user (replaces the built-in ones)")
    p.add_argument("--mfa-2fa", default="123456", help="2FA code of MFA users")
    p.add_argument("--mfa-pin", default="4321", help="PIN of MFA users")
    p.add_argument("--captcha-token", default=CONFIG["captcha_token"])
    p.add_argument("--idle-timeout", type=float,
                   default=CONFIG["idle_timeout"],
                   help="seconds without an API action before a session "
                        "expires")
    args = p.parse_args()
    if args.user:
        USERS.clear()
        MFA_USERS.clear()
        CAPTCHA_USERS.clear()
    for spec in args.user:
        email, sep, rest = spec.partition(":")
        password, _, kind = rest.rpartition(":")
        if kind not in ("mfa", "captcha"):
            password, kind = rest, ""
        if not email or not sep:
            p.error("--user wants EMAIL:PASSWORD[:mfa|:captcha]")
        USERS[email] = password
        if kind == "mfa":
            MFA_USERS[email] = {"2FA": args.mfa_2fa, "PIN": args.mfa_pin}
        elif kind == "captcha":
            CAPTCHA_USERS.add(email)
    if not args.user:
        MFA_USERS["bob@example.com"] = {"2FA": args.mfa_2fa,
                                        "PIN": args.mfa_pin}
    CONFIG.update(captcha_token=args.captcha_token,
                  idle_timeout=args.idle_timeout)
    ph.serve(Handler, args)


if __name__ == "__main__":
    main()
