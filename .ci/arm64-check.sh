#!/usr/bin/env bash
# Cross-compiles the arm64 (aarch64) Linux release build from an x86-64
# Debian/Ubuntu machine and checks it:
#   - `file` says both programs are ARM aarch64 ELF executables;
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
    #   gcc-aarch64-linux-gnu   linker, and C compiler for mimalloc
    #   libc6-dev-arm64-cross   the arm64 libc, also what qemu runs the programs with
    #   qemu-user-static        runs arm64 programs on x86-64
    apt-get install -y -qq --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
        qemu-user-static file >/dev/null
fi
rustup target add "$target" >/dev/null
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
features=()
if [ -n "${LUOSHI_ARM64_FEATURES:-}" ]; then
    features=(--no-default-features --features "$LUOSHI_ARM64_FEATURES")
fi

echo "== cargo build --release --target $target ${features[*]}"
start=$(date +%s)
cargo build --release --target "$target" "${features[@]}"
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
