#!/usr/bin/env bash
# Builds the Windows installer (packaging/windows/luoshi.nsi, NSIS) from the
# cross-compiled release build, on Linux, with Debian's makensis:
#   target/x86_64-pc-windows-gnu/release/luoshi-VERSION-setup.exe
# The installer is per user (no administrator rights): Start menu entry,
# "Open with" for .docx/.doc/.wps/.txt/.pdf/.ofd/.luoshi.ron, uninstaller.
# Under Wine, if installed: a silent install (/S), the files, the shortcut
# and the registry entries are checked, luoshi-cli.exe runs from the install
# folder, then a silent uninstall removes it all.
# Run by .ci/run after .ci/windows-check.sh, which makes and checks the
# Windows build (about 6 min on two cores). Usage:
#   bash .ci/windows-installer.sh            # builds the .exe first if missing
#   LUOSHI_WIN_BINDIR=DIR bash .ci/windows-installer.sh   # package DIR's .exe files
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. .ci/wine-bcrypt.sh
export CARGO_TERM_COLOR=never
target=x86_64-pc-windows-gnu
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends nsis gcc-mingw-w64-x86-64 \
        binutils-mingw-w64-x86-64 >/dev/null
fi
out="${CARGO_TARGET_DIR:-target}/$target/release"
bindir=${LUOSHI_WIN_BINDIR:-$out}
if [ ! -f "$bindir/luoshi.exe" ] || [ ! -f "$bindir/luoshi-cli.exe" ]; then
    [ -z "${LUOSHI_WIN_BINDIR:-}" ] || fail "no luoshi.exe and luoshi-cli.exe in $bindir"
    rustup target add "$target" >/dev/null
    echo "== cargo build --release --target $target"
    cargo build --release --target "$target"
fi
# makensis reads File paths from the script's folder: give it an absolute one.
bindir=$(cd "$bindir" && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
setup="$out/luoshi-$version-setup.exe"
mkdir -p "$out"

echo "== makensis"
start=$(date +%s)
makensis -INPUTCHARSET UTF8 -V2 -DVERSION="$version" -DBINDIR="$bindir" \
    -DASSETS="$PWD/assets" -DOUTFILE="$PWD/$setup" packaging/windows/luoshi.nsi
echo "built $setup ($(du -k "$setup" | cut -f1) KB) in $(($(date +%s) - start)) s"
# (grep reads it all: grep -q would stop early, and pipefail would fail on
# objdump's broken pipe.)
x86_64-w64-mingw32-objdump -p "$setup" | grep -c '^Magic.*020b' >/dev/null ||
    fail "$setup is not a 64-bit Windows program"

if ! command -v wine >/dev/null 2>&1; then
    echo "== Wine not installed: skipped the install under Wine"
    echo "== windows-installer: OK (built only)"
    exit 0
fi
echo "== under Wine ($(wine --version 2>/dev/null)): silent install, run, uninstall"
tmp=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
export WINEDEBUG=-all WINEPREFIX="$tmp/wine"
wineboot -i >/dev/null 2>&1 || true
wine_bcrypt_standin "$tmp"
wine "$setup" /S
wineserver -w
user_dir=$(find "$WINEPREFIX/drive_c/users" -maxdepth 1 -mindepth 1 -type d ! -name Public | head -n 1)
inst="$user_dir/AppData/Local/Programs/Luoshi"
for f in luoshi.exe luoshi-cli.exe uninstall.exe; do
    [ -f "$inst/$f" ] || fail "not installed: %LOCALAPPDATA%\\Programs\\Luoshi\\$f"
done
lnk=$(find "$user_dir" -name '落实 Luoshi.lnk' | head -n 1)
[ -n "$lnk" ] || fail "no Start menu shortcut"
echo "installed to ${inst#"$WINEPREFIX/"}; shortcut ${lnk#"$WINEPREFIX/"}"
reg_has() { wine reg query "$1" /v "$2" >/dev/null 2>&1; }
classes='HKCU\Software\Classes'
for ext in .txt .docx .doc .wps .pdf .ofd; do
    reg_has "$classes\\$ext\\OpenWithProgids" Luoshi.Speech || fail "$ext: no Open with entry"
done
reg_has "$classes\\.ron\\OpenWithProgids" Luoshi.Checklist || fail ".ron: no Open with entry"
wine reg query "$classes\\Luoshi.Speech\\shell\\open\\command" /ve | tr -d '\r' | grep -q 'luoshi.exe" "%1"' ||
    fail "Luoshi.Speech opens nothing"
reg_has 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Luoshi' UninstallString ||
    fail "not listed under Apps (no uninstall entry)"
echo "file types and uninstall entry registered under HKCU"
wine "$inst/luoshi-cli.exe" --version | tr -d '\r'
wine "$inst/luoshi-cli.exe" extract assets/sample-speech.txt --format md | tr -d '\r' >"$tmp/sample.md"
grep -q '^- \[ \]' "$tmp/sample.md" || fail "no checklist items from the installed luoshi-cli.exe"

wine "$inst/uninstall.exe" /S
wineserver -w
sleep 2 # the uninstaller copies itself to %TEMP% and runs from there
[ ! -e "$inst/luoshi.exe" ] || fail "uninstall left luoshi.exe"
[ -z "$(find "$user_dir" -name '落实 Luoshi.lnk')" ] || fail "uninstall left the shortcut"
if reg_has "$classes\\.docx\\OpenWithProgids" Luoshi.Speech; then fail "uninstall left the .docx entry"; fi
echo "uninstalled: files, shortcut and registry entries gone"
echo "== windows-installer: OK"
