#!/usr/bin/env bash
# buf lint over proto/ with the rules in buf.yaml (STANDARD + documented cosmos exceptions).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
buf="$root/packages/proto-types/node_modules/.bin/buf"
if [[ ! -x "$buf" ]]; then
  echo "proto:lint: missing $buf — run 'pnpm install' at the repo root (@bufbuild/buf is a devDependency of packages/proto-types)." >&2
  exit 1
fi
cd "$root"
"$buf" lint "$@"
