; The Windows installer of Luoshi (NSIS 3): installs for the current user
; only, without administrator rights, into %LOCALAPPDATA%\Programs\Luoshi;
; adds the Start menu entry, the "Open with" entries of the files Luoshi
; reads, and an uninstaller listed in Settings -> Apps.
;
; Built by .ci/windows-installer.sh, which passes:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBINDIR=<folder of the two .exe>
;            -DASSETS=<the repository's assets folder> -DOUTFILE=<installer .exe> luoshi.nsi
;
; The file types are the ones src/desktop.rs lists (FILE_TYPES); a test
; (tests/it/install.rs) checks that each has its OpenWith line below.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!macro Required DEFINE
  !ifndef ${DEFINE}
    !error "pass -D${DEFINE}=... (see .ci/windows-installer.sh)"
  !endif
!macroend
!insertmacro Required VERSION
!insertmacro Required BINDIR
!insertmacro Required ASSETS
!insertmacro Required OUTFILE

!define NAME "落实 Luoshi"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Luoshi"
!define SPEECH "Luoshi.Speech"
!define CHECKLIST "Luoshi.Checklist"
!define CLASSES "Software\Classes"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Luoshi"
InstallDirRegKey HKCU "Software\Luoshi" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!define MUI_ICON "${ASSETS}/luoshi.ico"
!define MUI_UNICON "${ASSETS}/luoshi.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\luoshi.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

; Offers luoshi.exe in a file type's "Open with" list without taking the
; type's default program away from Word, WPS or the PDF reader.
!macro OpenWith EXT PROGID
  WriteRegStr HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\Applications\luoshi.exe\SupportedTypes" "${EXT}" ""
!macroend
!macro UnOpenWith EXT PROGID
  DeleteRegValue HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}"
!macroend
!macro ProgId PROGID LABEL
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "${LABEL}"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\luoshi.exe,0"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\luoshi.exe" "%1"'
!macroend

Section "Luoshi"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${BINDIR}/luoshi.exe"
  File "${BINDIR}/luoshi-cli.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Luoshi" "InstallDir" "$INSTDIR"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\luoshi.exe" "" "$INSTDIR\luoshi.exe" 0

  !insertmacro ProgId "${SPEECH}" "讲话稿 / Speech"
  !insertmacro ProgId "${CHECKLIST}" "落实清单 / Luoshi checklist"
  WriteRegStr HKCU "${CLASSES}\Applications\luoshi.exe" "FriendlyAppName" "${NAME}"
  WriteRegStr HKCU "${CLASSES}\Applications\luoshi.exe\shell\open\command" "" '"$INSTDIR\luoshi.exe" "%1"'
  !insertmacro OpenWith ".txt" "${SPEECH}"
  !insertmacro OpenWith ".docx" "${SPEECH}"
  !insertmacro OpenWith ".doc" "${SPEECH}"
  !insertmacro OpenWith ".wps" "${SPEECH}"
  !insertmacro OpenWith ".pdf" "${SPEECH}"
  !insertmacro OpenWith ".ofd" "${SPEECH}"
  ; Windows matches only the last part of a name: checklists (.luoshi.ron)
  ; are .ron files to it. Luoshi opens them by double-click when no other
  ; program has claimed .ron.
  !insertmacro OpenWith ".ron" "${CHECKLIST}"
  ReadRegStr $0 HKCU "${CLASSES}\.ron" ""
  ${If} $0 == ""
    WriteRegStr HKCU "${CLASSES}\.ron" "" "${CHECKLIST}"
  ${EndIf}

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Luoshi"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\luoshi.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ; Explorer rereads the file types (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\luoshi.exe"
  Delete "$INSTDIR\luoshi-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${NAME}.lnk"

  !insertmacro UnOpenWith ".txt" "${SPEECH}"
  !insertmacro UnOpenWith ".docx" "${SPEECH}"
  !insertmacro UnOpenWith ".doc" "${SPEECH}"
  !insertmacro UnOpenWith ".wps" "${SPEECH}"
  !insertmacro UnOpenWith ".pdf" "${SPEECH}"
  !insertmacro UnOpenWith ".ofd" "${SPEECH}"
  ReadRegStr $0 HKCU "${CLASSES}\.ron" ""
  ${If} $0 == "${CHECKLIST}"
    DeleteRegValue HKCU "${CLASSES}\.ron" ""
  ${EndIf}
  !insertmacro UnOpenWith ".ron" "${CHECKLIST}"
  DeleteRegKey HKCU "${CLASSES}\${SPEECH}"
  DeleteRegKey HKCU "${CLASSES}\${CHECKLIST}"
  DeleteRegKey HKCU "${CLASSES}\Applications\luoshi.exe"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegValue HKCU "Software\Luoshi" "InstallDir"
  DeleteRegKey /ifempty HKCU "Software\Luoshi"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
