#!/usr/bin/env bash
# Builds the .deb (cargo-deb, [package.metadata.deb] in Cargo.toml) and
# installs it into clean Debian roots (mmdebstrap, else debootstrap) with
# apt, which fetches the dependencies from the mirror, and runs it there:
# `luoshi --version`, `luoshi-cli --version`, extractions of a .txt and a
# .docx fixture; and checks that every library the app opens at run time is
# there or recommended.
#
# The programs are built against glibc 2.28 (cargo-zigbuild with zig's
# libc stubs), not the build machine's: a binary linked on Debian 12 asks
# for glibc 2.34+, which UOS V20 (2.28) and Kylin V10 (2.31) lack. The
# script fails if any symbol asks for more than 2.28, and installs the
# package into a bullseye root (glibc 2.31, Kylin V10's) and a bookworm one.
# (buster, glibc 2.28 like UOS, is no longer on the mirrors.)
#
# Called by .ci/run; runs alone too. Needs root for the chroot.
# Environment (all optional):
#   LUOSHI_DEB_SUITES  Debian releases of the clean roots (default "bullseye bookworm")
#   LUOSHI_DEB_MIRROR  their mirror (default http://deb.debian.org/debian)
#   LUOSHI_DEB_BASE    a folder holding clean roots made before, one per
#                      suite (`mmdebstrap --variant=apt bookworm DIR/bookworm`),
#                      copied instead of made again: for running the script
#                      repeatedly on one machine
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TERM_COLOR=never
suites=${LUOSHI_DEB_SUITES:-bullseye bookworm}
mirror=${LUOSHI_DEB_MIRROR:-http://deb.debian.org/debian}
glibc=2.28
triple=x86_64-unknown-linux-gnu
start_all=$(date +%s)
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
since() { echo "$(($(date +%s) - $1)) s"; }

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    #   mmdebstrap, debootstrap  the clean roots (mmdebstrap is the faster one)
    #   icoutils                 icotool: the icon's smaller sizes from assets/luoshi.ico
    #   desktop-file-utils       desktop-file-validate
    #   binutils                 strip (cargo-deb), objdump (the glibc versions asked for)
    apt-get install -y -qq --no-install-recommends mmdebstrap debootstrap icoutils \
        desktop-file-utils binutils >/dev/null
fi
# zig (from PyPI) links against the glibc version asked for; cargo-zigbuild
# finds it as `python3 -m ziglang`.
if ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "== pip install ziglang"
    python3 -m pip install -q --disable-pip-version-check ziglang==0.13.0
fi
for tool in cargo-deb cargo-zigbuild; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "== cargo install $tool"
        t=$(date +%s)
        cargo install --locked "$tool"
        echo "$tool installed in $(since "$t")"
    fi
done

echo "== the release programs, linked against glibc $glibc"
# Their own target folder: the host build's artifacts stay as cargo test
# left them (a build for an explicit --target links build scripts with zig).
export CARGO_TARGET_DIR=target/deb
t=$(date +%s)
cargo zigbuild --release --bins --target "$triple.$glibc"
echo "built in $(since "$t")"
bin=$CARGO_TARGET_DIR/$triple/release/luoshi
ls -l "$bin"
newest=$(objdump -T "$bin" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
echo "the newest glibc symbol version it asks for: $newest"
[ "$(printf '%s\n%s\n' "$newest" "$glibc" | sort -V | tail -n 1)" = "$glibc" ] ||
    fail "$bin asks for glibc $newest, newer than $glibc"

echo "== desktop entry, icon sizes, MIME package"
root_files=target/deb-root
rm -rf "$root_files"
"$bin" --write-desktop-files "$root_files"
desktop-file-validate "$root_files/usr/share/applications/luoshi.desktop"
hicolor="$root_files/usr/share/icons/hicolor"
icons=$(mktemp -d)
icotool -x -o "$icons" assets/luoshi.ico
for png in "$icons"/*.png; do
    # icotool names them luoshi_N_WxHxD.png; 256 comes from luoshi.png already.
    size=$(basename "$png" | sed -E 's/.*_([0-9]+)x([0-9]+)x[0-9]+\.png$/\1x\2/')
    [ "$size" = 256x256 ] && continue
    mkdir -p "$hicolor/$size/apps"
    cp "$png" "$hicolor/$size/apps/luoshi.png"
done
rm -rf "$icons"
find "$root_files" -type f | sort

echo "== cargo deb --no-build"
t=$(date +%s)
deb=$(cargo deb --no-build --target "$triple" | tail -n 1)
[ -f "$deb" ] || fail "cargo deb made no package ($deb)"
echo "built $deb ($(du -k "$deb" | cut -f1) KB) in $(since "$t")"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Installed-Size
dpkg-deb --contents "$deb" | awk '{print $6}' | sort >target/deb-contents.txt
for want in ./usr/bin/luoshi ./usr/bin/luoshi-cli ./usr/share/applications/luoshi.desktop \
    ./usr/share/mime/packages/luoshi.xml ./usr/share/icons/hicolor/256x256/apps/luoshi.png \
    ./usr/share/icons/hicolor/48x48/apps/luoshi.png ./usr/share/doc/luoshi/copyright; do
    grep -qx "$want" target/deb-contents.txt || fail "the .deb lacks $want"
done

echo "== the C library the package asks for"
# Not newer than what the programs were linked for.
libc_dep=$(dpkg-deb --field "$deb" Depends | grep -oE 'libc6 \(>= [0-9.]+\)' || true)
[ "$libc_dep" = "libc6 (>= $glibc)" ] || fail "the .deb asks for '$libc_dep', not libc6 (>= $glibc)"
echo "  $libc_dep"

echo "== the libraries the app opens at run time (dlopen)"
# Each soname the binary names must be in one of these lists, so a new one
# (an eframe upgrade) is noticed here and given a package.
needed="libEGL.so.1 libGL.so.1 libX11.so.6 libX11-xcb.so.1 libxcb.so.1 libXcursor.so.1 libXi.so.6
        libXrender.so.1 libxkbcommon.so.0 libxkbcommon-x11.so.0 libdbus-1.so.3"
wayland="libwayland-client.so.0 libwayland-egl.so.1"
linked="libc.so.6 libm.so.6 libgcc_s.so.1 libdl.so.2 libpthread.so.0"
for so in $(strings "$bin" | grep -oE '^lib[A-Za-z0-9_+-]+\.so\.[0-9]+$' | sort -u); do
    case " $(echo $needed $wayland $linked) " in
    *" $so "*) ;;
    *) fail "luoshi opens $so, which no list in .ci/deb.sh names: add its package to Cargo.toml" ;;
    esac
done

# Installs the .deb into a clean root of Debian release $1 and runs it.
check_in() {
    suite=$1
    echo "== a clean $suite root"
    work=$(mktemp -d /var/tmp/luoshi-deb.XXXXXX)
    root="$work/root"
    trap cleanup EXIT
    t=$(date +%s)
    if [ -n "${LUOSHI_DEB_BASE:-}" ] && [ -d "$LUOSHI_DEB_BASE/$suite" ]; then
        cp -a "$LUOSHI_DEB_BASE/$suite" "$root"
    elif command -v mmdebstrap >/dev/null 2>&1; then
        mmdebstrap --quiet --variant=apt "$suite" "$root" "$mirror"
    else
        debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
    fi
    echo "root made in $(since "$t") ($(du -sm "$root" | cut -f1) MB)"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount -t proc proc "$root/proc"
    in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
    in_root apt-get update -qq

    cp "$deb" "$root/tmp/luoshi.deb"
    echo "-- every package the .deb names exists in $suite"
    # apt skips a Recommends it cannot find without a word, so ask for each.
    fields="$(dpkg-deb --field "$deb" Depends), $(dpkg-deb --field "$deb" Recommends)"
    echo "$fields" | tr ',' '\n' | while read -r group; do
        [ -n "$group" ] || continue
        found=
        for pkg in $(echo "$group" | tr '|' ' ' | sed -E 's/\([^)]*\)//g'); do
            case "$pkg" in \(* | *\) | *[\<\>=]*) continue ;; esac
            # A real package has a candidate; a virtual one has providers.
            if in_root apt-cache policy "$pkg" | grep -q 'Candidate: [0-9]' ||
                in_root apt-cache showpkg "$pkg" | sed -n '/^Reverse Provides:/,$p' | grep -q .; then
                found=$pkg
                break
            fi
        done
        [ -n "$found" ] || fail "no package in $suite for: $group"
        echo "  $group -> $found"
    done
    echo "-- with its recommendations, apt can install it"
    in_root apt-get install -s -qq /tmp/luoshi.deb >"$work/simulate.txt" || fail "apt cannot install the .deb with its recommendations"
    echo "  would install $(grep -c '^Inst ' "$work/simulate.txt") packages"

    echo "-- apt-get install /tmp/luoshi.deb (Depends only)"
    t=$(date +%s)
    in_root apt-get install -y -qq --no-install-recommends /tmp/luoshi.deb >"$work/install.txt" ||
        { cat "$work/install.txt"; fail "apt-get install of the .deb failed"; }
    echo "installed in $(since "$t")"

    echo "-- run in the root"
    in_root luoshi --version
    in_root luoshi-cli --version
    cp tests/fixtures/anquan-shengchan.txt "$root/tmp/speech.txt"
    cp tests/fixtures/quxian-duban.docx "$root/tmp/speech.docx"
    for speech in speech.txt speech.docx; do
        in_root luoshi-cli extract "/tmp/$speech" --format md >"$work/out.md" ||
            fail "extraction of $speech failed in the clean root"
        items=$(grep -c '^- \[ \]' "$work/out.md" || true)
        [ "$items" -gt 0 ] || fail "no checklist items from $speech in the clean root"
        echo "  $speech: $items items"
    done
    in_root ldconfig -p | awk 'NR > 1 {print $1}' | sort -u >"$work/sonames.txt"
    for so in $needed; do
        grep -qx "$so" "$work/sonames.txt" || fail "$so is not installed by the .deb's Depends"
    done
    echo "  the Depends provide: $(echo $needed)"
    for path in /usr/share/applications/luoshi.desktop /usr/share/mime/packages/luoshi.xml \
        /usr/share/icons/hicolor/16x16/apps/luoshi.png; do
        [ -f "$root$path" ] || fail "$path not installed"
    done
    in_root dpkg --remove luoshi >/dev/null
    [ ! -e "$root/usr/bin/luoshi" ] || fail "dpkg --remove left /usr/bin/luoshi"
    echo "  removed cleanly"

    cleanup
    trap - EXIT
}
cleanup() {
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
for suite in $suites; do
    check_in "$suite"
done
echo "== deb: OK in $(since "$start_all")"
