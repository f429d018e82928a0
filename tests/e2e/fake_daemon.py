#!/usr/bin/env python3
"""A hostile Docker daemon on a unix socket, for engine_hostile_daemon.sh (a test server
for the HTTP layer's bounds, as COMMON.md allows; the real daemon is in the other tests).

    fake_daemon.py SOCKET

Every container inspect answers with a 2 GB body; the image export never ends. Each body is
sent until drydock hangs up; the number of bytes sent is appended to SOCKET.sent."""
import os
import socketserver
import sys

SOCK = sys.argv[1]
IDS = ["%064x" % (i + 1) for i in range(20)]
IMG = "sha256:" + "ab" * 32


class Handler(socketserver.StreamRequestHandler):
    def reply(self, body, code=200):
        self.wfile.write(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                         b"Connection: close\r\n\r\n" % (code, len(body)) + body)

    def endless(self, head, filler, claimed):
        sent = 0
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n" % claimed + head)
            chunk = filler * (65536 // len(filler))
            while sent < claimed:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        with open(SOCK + ".sent", "a") as f:
            f.write("%d\n" % sent)

    def handle(self):
        line = self.rfile.readline().decode()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        path = line.split(" ")[1] if " " in line else "/"
        if path == "/_ping":
            self.reply(b"OK")
        elif path == "/version":
            self.reply(b'{"ApiVersion":"1.41","Version":"20.10.24","MinAPIVersion":"1.12","Os":"linux"}')
        elif path.startswith("/v1.41/info"):
            self.reply(b'{"Name":"fake","ServerVersion":"20.10.24","DockerRootDir":"/nonexistent",'
                       b'"SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}')
        elif path.startswith("/v1.41/containers/json"):
            self.reply(("[" + ",".join('{"Id":"%s","Names":["/c%d"],"Image":"x","State":"running"}'
                                       % (c, i) for i, c in enumerate(IDS)) + "]").encode())
        elif path.startswith("/v1.41/containers/"):
            self.endless(b'{"Id":"' + path.split("/")[3].encode() + b'","Config":{"Env":["', b"A", 2 << 30)
        elif path.startswith("/v1.41/images/json"):
            self.reply(b"[]")
        elif path == "/v1.41/images/fake/json":
            self.reply(('{"Id":"%s","RepoTags":["fake:1"],"Size":1}' % IMG).encode())
        elif path.startswith("/v1.41/images/") and path.endswith("/get"):
            # a tar member claiming a terabyte, then zeros for as long as drydock reads
            hdr = bytearray(512)
            hdr[0:4] = b"junk"
            hdr[100:108] = b"0000644\0"
            hdr[124:136] = b"%011o\0" % (1 << 40)
            hdr[156:157] = b"0"
            hdr[257:263] = b"ustar\0"
            hdr[148:156] = b"        "
            hdr[148:156] = b"%06o\0 " % sum(hdr)
            self.endless(bytes(hdr), b"\0", 1 << 40)
        else:
            self.reply(b'{"message":"page not found"}', 404)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 128


if os.path.exists(SOCK):
    os.unlink(SOCK)
Server(SOCK, Handler).serve_forever()
