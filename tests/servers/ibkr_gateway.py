#!/usr/bin/python3
"""A local stand-in for the IBKR Client Portal gateway (basePath /v1/api).

Like the real gateway it serves HTTPS with a self-signed certificate
(--tls-auto makes a fresh one and prints "CA <path>"), asks API callers for
no credentials (the user logged in with a browser), and keeps a session
cookie: the first answer sets "x-sess-uuid"; a request that comes back
with a cookie this gateway never set is refused with 401.

POST /iserver/auth/status     AuthStatus (401 after logout)
POST /iserver/reauthenticate  {"message": "triggered"}; the brokerage
                              session is authenticated again
POST /logout                  {"status": true}; the session ends
GET  /sso/validate            ssoValidateResponse (epoch-ms values > 2^31)
POST /tickle                  the tickle object (session, ssoExpires,
                              collission, userId, hmds, iserver.authStatus)
POST /_test/brokerage-lost    (test control) authenticated turns false

POSTs must come with "Content-Length: 0" and no body, else 411.  Errors
are the gateway's {error, statusCode}.  Each request prints
"EVENT <method> <path> cookie=<yes|no|unknown> length=<header or ->".
"""
import secrets
import threading
import time

import provider_http as ph

BASE = "/v1/api"
LOCK = threading.Lock()
STATE = {"logged_in": True, "brokerage": True, "cookies": set()}
COOKIE = "x-sess-uuid"


def fail(h, status, message):
    h.send_json(status, {"error": message, "statusCode": status})


def auth_status():
    return {"authenticated": STATE["brokerage"], "connected": True,
            "competing": False, "established": STATE["brokerage"],
            "fail": "", "message": "", "prompts": [],
            "MAC": "F4:03:43:DC:B4:60",
            "serverInfo": {"serverName": "JifZ34060",
                           "serverVersion": "Build 10.33.1f, Feb 5, 2025"},
            "hardware_info": "2486818e|F4:03:43:DC:B4:60"}


def gate(h, post):
    """Session, cookie and body checks shared by every route.  Returns
    the headers to add, or None after answering."""
    jar = h.cookies()
    length = h.headers.get("Content-Length")
    with LOCK:
        known = jar.get(COOKIE) in STATE["cookies"]
    state = "yes" if known else ("unknown" if COOKIE in jar else "no")
    ph.event(h.command, h.path, "cookie=" + state,
             "length=" + (length if length is not None else "-"))
    body = h.body_bytes()
    if post and (length is None or body):
        fail(h, 411, "POST requests need Content-Length: 0 and no body")
        return None
    if state == "unknown":
        fail(h, 401, "not authenticated")
        return None
    with LOCK:
        logged_in = STATE["logged_in"]
    if not logged_in:
        fail(h, 401, "not authenticated")
        return None
    if known:
        return {}
    value = secrets.token_hex(16)
    with LOCK:
        STATE["cookies"].add(value)
    return {"Set-Cookie": "%s=%s; Path=/; Secure; HttpOnly" % (COOKIE,
                                                              value)}


def r_auth_status(h):
    extra = gate(h, True)
    if extra is not None:
        with LOCK:
            h.send_json(200, auth_status(), extra)


def r_reauthenticate(h):
    extra = gate(h, True)
    if extra is not None:
        with LOCK:
            STATE["brokerage"] = True
        h.send_json(200, {"message": "triggered"}, extra)


def r_logout(h):
    extra = gate(h, True)
    if extra is not None:
        with LOCK:
            STATE["logged_in"] = False
            STATE["cookies"].clear()
        extra["Set-Cookie"] = "%s=; Path=/; Max-Age=0" % COOKIE
        h.send_json(200, {"status": True}, extra)


def r_sso_validate(h):
    extra = gate(h, False)
    if extra is not None:
        now = int(time.time() * 1000)
        h.send_json(200, {
            "AUTH_TIME": now - 222000, "CREDENTIAL": "user1234",
            "EXPIRES": 415890, "IP": "127.0.0.1", "IS_FREE_TRIAL": False,
            "IS_MASTER": False, "LANDING_APP": "UNIVERSAL", "LOGIN_TYPE": 2,
            "PAPER_USER_NAME": "user1234", "QUALIFIED_FOR_MOBILE_AUTH": None,
            "RESULT": True, "SF_ENABLED": False, "USER_ID": 123456789,
            "USER_NAME": "user1234",
            "features": {"bond": True, "env": "PROD", "realtime": True},
            "lastAccessed": now, "region": "NJ"}, extra)


def r_tickle(h):
    extra = gate(h, True)
    if extra is not None:
        with LOCK:
            status = auth_status()
        h.send_json(200, {"session": secrets.token_hex(16),
                          "ssoExpires": 444936, "collission": False,
                          "userId": 132329622,
                          "hmds": {"error": "no bridge"},
                          "iserver": {"authStatus": status}}, extra)


def r_brokerage_lost(h):
    h.body_bytes()
    with LOCK:
        STATE["brokerage"] = False
    h.send_json(200, {})


class Handler(ph.JSONHandler):
    ROUTES = {
        ("POST", BASE + "/iserver/auth/status"): r_auth_status,
        ("POST", BASE + "/iserver/reauthenticate"): r_reauthenticate,
        ("POST", BASE + "/logout"): r_logout,
        ("GET", BASE + "/sso/validate"): r_sso_validate,
        ("POST", BASE + "/tickle"): r_tickle,
        ("POST", "/_test/brokerage-lost"): r_brokerage_lost,
    }

    def not_found(self, status):
        fail(self, status, "Not Found")


def main():
    args = ph.arg_parser("IBKR Client Portal gateway, for tests").parse_args()
    ph.serve(Handler, args)


if __name__ == "__main__":
    main()
