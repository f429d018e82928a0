#!/usr/bin/env python3
"""Write a corpus of varied Dockerfiles for perf/lint.sh: real ones found on this
machine and in tests/cases/lint, plus generated ones (fixed seed, so every run lints the
same bytes). Usage: lint-corpus.py OUTDIR [COUNT]"""
import os, random, sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
os.makedirs(out, exist_ok=True)
rnd = random.Random(1)
n = 0

def put(text):
    global n
    with open(os.path.join(out, f"{n:04d}.Dockerfile"), "w") as f:
        f.write(text)
    n += 1

# Real Dockerfiles: the ones Debian packages ship here, and the test cases.
here = os.path.dirname(os.path.abspath(__file__))
roots = [os.path.join(here, "..", "tests", "cases", "lint"), "/usr/share", "/usr/lib"]
for root in roots:
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        for fn in files:
            if (fn.startswith("Dockerfile") or fn.endswith(".Dockerfile")) and not fn.endswith(".gz"):
                try:
                    with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
                        put(f.read())
                except (OSError, UnicodeDecodeError):
                    pass

bases = ["debian:12", "ubuntu:22.04", "alpine:3.19", "python:3.12-slim", "node:20",
         "golang:1.22", "fedora:39", "centos:7", "opensuse/leap:15.5", "nginx:latest",
         "gcr.io/distroless/static:nonroot", "registry.example.com/base/app:1.4"]
installs = {
    "debian": "apt-get update && apt-get install -y --no-install-recommends {p} \\\n    && rm -rf /var/lib/apt/lists/*",
    "ubuntu": "apt-get update && apt-get install -y {p}",
    "alpine": "apk add --no-cache {p}",
    "fedora": "dnf install -y {p} && dnf clean all",
    "centos": "yum install -y {p} && yum clean all",
    "opensuse": "zypper -n install {p} && zypper clean",
}
pkgs = ["curl", "ca-certificates", "git", "make", "gcc", "openssl", "tzdata", "jq=1.6-2.1",
        "python3", "unzip", "wget", "openssh-server", "libpq-dev", "build-essential"]
extras = [
    "RUN curl -fsSL https://deb.example.com/setup.sh | bash -",
    "RUN chmod 777 /tmp/app",
    "ENV DB_PASSWORD=supersecret",
    "ARG NPM_TOKEN",
    "RUN pip install --no-cache-dir flask==3.0.0 gunicorn",
    "RUN npm install -g pm2",
    "COPY . /app",
    "ADD https://example.com/tool.tar.gz /opt/",
    "RUN cd /app && make",
    "WORKDIR /app",
    "EXPOSE 8080",
    "EXPOSE 22",
    "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1",
    "LABEL org.opencontainers.image.source=https://github.com/example/app",
    "RUN useradd -r -u 10001 app",
    "USER app",
    "USER root",
    "RUN <<EOF\nset -eux\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\nEOF",
    "COPY --chown=app:app --chmod=0755 entrypoint.sh /usr/local/bin/",
    "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
    "ENV PATH=/app/bin:$PATH LANG=C.UTF-8",
    "VOLUME /data",
    "STOPSIGNAL SIGTERM",
]
while n < count:
    lines = []
    if rnd.random() < 0.3:
        lines.append("# syntax=docker/dockerfile:1.6")
    stages = rnd.choice([1, 1, 2, 3])
    for s in range(stages):
        base = rnd.choice(bases)
        name = f" AS stage{s}" if s < stages - 1 else ""
        lines.append(f"FROM {base}{name}")
        fam = next((k for k in installs if base.startswith(k)), None)
        if fam:
            p = " ".join(rnd.sample(pkgs, rnd.randint(1, 5)))
            lines.append("RUN " + installs[fam].format(p=p))
        for e in rnd.sample(extras, rnd.randint(3, 12)):
            lines.append(e)
        if s > 0:
            lines.append(f"COPY --from=stage{s - 1} /out /app/")
    lines.append(rnd.choice(['CMD ["/app/server"]', "CMD /app/server --port 8080",
                             'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]']))
    put("\n".join(lines) + "\n")
print(n)
