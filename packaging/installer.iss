; Inno Setup 6 script: the Caseload Planner installer for Windows, per user, without administrator rights.
;
;   ISCC packaging\installer.iss                    (after PyInstaller; or: python packaging\build.py)
;   ISCC /DAppVersion=0.1.0 /DSourceDir=C:\path\to\dist\Caseload Planner packaging\installer.iss
;
; What it does (docs/packaging.md says more):
; - installs the one-folder app to %LOCALAPPDATA%\Programs\Caseload Planner; no UAC prompt, no admin rights;
; - adds "Caseload Planner" to the user's Start menu (a desktop icon only if ticked);
; - makes .caseplan files open in Caseload Planner, registered for this user only (HKCU\Software\Classes);
; - uninstalls from Settings > Apps without touching the user's plans: it removes only the files it installed
;   and its registry keys; plans saved anywhere, the autosaved copies and logs in %APPDATA%\Caseload Planner
;   and the settings in HKCU\Software\Caseload Planner stay.

#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\dist\Caseload Planner"
#endif
#define AppName "Caseload Planner"
#define AppExe "Caseload Planner.exe"
#ifndef AppVersion
  ; The version PyInstaller wrote into the executable (from desktop.__version__).
  #define AppVersion GetVersionNumbersString(AddBackslash(SourceDir) + AppExe)
#endif
#define ProgId "CaseloadPlanner.Plan"

[Setup]
; The AppId identifies the app across versions (upgrades, uninstall): never change it.
AppId={{BE25AEC5-12B8-448F-847E-3718C71E3D46}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Caseload Planner
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} setup
; Per user: no elevation, and {autopf} is %LOCALAPPDATA%\Programs, {autoprograms} the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=CaseloadPlanner-{#AppVersion}-setup
SetupIconFile=..\desktop\resources_data\icons\caseload-planner.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; A running copy holds its files open: ask to close it rather than fail half-way.
CloseApplications=yes
RestartApplications=no
#ifdef SignInstaller
; build.py --sign passes /Scaseloadsign=<signtool command> $f: the installer and its uninstaller are signed.
SignTool=caseloadsign
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[CustomMessages]
english.PlanFileType=Caseload plan
dutch.PlanFileType=Caseloadplan
english.ShortcutComment=Capacity planning: intake, staffing, backlogs and waits
dutch.ShortcutComment=Capaciteitsplanning: instroom, bezetting, achterstanden en wachttijden

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the program's libraries entirely, so that none of an older version is left to be loaded.
; Only the program's own folder: plans are never kept there, and nothing else is touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Registry]
; .caseplan opens in Caseload Planner, for this user only (HKCU: no admin rights needed, no other user
; affected). Uninstalling removes exactly these keys and values; .caseplan files themselves stay.
Root: HKCU; Subkey: "Software\Classes\.caseplan"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.caseplan\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PlanFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".caseplan"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section, on purpose: the user's plans, autosaved copies, logs and settings are theirs.
