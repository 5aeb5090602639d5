#!/usr/bin/env bash
# Cross-compiles the Windows release build from Linux and checks it:
#   - luoshi.exe is a GUI-subsystem program (no console window), luoshi-cli.exe
#     a console one;
#   - both carry the icon (all sizes of assets/luoshi.ico) and version info;
#   - under Wine, if installed: luoshi-cli.exe --version and an extraction.
# Run by .ci/run, last (it builds the whole GUI a second time, for Windows).
# Installs what it needs with apt-get when run as root on Debian/Ubuntu.
# Usage: bash .ci/windows-check.sh   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. .ci/wine-bcrypt.sh
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
    x86_64-w64-mingw32-objdump -h "$exe" | grep -c '\.rsrc' >/dev/null || fail "$name has no .rsrc section"
    echo "-- $name"
    wrestool -l "$exe"
    # Type 14 is the icon group: extract it as an .ico, then every image of
    # it and of the committed .ico as PNG; they must be the same files.
    wrestool -x -t 14 "$exe" -o "$tmp/$name.ico"
    mkdir -p "$tmp/$name.want" "$tmp/$name.got"
    icotool -x -o "$tmp/$name.want" assets/luoshi.ico
    icotool -x -o "$tmp/$name.got" "$tmp/$name.ico"
    (cd "$tmp/$name.want" && for f in *.png; do
        cmp -s "$f" "../$name.got/$name${f#luoshi}" || fail "$name: icon image $f differs"
    done)
    [ "$(ls "$tmp/$name.got" | wc -l)" = 7 ] || fail "$name: not the 7 icon sizes"
    echo "icon, same pixels as assets/luoshi.ico: $(icotool -l "$tmp/$name.ico" | grep -o 'width=[0-9]*' | tr '\n' ' ')"
    # Version info (type 16): UTF-16LE strings, NUL-separated; show the
    # ones Explorer's Details tab shows.
    wrestool -x --raw -t 16 "$exe" | python3 -c '
import sys
words = [w.strip() for w in sys.stdin.buffer.read().decode("utf-16-le", "replace").split("\0")]
words = [w for w in words if w]
for key in ("FileDescription", "ProductName", "FileVersion", "OriginalFilename"):
    hit = [w for w in words if w.endswith(key)]
    if hit:
        print(f"{key}={words[words.index(hit[0]) + 1]}")
' >"$tmp/$name.ver"
    sed 's/^/  /' "$tmp/$name.ver"
    grep -q '^ProductName=落实 Luoshi$' "$tmp/$name.ver" || fail "$name: no version info"
done

if command -v wine >/dev/null 2>&1; then
    echo "== under Wine ($(wine --version 2>/dev/null))"
    export WINEDEBUG=-all WINEPREFIX="$tmp/wine"
    wineboot -i >/dev/null 2>&1 || true
    wine_bcrypt_standin "$tmp"
    wine "$cli" --version
    wine "$cli" extract assets/sample-speech.txt --format md >"$tmp/sample.md"
    head -n 12 "$tmp/sample.md"
    grep -q '^- \[ \]' "$tmp/sample.md" || fail "no checklist items from luoshi-cli.exe under Wine"
    if command -v xvfb-run >/dev/null 2>&1; then
        # The desktop app, for 30 s on a virtual screen: it must start and
        # write its log where the README says (%LOCALAPPDATA%\Luoshi).
        xvfb-run -a -s "-screen 0 1400x900x24" bash -c \
            "wine '$gui' assets/sample-speech.txt & sleep 30; wineserver -k" >/dev/null 2>&1 || true
        log=$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Local/Luoshi/luoshi.log' | head -n 1)
        [ -n "$log" ] || fail "luoshi.exe wrote no log under %LOCALAPPDATA%\\Luoshi"
        echo "luoshi.exe's log (${log#"$WINEPREFIX/"}):"
        tr -d "\r" <"$log" | sed "s/^/  /"
        grep -q ' started' "$log" || fail "luoshi.exe's log has no start line"
    fi
else
    echo "== Wine not installed: skipped the run under Wine"
fi
echo "== windows-check: OK"
