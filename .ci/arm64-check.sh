#!/usr/bin/env bash
# Cross-compiles the arm64 (aarch64) Linux release build from an x86-64
# Debian/Ubuntu machine, against glibc 2.28 as the amd64 .deb, and checks it:
#   - `file` says both programs are ARM aarch64 ELF executables;
#   - no symbol asks for a glibc newer than 2.28;
#   - under qemu-user (qemu-aarch64-static), with the cross toolchain's
#     libc: luoshi-cli --version and an extraction of a fixture;
#   - with cargo-deb installed: the arm64 .deb (`cargo deb --no-build
#     --target aarch64-unknown-linux-gnu`).
# Not part of .ci/run: it builds the whole GUI a second time, for ARM
# (about as long as the x86-64 build). Installs what it needs with apt-get
# when run as root. Usage:
#   bash .ci/arm64-check.sh                         # the full build (the .deb's programs)
#   LUOSHI_ARM64_FEATURES=cli bash .ci/arm64-check.sh   # without the window, quicker
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TERM_COLOR=never
target=aarch64-unknown-linux-gnu
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    #   libc6-arm64-cross   the arm64 libc qemu runs the programs with (zig
    #                       links them: no cross gcc needed)
    #   qemu-user-static    runs arm64 programs on x86-64
    apt-get install -y -qq --no-install-recommends libc6-arm64-cross \
        qemu-user-static file >/dev/null
fi
rustup target add "$target" >/dev/null
# Linked against glibc 2.28 like the amd64 package (.ci/deb.sh), so UOS and
# Kylin on ARM can run it: zig (PyPI) via cargo-zigbuild (crates.io).
glibc=2.28
python3 -m ziglang version >/dev/null 2>&1 ||
    python3 -m pip install -q --disable-pip-version-check ziglang==0.13.0
command -v cargo-zigbuild >/dev/null 2>&1 || cargo install --locked cargo-zigbuild
features=()
if [ -n "${LUOSHI_ARM64_FEATURES:-}" ]; then
    features=(--no-default-features --features "$LUOSHI_ARM64_FEATURES")
fi

echo "== cargo zigbuild --release --target $target.$glibc ${features[*]}"
start=$(date +%s)
cargo zigbuild --release --bins --target "$target.$glibc" "${features[@]}"
echo "built in $(($(date +%s) - start)) s"
out="${CARGO_TARGET_DIR:-target}/$target/release"
for bin in luoshi luoshi-cli; do
    kind=$(file -b "$out/$bin")
    echo "$bin: $kind"
    case "$kind" in
    *ELF\ 64-bit*ARM\ aarch64*) ;;
    *) fail "$bin is not an aarch64 ELF program" ;;
    esac
done

newest=$(readelf -W --dyn-syms "$out/luoshi" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
echo "the newest glibc symbol version it asks for: $newest"
[ "$(printf '%s\n%s\n' "$newest" "$glibc" | sort -V | tail -n 1)" = "$glibc" ] ||
    fail "luoshi asks for glibc $newest, newer than $glibc"

echo "== under qemu-aarch64"
# The cross toolchain's arm64 libc (/usr/aarch64-linux-gnu) is the
# program's root for its dynamic loader and libraries.
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
qemu-aarch64-static "$out/luoshi-cli" --version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu-aarch64-static "$out/luoshi-cli" extract tests/fixtures/quxian-duban.docx --format md >"$tmp/out.md"
items=$(grep -c '^- \[ \]' "$tmp/out.md" || true)
[ "$items" -gt 0 ] || fail "no checklist items from the arm64 luoshi-cli"
echo "extraction of a .docx fixture under qemu: $items items"

if command -v cargo-deb >/dev/null 2>&1 && [ -z "${LUOSHI_ARM64_FEATURES:-}" ] &&
    [ -d target/deb-root ]; then
    echo "== the arm64 .deb"
    cargo deb --no-build --target "$target"
fi
echo "== arm64-check: OK"
