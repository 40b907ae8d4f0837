#!/usr/bin/env bash
# Makes sure the pinned CometBFT binary is built, for the validator tests and `localnet/start --validators N`.
# Built from the pinned Go module with the machine's Go into the git-ignored .tools/ folder, once per version.
# Prints the binary's path on stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

COMETBFT_VERSION="${COMETBFT_VERSION:-v0.38.26}"
dir="$PWD/.tools/cometbft/$COMETBFT_VERSION"
bin="$dir/cometbft"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

gocmd="$(command -v go || true)"
[ -z "$gocmd" ] && [ -x /usr/local/go/bin/go ] && gocmd=/usr/local/go/bin/go
if [ -z "$gocmd" ]; then
  echo "error: Go is missing, and CometBFT $COMETBFT_VERSION is built from its Go module." >&2
  echo "  install Go ≥ 1.22 (https://go.dev/doc/install; Debian's golang-go is too old) and run this again." >&2
  exit 1
fi
echo "building CometBFT $COMETBFT_VERSION with $("$gocmd" version | cut -d' ' -f3) into $dir (once; about 1–2 minutes) ..." >&2
mkdir -p "$dir"
start=$(date +%s)
CGO_ENABLED=0 GOBIN="$dir" "$gocmd" install "github.com/cometbft/cometbft/cmd/cometbft@$COMETBFT_VERSION" >&2
echo "built $("$bin" version) in $(( $(date +%s) - start )) s" >&2
echo "$bin"
