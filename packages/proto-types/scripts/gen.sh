#!/usr/bin/env bash
# Regenerates packages/proto-types/src/gen from proto/ with buf + ts-proto (buf.gen.yaml at
# the repo root). Offline, deterministic: running it twice gives byte-identical files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
pkg="$root/packages/proto-types"
buf="$pkg/node_modules/.bin/buf"
plugin="$pkg/node_modules/.bin/protoc-gen-ts_proto"

for tool in "$buf" "$plugin"; do
  if [[ ! -x "$tool" ]]; then
    echo "proto:gen: missing $tool — run 'pnpm install' at the repo root (it comes from @bufbuild/buf / ts-proto in packages/proto-types devDependencies)." >&2
    exit 1
  fi
done
if [[ ! -f "$pkg/node_modules/@protobufs/cosmos/base/v1beta1/coin.proto" ]]; then
  echo "proto:gen: missing the @protobufs/* include protos — run 'pnpm install' at the repo root." >&2
  exit 1
fi

cd "$root"
"$buf" lint
# buf.gen.yaml has clean: true, so files of deleted protos disappear too.
"$buf" generate
# The REST routes (google.api.http options), from the descriptors buf builds.
node "$pkg/scripts/http-routes.mjs" "$buf" "$root" "$pkg/src/gen/http-routes.ts"
echo "proto:gen: wrote $(find "$pkg/src/gen" -name '*.ts' | wc -l) files to packages/proto-types/src/gen"
