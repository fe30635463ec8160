"""The bundled ``jalon`` program: the same as ``jalon.main:main``.

One extra: with ``JALON_BUNDLE_SELFTEST=1`` in the environment, the bundle checks itself
instead (resources, the French catalog, Babel's data, Qt's French translations, and the desktop
window opening and closing on its own) and prints one JSON object; the exit code is 0 when
every check passed. IT staff can run it after installing; the packaging tests run it offscreen.
"""

from __future__ import annotations

import os
import sys

SELFTEST_ENV = "JALON_BUNDLE_SELFTEST"


def _selftest() -> int:
    import json
    import tempfile
    import traceback
    from datetime import date

    checks: dict[str, object] = {}

    def check(name: str, probe: object) -> None:
        try:
            checks[name] = probe() if callable(probe) else probe
        except Exception:  # a report of what failed is the point of the self-test
            checks[name] = {"failed": traceback.format_exc(limit=3)}

    from jalon import __version__, i18n, paths

    check("version", __version__)
    check("frozen", lambda: bool(getattr(sys, "frozen", False)))
    check("resources", lambda: str(paths.resource("frameworks")))
    check(
        "french_catalog",
        lambda: i18n.translator("fr").gettext("Jalon packages (*.jalon);;All files (*)"),
    )
    check("french_date", lambda: i18n.translator("fr").date(date(2026, 11, 2)))
    check("english_number", lambda: i18n.translator("en").number(1234.5))

    def migrations() -> list[str]:
        from jalon.store.database import known_revisions

        return known_revisions()

    check("migrations", migrations)

    def qt() -> dict[str, object]:
        from PySide6.QtCore import QLibraryInfo, QTimer, QTranslator
        from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

        from jalon.ui import app as ui_app

        qapp = QApplication.instance() or QApplication(sys.argv[:1])
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator()
        loaded = translator.load("qtbase_fr", folder)
        seen: list[str] = []

        def close_windows() -> None:
            # The first-run wizard is modal; reject it, then close the main window, which ends
            # the event loop the way a person closing the window would.
            for widget in QApplication.topLevelWidgets():
                if not widget.isVisible():
                    continue
                seen.append(type(widget).__name__)
                if isinstance(widget, QDialog):
                    widget.reject()
                elif isinstance(widget, QMainWindow):
                    widget.close()

        # The window appears before the store is open; give the store time to open (and the
        # first-run wizard to appear) before closing, so the whole start is exercised.
        closer = QTimer()
        closer.timeout.connect(close_windows)
        QTimer.singleShot(3000, lambda: closer.start(300))
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.timeout.connect(lambda: QApplication.exit(3))
        give_up.start(60_000)
        with tempfile.TemporaryDirectory() as data:
            code = ui_app.run(data_dir=data, lang="fr")
        closer.stop()
        give_up.stop()
        return {
            "platform": qapp.platformName(),
            "translations_path": folder,
            "qtbase_fr_loaded": loaded,
            "qtbase_fr_sample": translator.translate("QPlatformTheme", "Cancel"),
            "windows_seen": sorted(set(seen)),
            "exit_code": code,
        }

    check("qt", qt)
    failed = [
        name for name, value in checks.items() if isinstance(value, dict) and "failed" in value
    ]
    qt_result = checks.get("qt")
    if isinstance(qt_result, dict) and "failed" not in qt_result:
        if not qt_result.get("qtbase_fr_loaded"):
            failed.append("qtbase_fr_loaded")
        if qt_result.get("exit_code") != 0 or "MainWindow" not in qt_result.get("windows_seen", []):
            failed.append("main_window")
    checks["failed"] = failed
    print(json.dumps(checks, ensure_ascii=False, indent=2))
    return 0 if not failed else 1


def main() -> int:
    if os.environ.get(SELFTEST_ENV) == "1":
        return _selftest()
    from jalon.main import main as jalon_main

    return jalon_main()


if __name__ == "__main__":
    sys.exit(main())
