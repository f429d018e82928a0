#!/usr/bin/env python3
"""A tiny Docker registry token server for the tests (the realm of a docker-registry
configured with `auth: token`). GET /token?service=S&scope=repository:NAME:ACTIONS with
HTTP Basic credentials answers {"token": JWT}: RS256, signed with `openssl dgst` so no
Python crypto package is needed, the signing certificate in the x5c header so the
registry can check it against its rootcertbundle. Every request is logged (one JSON line)
so tests can see the Bearer round trip happened. Listens on 127.0.0.1 only."""
import argparse
import base64
import http.server
import json
import os
import subprocess
import sys
import time
import urllib.parse


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--issuer", default="drydock-test-issuer")
    a = ap.parse_args()
    password = open(a.password_file).read().strip()
    der = subprocess.run(["openssl", "x509", "-in", a.cert, "-outform", "DER"],
                         check=True, capture_output=True).stdout
    x5c = base64.b64encode(der).decode()

    def sign(claims):
        head = b64url(json.dumps({"typ": "JWT", "alg": "RS256", "x5c": [x5c]}).encode())
        body = b64url(json.dumps(claims).encode())
        msg = (head + "." + body).encode()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", a.key], input=msg,
                             check=True, capture_output=True).stdout
        return head + "." + body + "." + b64url(sig)

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, code, obj):
            data = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            u = urllib.parse.urlparse(self.path)
            if u.path == "/health":
                return self.reply(200, {})
            if u.path != "/token":
                return self.reply(404, {"error": "not found"})
            q = urllib.parse.parse_qs(u.query)
            auth = self.headers.get("Authorization", "")
            user = None
            if auth.startswith("Basic "):
                try:
                    u_, p_ = base64.b64decode(auth[6:]).decode().split(":", 1)
                    if u_ == a.user and p_ == password:
                        user = u_
                except Exception:
                    pass
            with open(a.log, "a") as f:
                f.write(json.dumps({"service": q.get("service", [""])[0],
                                    "scope": q.get("scope", []),
                                    "user": user, "basic": bool(auth)}) + "\n")
            if user is None:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                                    "message": "bad credentials"}]})
            access = []
            for s in q.get("scope", []):
                parts = s.split(":")
                if len(parts) >= 3:
                    access.append({"type": parts[0], "name": ":".join(parts[1:-1]),
                                   "actions": parts[-1].split(",")})
            now = int(time.time())
            tok = sign({"iss": a.issuer, "sub": user, "aud": q.get("service", [""])[0],
                        "exp": now + 600, "nbf": now - 30, "iat": now,
                        "jti": b64url(os.urandom(12)), "access": access})
            return self.reply(200, {"token": tok, "expires_in": 600})

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), H)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
