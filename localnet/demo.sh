#!/usr/bin/env bash
# `pnpm demo`: install what is missing, bring up the localnet in .nesa-home, and run a private OCR query on the
# text-line image kept in the repository with HSS-EE: the image is split into two additive shares, each sealed to
# one share-seat miner, so no single miner or Redis key ever holds it. Then one private generation with tiny-lm.
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

say "private OCR query with HSS-EE: pnpm nesa infer --home $home --model ocr-rec --image $image --privacy hss-ee"
# No EE fallback: with EE only, OCR's image reaches the first miner as is (docs/security.md). If HSS-EE fails,
# the demo fails and says why, rather than quietly running a weaker query.
if ! pnpm --silent nesa infer --home "$home" --model ocr-rec --image "$image" --privacy hss-ee; then
  say "HSS-EE query failed (see the error above and the logs in $home/logs)."
  say "a home created before HSS-EE existed has models without HSS stages: delete $home and run pnpm demo again."
  exit 1
fi
prompt="Call me Ishmael."
say "private text generation with EE: pnpm nesa generate --home $home --model tiny-lm --prompt \"$prompt\" --max-tokens 24"
# The prompt goes out as EE-permuted token ids; the tokens stream as the miners decode them (unverified), then
# the verified text, committee, verdict and what the escrow paid and refunded.
if ! pnpm --silent nesa generate --home "$home" --model tiny-lm --prompt "$prompt" --max-tokens 24; then
  say "generation failed (see the error above and the logs in $home/logs)."
  say "tiny-lm is prepared once packages/models/assets/tiny-lm/model.onnx exists: run localnet/start --home $home again to add it."
  exit 1
fi
playground_url="$(node -p 'require(require("path").resolve(process.argv[1])).playground || ""' "$home/localnet.json")"
if [ -n "$playground_url" ]; then say "the Playground and Explorer (the same queries, in a browser): $playground_url"; fi
say "stop the localnet with: pnpm localnet:stop --home $home"
