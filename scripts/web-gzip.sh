#!/usr/bin/env bash
# Part of Trunk's post_build hook (scripts/web-post-build.sh), after web-stamp-sw.sh:
# writes a gzip copy next to the app's .wasm and .js, which `redeem-server serve --web`
# sends to browsers that accept gzip (about 40 % of the size). Runs after the stamping so
# that the service worker's list of files names only the files the page asks for.
set -euo pipefail

stage=${TRUNK_STAGING_DIR:?"run by trunk as a post_build hook (TRUNK_STAGING_DIR is unset)"}
cd "$stage"
count=0
for file in *.wasm *.js; do
    # sw.js is small, and browsers fetch it outside the app's cache.
    [[ -f $file && $file != sw.js ]] || continue
    # -n: no name or time in the header, so that the same build gives the same bytes.
    gzip -9 -n -k -f "$file"
    count=$((count + 1))
done
echo "web-gzip: $count files"
