"""The yardstick for Jalon's bundle size: the smallest PySide6 program with a window.

Built by ``hello.spec`` with the same PyInstaller and the same policy as Jalon
(``bundle_policy.py``), so the ratio of the two sizes is what Jalon adds on top of Qt.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Hello")
    window.show()
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
