#!/usr/bin/env bash
# Makes assets/luoshi.ico (embedded in the Windows .exe by build.rs) from
# assets/luoshi.png, the one source of the icon. Run again after changing the
# PNG and commit both. Needs ImageMagick (Debian: apt-get install imagemagick).
#
# Sizes: the ones Windows asks for at 100–200 % scaling (16, 24, 32, 48 for
# lists and the taskbar, 64 and 128 for large icons, 256 for the extra-large
# view). ImageMagick stores the 256 px image as PNG inside the .ico, which
# Windows Vista and later read; the smaller ones as 32-bit BMP with alpha.
# -depth 8: the source PNG is 16 bits per channel, an .ico holds 8.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
convert luoshi.png -depth 8 -filter Lanczos \
    -define icon:auto-resize=256,128,64,48,32,24,16 luoshi.ico
identify luoshi.ico
