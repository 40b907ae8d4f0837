#!/usr/bin/env bash
# Makes sure a Redis answers, for the test suite and the localnet.
#   - REDIS_URL set: use it as is (we only check that it answers).
#   - else a Redis on 127.0.0.1:6379 answers: use it.
#   - else start Debian's redis-server on 127.0.0.1:6379, in memory only (installing it with apt if we are root).
# Prints the URL on stdout; everything else goes to stderr.
set -euo pipefail

url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#redis://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=6379

answers() { (exec 3<>"/dev/tcp/$host/$port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if answers; then echo "$url"; exit 0; fi
if [ -n "${REDIS_URL:-}" ]; then
  echo "error: REDIS_URL=$REDIS_URL does not answer PING. Start that Redis or unset REDIS_URL." >&2; exit 1
fi
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-server is missing: installing Debian's redis-server ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2
  else
    echo "error: no Redis answers on $host:$port and redis-server is not installed." >&2
    echo "  install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to a running Redis." >&2
    exit 1
  fi
fi
echo "starting redis-server on 127.0.0.1:$port (in memory, nothing saved to disk) ..." >&2
mkdir -p /tmp/nesa-redis
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir /tmp/nesa-redis --logfile /tmp/nesa-redis/redis.log >&2
for _ in $(seq 1 50); do answers && { echo "$url"; exit 0; }; sleep 0.1; done
echo "error: redis-server did not answer within 5 s; see /tmp/nesa-redis/redis.log" >&2
exit 1
