#!/usr/bin/env bash
# Part of Trunk's post_build hook (scripts/web-post-build.sh): stamps the build's sw.js with
#   - a version, `<crate version>-<hash of every file of the build>`, which names the
#     service worker's cache, so that each release gets a new cache and a new sw.js;
#   - the list of the build's files, which the service worker caches as the app shell.
# Fails the build when sw.js lacks the marked lines, rather than ship an unversioned cache.
set -euo pipefail

stage=${TRUNK_STAGING_DIR:?"run by trunk as a post_build hook (TRUNK_STAGING_DIR is unset)"}
source_dir=${TRUNK_SOURCE_DIR:-.}
sw=$stage/sw.js

if [[ ! -f $sw ]]; then
    echo "web-stamp-sw: no sw.js in the build; index.html must copy assets/sw.js" >&2
    exit 1
fi
if ! grep -q '"{{BUILD}}"' "$sw" || ! grep -q '// {{APP_SHELL}}$' "$sw"; then
    echo "web-stamp-sw: sw.js lacks the {{BUILD}} or {{APP_SHELL}} line" >&2
    exit 1
fi

# The workspace version (or the package's own, when it has one).
version=$(awk '
    /^\[/ { section = $0 }
    section == "[workspace.package]" && /^version *=/ { gsub(/[" ]/, "", $0); sub(/^version=/, ""); ws = $0 }
    section == "[package]" && /^version *=/ { gsub(/[" ]/, "", $0); sub(/^version=/, ""); pkg = $0 }
    END { print (pkg != "" ? pkg : ws) }
' "$source_dir/Cargo.toml")
[[ -n $version ]] || version=0

# GNU coreutils on Linux, shasum on macOS.
sha256() {
    if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

cd "$stage"
# Every file of the build but sw.js itself, in a stable order. Trunk names files with
# plain characters only, which the JSON below relies on. (Kept to bash 3 and POSIX tools,
# for macOS.)
files=()
while IFS= read -r file; do
    file=${file#./}
    case $file in
    *[!A-Za-z0-9._/-]*)
        echo "web-stamp-sw: unexpected file name in the build: $file" >&2
        exit 1
        ;;
    esac
    files+=("$file")
done < <(find . -type f ! -path ./sw.js ! -name '*.gz' | LC_ALL=C sort)

hash=$(for file in "${files[@]}"; do sha256 "$file"; done | sha256 | cut -c1-16)

shell='"./"'
for file in "${files[@]}"; do
    shell="$shell, \"$file\""
done

sed -e "s|\"{{BUILD}}\"|\"$version-$hash\"|" \
    -e "s|^const APP_SHELL = .*// {{APP_SHELL}}\$|const APP_SHELL = [$shell];|" \
    sw.js >sw.js.stamped
mv sw.js.stamped sw.js
echo "web-stamp-sw: cache redeem-app-shell-$version-$hash, ${#files[@]} files"
