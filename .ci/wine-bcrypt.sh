# Sourced by .ci/windows-check.sh and .ci/windows-installer.sh.
# wine_bcrypt_standin TMPDIR: Rust's std (1.78+) imports ProcessPrng from
# bcryptprimitives.dll, which every supported Windows has but Wine before
# 9.0 lacks. Adds a stand-in built on RtlGenRandom to $WINEPREFIX (the test
# prefix only) when it is missing. Needs x86_64-w64-mingw32-gcc.
wine_bcrypt_standin() {
    local tmp=$1
    local system32="$WINEPREFIX/drive_c/windows/system32"
    [ ! -e "$system32/bcryptprimitives.dll" ] || return 0
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
}
