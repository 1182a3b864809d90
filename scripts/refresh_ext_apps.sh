#!/usr/bin/env bash
# Fetch the pinned MCP Apps client bundle with `npm pack`, check its sha256 and copy it (and the package's licence)
# into src/nemovideo/app/vendor/. To move to another release: edit version= and sha256= in ext-apps.pin, run this.
#
#   scripts/refresh_ext_apps.sh            # fetch, check, copy
#   scripts/refresh_ext_apps.sh --check    # fetch and check only: the vendored copy is the pinned one
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/nemovideo/app/vendor
pin="$vendor/ext-apps.pin"
field() { sed -n "s/^$1=//p" "$pin"; }
package=$(field package) version=$(field version) file=$(field file) sha256=$(field sha256)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" > /dev/null && tar -xzf ./*.tgz)
got=$(sha256sum "$work/package/$file" | cut -d' ' -f1)
if [ "$got" != "$sha256" ]; then
    echo "$package@$version $file has sha256 $got, not the pinned $sha256" >&2
    exit 1
fi
if [ "${1:-}" = "--check" ]; then
    cmp -s "$work/package/$file" "$vendor/ext-apps-app-with-deps.js" || { echo "the vendored bundle differs" >&2; exit 1; }
    echo "$package@$version: the vendored bundle is the pinned one"
    exit 0
fi
cp "$work/package/$file" "$vendor/ext-apps-app-with-deps.js"
cp "$work/package/LICENSE" "$vendor/LICENSE"
echo "$package@$version copied to $vendor (sha256 $got)"
