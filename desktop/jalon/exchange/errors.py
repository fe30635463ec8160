"""Refusals of the exchange: a package refused at a step, a key file or card that cannot be used."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jalon.core.errors import N_, InvalidInputError, JalonError, Message


class Step(StrEnum):
    """The checks of an import, in DESIGN.md's order; a refusal names the one that failed.

    ``REVISION`` (step 6) is decided against the store by the services layer.
    """

    ZIP = "zip"
    MANIFEST = "manifest"
    SIGNATURE = "signature"
    TRUST = "trust"
    CONTENTS = "contents"
    REVISION = "revision"

    @property
    def number(self) -> int:
        return list(Step).index(self) + 1

    @property
    def label(self) -> Message:
        """The step's name for people, e.g. "step 3, signature"."""
        return Message(_LABELS[self])


_LABELS = {
    Step.ZIP: N_("step 1, archive"),
    Step.MANIFEST: N_("step 2, manifest"),
    Step.SIGNATURE: N_("step 3, signature"),
    Step.TRUST: N_("step 4, trusted key"),
    Step.CONTENTS: N_("step 5, contents"),
    Step.REVISION: N_("step 6, revision"),
}


class PackageRefused(JalonError):  # noqa: N818 (the name the services layer uses)
    """A package that failed one step of verification; nothing from it may be stored.

    The message names the package (``file``), the step, and the ``reason`` (a sentence that
    says what is wrong and what to do). ``key_id`` is the signer's key id the package claims,
    when the manifest got far enough to say, for the security journal; ``code`` a stable
    reason code (e.g. ``"replay"``, ``"other_jurisdiction_owns_assessment"``).
    """

    def __init__(
        self,
        step: Step,
        msgid: str,
        /,
        *,
        file: str,
        key_id: str | None = None,
        code: str | None = None,
        **params: Any,
    ) -> None:
        self.step = step
        #: A stable reason code for machines (``--json``); the step's name when not finer.
        self.code = code or step.value
        self.file = file
        self.key_id = key_id
        self.reason = Message(msgid, params)
        super().__init__(
            N_("The package {file} was refused ({step}): {reason}"),
            file=file,
            step=step.label,
            reason=self.reason,
        )


class WrongPassphraseError(InvalidInputError):
    """The passphrase typed does not unlock the signing key."""


class KeyFileError(JalonError):
    """A signing-key file that is damaged, foreign, or cannot be read or written."""


class KeyCardError(InvalidInputError):
    """A key card that is malformed or whose parts do not agree with each other."""


class PdfSignatureError(JalonError):
    """A PDF whose signature cannot be checked at all (unreadable, or not signed)."""
