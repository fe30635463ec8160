"""The secretariat's workspace: import packages, the trust store, the submissions received,
the consolidation dashboard, the actions decided, the report back and the analysts' data.

``from jalon.ui.secretariat import SecretariatWidget``.
"""

from jalon.ui.secretariat.workspace import SecretariatWidget

__all__ = ["SecretariatWidget"]
