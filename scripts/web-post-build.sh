#!/usr/bin/env bash
# Trunk's one post_build hook (see Trunk.toml). Trunk runs the hooks of a stage at the
# same time, so the steps that depend on each other run here, in order:
#   1. web-stamp-sw.sh: the service worker's version and list of files;
#   2. web-gzip.sh: gzip copies of the app for `redeem-server serve --web`.
set -euo pipefail

here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/web-stamp-sw.sh"
bash "$here/web-gzip.sh"
