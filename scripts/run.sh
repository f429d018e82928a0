#!/usr/bin/env bash
# Set-up command 1: install what drydock needs, build it, and run its main job,
# `drydock bench`, on this machine. Extra arguments go to `drydock bench`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/deps.sh"
cmake -S "$here" -B "$here/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$here/build/release" drydock man >/dev/null
echo "drydock built: $here/build/release/drydock" >&2
exec "$here/build/release/drydock" bench "$@"
