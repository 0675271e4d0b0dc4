#!/usr/bin/env bash
# Renders launch-console.svg to the PNG sizes of the hicolor theme and packs the Windows .ico
# and the macOS .icns from them. The results are committed, so building needs none of these
# tools; run this after changing the SVG (needs rsvg-convert from librsvg2-bin, and python3).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}"
    rsvg-convert --width "$size" --height "$size" launch-console.svg \
        --output "hicolor/${size}x${size}/launch-console.png"
done
python3 make-icon-containers.py hicolor ../windows/launch-console.ico ../macos/launch-console.icns
