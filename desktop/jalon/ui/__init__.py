"""The desktop app (PySide6). Windows and pages only: every rule lives in ``jalon.services``."""
