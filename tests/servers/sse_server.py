#!/usr/bin/python3
"""A local server of server-sent events (text/event-stream), for the
streaming endpoints' tests.

Binds 127.0.0.1 on a free port, prints "PORT <n>" and serves until
killed; each request is printed as "REQ <method> <path> accept=<Accept>
type=<Content-Type>" so a test can check what was asked.  Answers are
chunked, one write per piece, as a streaming server sends them.
Standard library only.

  POST /v1/chat/completions   a chat completion streamed the way
        OpenAI-style APIs do: a JSON chunk per event, then "data: [DONE]".
        The JSON body's "scenario": "badjson" (the third event is not
        JSON), "error" (429 with a JSON error body).
  GET /ticks?scenario=S
        whatwg   the event stream examples of the WHATWG HTML standard's
                 "Server-sent events" section: comments, named events,
                 multi-line data, ids, retry, CR, LF and CRLF endings
        slow     one event, then silence for 3 s
        pings    comments only, every 0.2 s for 3 s
        big      one event of 2 MiB
        cut      one event, then the connection drops mid-answer
        forever  an event every 10 ms until the client hangs up
"""
import http.server
import json
import sys
import time
import urllib.parse

import provider_http

WHATWG = [
    b": test stream\n\ndata: first event\nid: 1\n\n",
    b"data:second event\nid\n\ndata:  third event\n\n",
    b"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\n",
    b"data: YHOO\r\ndata: +2\r\ndata: 10\r\n\r\n",
    b"retry: 1500\rdata\rdata\r\r",
    b"data: split",
    b" across writes\n\n",
]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "apicc-test"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def start(self, status=200, ctype="text/event-stream"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def piece(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def finish_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def log_request_line(self):
        print("REQ %s %s accept=%s type=%s" % (
            self.command, self.path, self.headers.get("Accept", ""),
            self.headers.get("Content-Type", "")), flush=True)

    def do_POST(self):
        self.log_request_line()
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        scenario = req.get("scenario", "")
        if scenario == "error":
            body = json.dumps({"error": {
                "message": "Rate limit reached", "type": "requests",
                "code": "rate_limit_exceeded"}}).encode()
            self.send_response(429)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.start()
        words = ["Hel", "lo", " the", "re", "!"]
        chunks = [{"role": "assistant", "content": ""}] + \
            [{"content": w} for w in words]
        for i, delta in enumerate(chunks):
            ev = {"id": "chatcmpl-42", "object": "chat.completion.chunk",
                  "created": 1700000000, "model": req.get("model"),
                  "choices": [{"index": 0, "delta": delta,
                               "finish_reason": None}]}
            data = json.dumps(ev).encode()
            if scenario == "badjson" and i == 2:
                data = b"{not json"
            self.piece(b"data: " + data + b"\n\n")
        done = {"id": "chatcmpl-42", "object": "chat.completion.chunk",
                "created": 1700000000, "model": req.get("model"),
                "choices": [{"index": 0, "delta": {},
                             "finish_reason": "stop"}]}
        self.piece(b"data: " + json.dumps(done).encode() + b"\n\n")
        self.piece(b"data: [DONE]\n\n")
        self.finish_stream()

    def do_GET(self):
        self.log_request_line()
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(
            self.path).query))
        scenario = q.get("scenario", "")
        self.start()
        try:
            if scenario == "whatwg":
                for p in WHATWG:
                    self.piece(p)
                    time.sleep(0.01)
            elif scenario == "slow":
                self.piece(b"data: one\n\n")
                time.sleep(3)
                self.piece(b"data: two\n\n")
            elif scenario == "pings":
                for _ in range(15):
                    self.piece(b": ping\n\n")
                    time.sleep(0.2)
            elif scenario == "big":
                self.piece(b"data: " + b"x" * (2 << 20) + b"\n\n")
            elif scenario == "cut":
                # one event, then the connection drops mid-answer
                self.piece(b"data: one\n\n")
                self.close_connection = True
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            elif scenario == "forever":
                i = 0
                while True:
                    i += 1
                    self.piece(b"id: %d\ndata: tick %d\n\n" % (i, i))
                    time.sleep(0.01)
            self.finish_stream()
        except (BrokenPipeError, ConnectionResetError):
            print("HANGUP", flush=True)


def main():
    server = provider_http.Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
