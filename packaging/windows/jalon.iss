; Inno Setup 6 script for Jalon on Windows: a per-user installer (no administrator rights
; needed), in English or French, with a Start menu entry and the .jalon file association.
; Saved as UTF-8 with a byte-order mark: Inno Setup reads a script without one as ANSI.
;
; First build the bundle on Windows (from the top of the source tree):
;     uv run --group packaging python packaging\build_bundle.py
; which makes build\dist\jalon\ (jalon.exe for the command line, jalon-gui.exe without a
; console window). Then compile this script:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\jalon.iss
; or, for another version number, ISCC /DAppVersion=0.2.0 packaging\windows\jalon.iss
; The installer is build\installer\Jalon-<version>-setup.exe. Sign it (and the two .exe files
; before compiling) with signtool and the Joint Councils' code-signing certificate.
;
; IT staff can install for every user of a machine from an administrator prompt:
;     Jalon-0.1.0-setup.exe /ALLUSERS /VERYSILENT
; and for one user without questions: Jalon-0.1.0-setup.exe /CURRENTUSER /VERYSILENT

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Jalon"
#define AppPublisher "Jalon contributors"
#define BundleDir "..\..\build\dist\jalon"
#define GuiExe "jalon-gui.exe"
#define ProgId "Jalon.Package"

[Setup]
; The AppId identifies Jalon to Windows across versions: never change it.
AppId={{9122C8FA-615B-4BD2-A7A0-C5223645D748}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
; Per-user by default: installs in %LOCALAPPDATA%\Programs\Jalon and writes only to HKCU.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
OutputDir=..\..\build\installer
OutputBaseFilename=Jalon-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\jalon.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
LicenseFile=..\..\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[CustomMessages]
en.PackageType=Jalon package
fr.PackageType=Paquet Jalon
en.AppComment=Digital strategy self-assessment
fr.AppComment=Autoévaluation de la stratégie numérique
en.AssociateTask=Open .jalon packages with Jalon
fr.AssociateTask=Ouvrir les paquets .jalon avec Jalon
en.OtherTasks=Other tasks:
fr.OtherTasks=Autres tâches :

[Tasks]
Name: "associate"; Description: "{cm:AssociateTask}"; GroupDescription: "{cm:OtherTasks}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the old bundle whole: no stale library from a previous Qt or Python.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install, HKEY_LOCAL_MACHINE for all users.
Root: HKA; Subkey: "Software\Classes\.jalon"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.jalon"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-jalon-package"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.jalon\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".jalon"; ValueData: ""; Flags: uninsdeletekey
; "jalon" in the Run box and in a command prompt started from it.
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\App Paths\jalon.exe"; ValueType: string; ValueName: ""; ValueData: "{app}\jalon.exe"; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Messages]
; Uninstalling leaves the user's data folder (assessments, signing key, backups) in place.
en.FinishedLabel=Setup has finished installing [name] on your computer.%n%nYour assessments and signing key are kept in the JointCouncils\Jalon folder of your AppData\Local folder; uninstalling Jalon does not remove them.
fr.FinishedLabel=L'installation de [name] sur votre ordinateur est terminée.%n%nVos évaluations et votre clé de signature sont conservées dans le dossier JointCouncils\Jalon de votre dossier AppData\Local; la désinstallation de Jalon ne les supprime pas.
