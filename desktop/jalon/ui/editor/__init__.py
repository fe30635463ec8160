"""The assessment editor, the heart of the app: navigator, theme pages with the levels and
their descriptors, participants, workshop questions, summary; autosave and undo.

``from jalon.ui.editor import EditorWidget``.
"""

from jalon.ui.editor.editor import EditorWidget

__all__ = ["EditorWidget"]
