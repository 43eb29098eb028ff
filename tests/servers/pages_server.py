#!/usr/bin/python3
"""A local HTTP server whose lists page the way real providers document.

Binds 127.0.0.1 on a free port, prints "PORT <n>" and serves until
killed.  Every list holds seven items; standard library only.

  /repos/O/R/issues?per_page=N&page=K   a bare JSON array per page and a
        Link header (RFC 8288) with rel="next" and rel="last" as GitHub
        sends them: absolute URLs, the next one under another path
        (/repositories/1/issues), as GitHub's are.  trap=loop names the
        same page as next; trap=elsewhere names another origin.
  /repositories/1/issues                the same list under that path
  /conversations.list?cursor=C&limit=N  {"ok":true,"channels":[...],
        "response_metadata":{"next_cursor":C'}}, C' empty on the last
        page (Slack); stuck=1 repeats the first cursor
  /v1/customers?limit=N&starting_after=ID
        {"object":"list","data":[...],"has_more":b} (Stripe)
  /items?page=K&per_page=N[&fail_at=K]  {"items":[...],"total":7}, an
        empty page after the end; page fail_at answers 400
  /results?offset=O&limit=N             {"results":[...],"count":7}

Every request is printed as "REQ <path and query>" on its own line, so a
test can check what the client asked for, in order.
"""
import base64
import http.server
import json
import sys
import threading
import urllib.parse

import provider_http

ISSUES = [{"id": 100 + i, "title": "issue %d" % i} for i in range(1, 8)]
NAMES = ["C0%d" % i for i in range(1, 8)]
LOCK = threading.Lock()


def cursor_of(i):
    return base64.b64encode(("team:%s" % NAMES[i]).encode()).decode()


def index_of(cursor):
    name = base64.b64decode(cursor).decode().split(":", 1)[1]
    return NAMES.index(name)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "apicc-test"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def num(self, name, default):
        try:
            return int(self.q.get(name, default))
        except ValueError:
            return default

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        self.q = dict(urllib.parse.parse_qsl(url.query,
                                             keep_blank_values=True))
        with LOCK:
            print("REQ " + self.path, flush=True)
        p = url.path
        if p.startswith("/repos/") and p.endswith("/issues") or \
                p == "/repositories/1/issues":
            self.issues()
        elif p == "/conversations.list":
            self.channels()
        elif p == "/v1/customers":
            self.customers()
        elif p == "/items":
            self.items()
        elif p == "/results":
            self.results()
        else:
            self.reply(404, {"message": "Not Found"})

    def issues(self):
        per, page = self.num("per_page", 30), self.num("page", 1)
        origin = "http://%s:%d" % self.server.server_address[:2]
        last = (len(ISSUES) + per - 1) // per
        trap = self.q.get("trap", "")

        def link(n):
            q = {"per_page": per, "page": n}
            if trap:
                q["trap"] = trap
            return "%s/repositories/1/issues?%s" % (
                origin, urllib.parse.urlencode(q))

        links = []
        if trap == "loop":
            links.append('<%s>; rel="next"' % link(page))
        elif trap == "elsewhere":
            links.append('<http://elsewhere.invalid/repositories/1/issues'
                         '?page=%d>; rel="next"' % (page + 1))
        elif page < last:
            links.append('<%s>; rel="next"' % link(page + 1))
        links.append('<%s>; rel="last"' % link(last))
        self.reply(200, ISSUES[(page - 1) * per:page * per],
                   [("Link", ", ".join(links))])

    def channels(self):
        limit = self.num("limit", 100)
        start = index_of(self.q["cursor"]) if self.q.get("cursor") else 0
        end = min(start + limit, len(NAMES))
        nxt = cursor_of(end) if end < len(NAMES) else ""
        if self.q.get("stuck") and end < len(NAMES):
            nxt = cursor_of(min(limit, len(NAMES) - 1))
        self.reply(200, {
            "ok": True,
            "channels": [{"id": n, "name": "chan-" + n}
                         for n in NAMES[start:end]],
            "response_metadata": {"next_cursor": nxt}})

    def customers(self):
        limit = self.num("limit", 10)
        ids = ["cus_%d" % i for i in range(1, 8)]
        after = self.q.get("starting_after")
        start = ids.index(after) + 1 if after else 0
        page = ids[start:start + limit]
        self.reply(200, {
            "object": "list", "url": "/v1/customers",
            "data": [{"id": i, "email": i + "@example.com"} for i in page],
            "has_more": start + limit < len(ids)})

    def items(self):
        page, per = self.num("page", 1), self.num("per_page", 3)
        if page == self.num("fail_at", 0):
            self.reply(400, {"message": "page %d refused" % page})
            return
        ids = ["it_%d" % i for i in range(1, 8)]
        self.reply(200, {"items": [{"id": i} for i in
                                   ids[(page - 1) * per:page * per]],
                         "total": len(ids)})

    def results(self):
        off, limit = self.num("offset", 0), self.num("limit", 3)
        ids = ["r_%d" % i for i in range(1, 8)]
        self.reply(200, {"results": [{"id": i} for i in
                                     ids[off:off + limit]],
                         "count": len(ids)})


def main():
    server = provider_http.Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
