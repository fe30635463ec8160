#!/bin/sh
# Install a built Jalon bundle on Linux with its desktop entry, icons, AppStream metadata and
# the .jalon MIME type, so that Jalon is in the applications menu and double-clicking a
# package opens it.
#
#   packaging/linux/install.sh                       # for you: ~/.local
#   sudo packaging/linux/install.sh --prefix /usr/local   # for everyone on the machine
#   packaging/linux/install.sh --uninstall [--prefix P]
#
# Options: --bundle DIR (default build/dist/jalon, made by packaging/build_bundle.py),
# --prefix DIR (default ~/.local), --uninstall.
# Layout: PREFIX/lib/jalon (the bundle), PREFIX/bin/jalon (a link), PREFIX/share/{applications,
# icons/hicolor, metainfo, mime/packages}.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=ca.jointcouncils.Jalon
BUNDLE="$ROOT/build/dist/jalon"
PREFIX="${HOME}/.local"
UNINSTALL=0

while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) BUNDLE=$2; shift 2 ;;
        --prefix) PREFIX=$2; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

SHARE="$PREFIX/share"
LIBDIR="$PREFIX/lib/jalon"
BINDIR="$PREFIX/bin"
ICONS="$ROOT/resources/icons"

refresh() {
    # Each tool is optional: without it the files are still found, only later.
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$SHARE/mime/packages" ]; then
        update-mime-database "$SHARE/mime"
    fi
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$SHARE/applications" ]; then
        update-desktop-database -q "$SHARE/applications"
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$SHARE/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" || true
    fi
}

if [ "$UNINSTALL" = 1 ]; then
    rm -rf "$LIBDIR"
    rm -f "$BINDIR/jalon" \
        "$SHARE/applications/$APP_ID.desktop" \
        "$SHARE/metainfo/$APP_ID.metainfo.xml" \
        "$SHARE/mime/packages/$APP_ID.xml" \
        "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in 16 32 48 128 256; do
        rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    refresh
    echo "Jalon was removed from $PREFIX (your data folder was left as it was)."
    exit 0
fi

if [ ! -x "$BUNDLE/jalon" ]; then
    echo "install.sh: no bundle at $BUNDLE; build it first: uv run --group packaging python packaging/build_bundle.py" >&2
    exit 1
fi

mkdir -p "$PREFIX/lib" "$BINDIR" "$SHARE/applications" "$SHARE/metainfo" "$SHARE/mime/packages" \
    "$SHARE/icons/hicolor/scalable/apps"
rm -rf "$LIBDIR.new"
cp -R "$BUNDLE" "$LIBDIR.new"
rm -rf "$LIBDIR"
mv "$LIBDIR.new" "$LIBDIR"
ln -sf "$LIBDIR/jalon" "$BINDIR/jalon"

# The menu entry names the program by its full path: ~/.local/bin is not always on PATH.
sed -e "s|^Exec=jalon |Exec=$BINDIR/jalon |" -e "s|^TryExec=jalon\$|TryExec=$BINDIR/jalon|" \
    "$HERE/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
cp "$HERE/$APP_ID.mime.xml" "$SHARE/mime/packages/$APP_ID.xml"
cp "$ICONS/jalon.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 32 48 128 256; do
    mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
    cp "$ICONS/jalon-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
refresh
echo "Jalon is installed in $PREFIX: run $BINDIR/jalon, or open it from the applications menu."
