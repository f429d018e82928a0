#!/usr/bin/env python3
"""A webhook receiver for the e2e tests, on loopback: appends each POST body as one line
to OUT and answers 200 (503 to the first POST with --refuse-first, to exercise retries).
Writes its port to PORTFILE once it listens.
  webhook_recv.py PORTFILE OUT [--refuse-first]"""
import http.server
import os
import sys
import threading

port_file, out = sys.argv[1], sys.argv[2]
refuse = ["--refuse-first"] == sys.argv[3:]
seen = {"n": 0}
lock = threading.Lock()  # one body per line, whole: concurrent senders never interleave


class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            seen["n"] += 1
            code = 503 if refuse and seen["n"] == 1 else 200
            if code == 200:
                with open(out, "ab") as f:
                    f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(code)
        self.end_headers()

    def log_message(self, *a):
        pass


s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(port_file + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(port_file + ".tmp", port_file)
s.serve_forever()
