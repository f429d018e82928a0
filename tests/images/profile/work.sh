#!/bin/sh
# The workload `drydock profile` is tested with: a busybox httpd serving a file, file
# work in a directory of its own, then its own check. With arguments, /actions tries them
# afterwards (things the recording never did).
set -e
busybox httpd -p 80 -h /www
mkdir -p /data/out
i=0
while [ $i -lt 50 ]; do
    echo "line $i" >>/data/out/log.txt
    i=$((i + 1))
done
cp /data/out/log.txt /data/out/copy.txt
mv /data/out/copy.txt /data/out/moved.txt
[ "$(busybox md5sum </data/out/log.txt)" = "$(busybox md5sum </data/out/moved.txt)" ]
rm /data/out/moved.txt
n=0
until busybox wget -q -O /tmp/got http://127.0.0.1:80/index.html; do
    n=$((n + 1))
    [ $n -lt 50 ] || exit 3
    sleep 0.1
done
busybox cmp /www/index.html /tmp/got
# wget polls only when the body has not arrived yet (a race with the server), so poll is
# in some recordings and not others; waiting with a timeout polls every time, so the
# recorded set, and verify's verdict, does not depend on that race.
echo | read -t 1 _
echo "work: check passed"
# Let the server finish the request it answered before the container ends.
sleep 1
[ $# -eq 0 ] || /actions "$@"
