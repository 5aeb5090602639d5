#!/usr/bin/env bash
# Cross-compiles the Windows release build from Linux and checks it:
#   - luoshi.exe is a GUI-subsystem program (no console window), luoshi-cli.exe
#     a console one;
#   - both carry the icon (all sizes of assets/luoshi.ico) and version info;
#   - under Wine, if installed: luoshi-cli.exe --version and an extraction.
# Not part of .ci/run (it builds the whole GUI a second time, for Windows).
# Installs what it needs with apt-get when run as root on Debian/Ubuntu.
# Usage: bash .ci/windows-check.sh   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TERM_COLOR=never
target=x86_64-pc-windows-gnu

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    #   gcc-mingw-w64-x86-64  linker and windres for the -gnu target
    #   icoutils              wrestool: read the resources back out of the .exe
    apt-get install -y -qq --no-install-recommends \
        gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 icoutils >/dev/null
    # Wine is optional (large); without it the run under Wine is skipped.
    apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null 2>&1 ||
        echo "(wine not installable here: the run under Wine will be skipped)"
fi
rustup target add "$target" >/dev/null

echo "== cargo build --release --target $target"
start=$(date +%s)
cargo build --release --target "$target"
echo "built in $(($(date +%s) - start)) s"
out="${CARGO_TARGET_DIR:-target}/$target/release"
gui="$out/luoshi.exe"
cli="$out/luoshi-cli.exe"
ls -l "$gui" "$cli"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== PE subsystem (2 = Windows GUI, 3 = console)"
subsystem() { x86_64-w64-mingw32-objdump -p "$1" | awk '/^Subsystem/ {print $2}'; }
x86_64-w64-mingw32-objdump -p "$gui" | grep '^Subsystem' | sed 's/^/luoshi.exe:     /'
x86_64-w64-mingw32-objdump -p "$cli" | grep '^Subsystem' | sed 's/^/luoshi-cli.exe: /'
[ "$(subsystem "$gui")" = 00000002 ] || fail "luoshi.exe is not a GUI-subsystem program"
[ "$(subsystem "$cli")" = 00000003 ] || fail "luoshi-cli.exe is not a console program"

echo "== resources"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for exe in "$gui" "$cli"; do
    name=$(basename "$exe")
    x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.rsrc' || fail "$name has no .rsrc section"
    echo "-- $name"
    wrestool -l "$exe"
    # Type 14 is the icon group: extract it as an .ico and compare its sizes
    # with the committed one.
    wrestool -x -t 14 "$exe" -o "$tmp/$name.ico"
    want=$(icotool -l assets/luoshi.ico | sed 's/--index=[0-9]* //' | sort)
    got=$(icotool -l "$tmp/$name.ico" | sed 's/--index=[0-9]* //' | sort)
    [ "$want" = "$got" ] || fail "$name: the embedded icon differs from assets/luoshi.ico"
    echo "icon: $(icotool -l "$tmp/$name.ico" | grep -o 'width=[0-9]*' | tr '\n' ' ')"
    # Version info (type 16): the product name, as UTF-16LE in the resource.
    wrestool -x -t 16 "$exe" >"$tmp/$name.ver"
    grep -q "$(printf 'L\0u\0o\0s\0h\0i\0')" "$tmp/$name.ver" || fail "$name: no version info"
done

if command -v wine >/dev/null 2>&1; then
    echo "== under Wine ($(wine --version))"
    export WINEDEBUG=-all WINEPREFIX="$tmp/wine"
    wineboot -i >/dev/null 2>&1 || true
    system32="$WINEPREFIX/drive_c/windows/system32"
    if [ ! -e "$system32/bcryptprimitives.dll" ]; then
        # Rust's std (1.78+) imports ProcessPrng from bcryptprimitives.dll,
        # which every supported Windows has but Wine before 9.0 lacks. A
        # stand-in built on RtlGenRandom, for this test prefix only.
        echo "(Wine lacks bcryptprimitives.dll: adding a stand-in to the test prefix)"
        cat >"$tmp/bcryptprimitives.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
C
        x86_64-w64-mingw32-gcc -shared -O2 -Wl,--kill-at -o "$system32/bcryptprimitives.dll" \
            "$tmp/bcryptprimitives.c" -ladvapi32
    fi
    wine "$cli" --version
    wine "$cli" extract assets/sample-speech.txt --format md >"$tmp/sample.md"
    head -n 12 "$tmp/sample.md"
    grep -q '^- \[ \]' "$tmp/sample.md" || fail "no checklist items from luoshi-cli.exe under Wine"
else
    echo "== Wine not installed: skipped the run under Wine"
fi
echo "== windows-check: OK"
