#!/usr/bin/env bash
# `pnpm demo`: install what is missing, bring up the localnet in .nesa-home, and run a private OCR query on the
# text-line image kept in the repository. HSS-EE first; if the network does not route HSS-EE yet, it says so
# loudly and runs the query with EE instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
home="${NESA_HOME:-.nesa-home}"
image="packages/models/fixtures/ocr-line.png"
say() { printf '\n[demo] %s\n' "$*" >&2; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { say "Node >= 20.19 is required (found $(node --version)); install it from https://nodejs.org"; exit 1; }
if ! command -v pnpm >/dev/null 2>&1; then
  say "pnpm is missing: installing it with npm (npm i -g pnpm)"
  npm i -g pnpm
fi
if [ ! -d node_modules ]; then
  say "installing dependencies (pnpm install)"
  pnpm install
fi
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1 \
  && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "no Redis found: installing Debian's redis-server (the localnet starts its own instance)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
  fi
fi

say "starting the localnet in $home (first start: ~1 minute; logs in $home/logs)"
localnet/start --home "$home" >/dev/null

if [ -f packages/client/src/cli/nesa.ts ]; then
  say "private OCR query with HSS-EE: pnpm nesa infer --home $home --model ocr-rec --image $image --privacy hss-ee"
  if pnpm --silent nesa infer --home "$home" --model ocr-rec --image "$image" --privacy hss-ee; then exit 0; fi
  say "!!! HSS-EE DID NOT WORK ON THIS NETWORK YET (the dispatcher does not route HSS-EE shares yet). !!!"
  say "!!! Running the same query with EE only: the OCR image is NOT hidden from the first miner.    !!!"
  pnpm --silent nesa infer --home "$home" --model ocr-rec --image "$image" --privacy ee --allow-exposure
else
  say "!!! the 'nesa' CLI (packages/client) is not available yet, and HSS-EE is not routed by the network yet. !!!"
  say "!!! Running an EE query (NOT HSS-EE: the OCR image is not hidden from the first miner) with localnet/src/ocr-demo-query.ts !!!"
  node --import tsx localnet/src/ocr-demo-query.ts --home "$home" --image "$image"
fi
say "stop the localnet with: pnpm localnet:stop --home $home"
