#!/usr/bin/env bash
# Regenerates the app icons in assets/ with ImageMagick: a white "R" monogram on Redeem's
# green. The PNGs are committed; run this only to change them.
#
#   icon-192.png, icon-512.png   rounded square, for the web manifest ("any")
#   icon-maskable-512.png        full bleed, the monogram inside the maskable safe zone
#   apple-touch-icon.png         180 px, full bleed (iOS rounds the corners itself)
#   favicon-32.png               the browser tab
#   icon-256.png                 the desktop window icon
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly BACKGROUND='#0E6B4F'
readonly FOREGROUND='#FFFFFF'

if [[ ! -x /usr/bin/convert ]] && ! convert -version 2>/dev/null | grep -q ImageMagick; then
    echo "make-icons: ImageMagick is needed (scripts/setup.sh installs it)" >&2
    exit 1
fi
font=$(fc-match -f '%{file}' 'DejaVu Sans:style=Bold' 2>/dev/null || true)

# rounded SIZE OUT: a rounded square with transparent corners.
rounded() {
    local size=$1 out=$2
    local radius=$((size * 22 / 100)) point=$((size * 70 / 100))
    convert -size "${size}x${size}" xc:none -fill "$BACKGROUND" \
        -draw "roundrectangle 0,0 $((size - 1)),$((size - 1)) $radius,$radius" \
        ${font:+-font "$font"} -fill "$FOREGROUND" -pointsize "$point" -gravity center \
        -annotate +0+0 R -strip "PNG32:$out"
}

# full SIZE SCALE OUT: a full-bleed square; SCALE is the letter's size in percent.
full() {
    local size=$1 scale=$2 out=$3
    local point=$((size * scale / 100))
    convert -size "${size}x${size}" "xc:$BACKGROUND" \
        ${font:+-font "$font"} -fill "$FOREGROUND" -pointsize "$point" -gravity center \
        -annotate +0+0 R -strip "PNG24:$out"
}

rounded 192 assets/icon-192.png
rounded 512 assets/icon-512.png
rounded 256 assets/icon-256.png
rounded 32 assets/favicon-32.png
# The maskable safe zone is the centred circle of 80 % of the width.
full 512 50 assets/icon-maskable-512.png
full 180 62 assets/apple-touch-icon.png
echo "make-icons: wrote assets/icon-192.png, icon-512.png, icon-256.png, favicon-32.png, icon-maskable-512.png, apple-touch-icon.png"
