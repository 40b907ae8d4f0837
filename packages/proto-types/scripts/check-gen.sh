#!/usr/bin/env bash
# CI: regenerate and fail if packages/proto-types/src/gen differs from what is committed
# (modified, deleted or new files).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
bash "$root/packages/proto-types/scripts/gen.sh"
cd "$root"
changes="$(git status --porcelain --untracked-files=all -- packages/proto-types/src/gen)"
if [[ -n "$changes" ]]; then
  echo "proto:check: generated code is out of date; run 'pnpm proto:gen' and commit:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- packages/proto-types/src/gen >&2
  exit 1
fi
echo "proto:check: generated code is up to date"
