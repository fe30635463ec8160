"""The first-run setup wizard: language, jurisdiction, the signer, and the signing key.

People at the secretariat sign nothing: the wizard offers them a clear way out on its first
pages, which records no identity. The key pages make the signing key (or show the one made
earlier) through ``jalon.services.keys``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from jalon import i18n
from jalon.core.errors import N_, JalonError, Message
from jalon.core.jurisdiction import Jurisdiction, municipality, slug
from jalon.fileio import write_atomically
from jalon.i18n import _
from jalon.services import identity, keys
from jalon.services.keys import KeyInfo
from jalon.ui.bridge import bridge
from jalon.ui.early_setup import PendingStore, ready, when_ready
from jalon.ui.runner import Operation, failure_text
from jalon.ui.widgets import (
    JurisdictionPicker,
    buddy,
    choose_save_path,
    error_label,
    monospace,
    show_inline_error,
    slim,
)

if TYPE_CHECKING:  # the window comes before the store is open on a new installation
    from jalon.services.app import Jalon

STRENGTH_LABELS = (
    N_("too short"),
    N_("weak"),
    N_("fair"),
    N_("good"),
    N_("strong"),
)

#: The meter's colour for each score: red while refused, amber for "fair" (still refused),
#: green once a key may be made. Dark enough for white text and visible on a dark palette.
STRENGTH_COLOURS = ("#b3261e", "#b3261e", "#b35c00", "#2e7d32", "#1b5e20")


def _label(text_format: Qt.TextFormat = Qt.TextFormat.PlainText) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(text_format)
    return label


class LanguagePage(QWizardPage):
    """English or French; the choice applies at once and is remembered."""

    def __init__(self, app: Jalon | PendingStore) -> None:
        super().__init__()
        self._app = app
        self.intro = _label()
        self.english = QRadioButton(i18n.LANGUAGE_NAMES["en"])
        self.french = QRadioButton(i18n.LANGUAGE_NAMES["fr"])
        # Language names stay in their own language, so each reader finds theirs.
        self.group = QButtonGroup(self)
        self.group.addButton(self.english)
        self.group.addButton(self.french)
        (self.french if i18n.current_language() == "fr" else self.english).setChecked(True)
        self.question = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.question)
        layout.addWidget(self.english)
        layout.addWidget(self.french)
        layout.addStretch(1)
        self.english.toggled.connect(lambda on: self._choose("en") if on else None)
        self.french.toggled.connect(lambda on: self._choose("fr") if on else None)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Jalon"))
        self.setSubTitle(_("A few questions set up this computer. It takes two minutes."))
        self.intro.setText(
            _(
                "Jalon helps your government score its digital strategy against the 14 themes "
                "of the Joint Councils, then sign and send the result to the secretariat. "
                "Everything stays on this computer until you export it."
            )
        )
        self.question.setText(
            _("Which language do you want to work in? / Dans quelle langue voulez-vous travailler?")
        )

    def _choose(self, lang: str) -> None:
        i18n.set_language(lang)
        when_ready(self._app, lambda app: identity.save_language(app, lang))


class JurisdictionPage(QWizardPage):
    """The government or municipality this installation speaks for."""

    def __init__(self) -> None:
        super().__init__()
        self.intro = _label()
        self.picker = JurisdictionPicker(require_census_subdivision=True)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.picker)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.picker.changed.connect(lambda: show_inline_error(self.error, ""))
        self.chosen: Jurisdiction | None = None

    def retranslate(self) -> None:
        self.setTitle(_("Your jurisdiction"))
        self.setSubTitle(_("The government whose digital strategy you will assess."))
        self.intro.setText(
            _(
                "Choose the federal government, your province or territory, or name your "
                "municipality. Packages you sign will say they come from this jurisdiction."
            )
        )
        self.picker.retranslate()

    def validatePage(self) -> bool:
        try:
            self.chosen = self.picker.jurisdiction()
        except JalonError as error:
            show_inline_error(self.error, i18n.describe(error))
            if self.picker.is_municipality:
                # The field to fix has the keyboard: the name if it is refused, else the code.
                try:
                    municipality(self.picker.name.text())
                    field = self.picker.csd
                except JalonError:
                    field = self.picker.name
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                if field is self.picker.csd:
                    field.selectAll()
            return False
        return True


class SignerPage(QWizardPage):
    """The person who signs: name and title, saved through the identity service."""

    def __init__(self, app: Jalon | PendingStore, jurisdiction_page: JurisdictionPage) -> None:
        super().__init__()
        self._app = app
        self._jurisdiction_page = jurisdiction_page
        self.intro = _label()
        self.name = QLineEdit()
        self.name.setMaxLength(identity.MAX_FIELD)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(identity.MAX_FIELD)
        self.name_label = buddy(QLabel(), self.name)
        self.title_label = buddy(QLabel(), self.title_edit)
        self.error = error_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.name_label, self.name)
        form.addRow(self.title_label, self.title_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.registerField("signer.name*", self.name)
        self.registerField("signer.title*", self.title_edit)
        self.name.textChanged.connect(lambda _t: show_inline_error(self.error, ""))
        self.title_edit.textChanged.connect(lambda _t: show_inline_error(self.error, ""))

    def retranslate(self) -> None:
        self.setTitle(_("Who signs"))
        self.setSubTitle(_("The person who answers for the assessments sent from here."))
        self.intro.setText(
            _(
                "Your name and title appear on every package and report you sign, so the "
                "secretariat knows who vouches for the answers."
            )
        )
        self.name_label.setText(_("&Full name:"))
        self.title_label.setText(_("&Title:"))
        self.name.setPlaceholderText(_("for example, Alex Tremblay"))
        self.title_edit.setPlaceholderText(_("for example, Chief Information Officer"))

    def validatePage(self) -> bool:
        jurisdiction = self._jurisdiction_page.chosen
        if jurisdiction is None:  # pragma: no cover - the previous page always sets it
            return False
        try:
            app = ready(self._app)
            identity.set_identity(app, jurisdiction, self.name.text(), self.title_edit.text())
        except JalonError as error:
            show_inline_error(self.error, i18n.describe(error))
            return False
        return True

    def nextId(self) -> int:
        wizard = self.wizard()
        if not isinstance(wizard, SetupWizard):
            return -1
        # A key made earlier is kept (a lost key cannot be recovered): show its card instead.
        return (
            SetupWizard.FINGERPRINT if wizard.existing_key is not None else SetupWizard.PASSPHRASE
        )


class PassphrasePage(QWizardPage):
    """The passphrase that protects the signing key: typed twice (or shown), rated by zxcvbn
    as it is typed with the reason and advice in words, refused when too easy to guess, and a
    busy indicator while the key is made."""

    def __init__(self, app: Jalon | PendingStore) -> None:
        super().__init__()
        self._app = app
        self.key: KeyInfo | None = None
        self._operation: Operation | None = None
        self.intro = _label()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.first_label = buddy(QLabel(), self.first)
        self.second_label = buddy(QLabel(), self.second)
        self.show_text = QCheckBox()
        self.meter = slim(QProgressBar())
        # Its colour says the verdict (red, amber, green), the one colour set by hand.
        self.meter.setObjectName("strength-meter")
        self.meter.setRange(0, len(STRENGTH_LABELS) - 1)
        self.meter.setTextVisible(False)
        self.strength = _label()
        font = self.strength.font()
        font.setBold(True)
        self.strength.setFont(font)
        self.feedback = _label()
        self.match = _label()
        self.error = error_label()
        self.busy_bar = slim(QProgressBar())
        self.busy_bar.setRange(0, 0)  # no end known: an indicator that keeps moving
        self.busy_bar.setTextVisible(False)
        self.working_label = _label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        form.addRow("", self.show_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        layout.addWidget(self.strength)
        layout.addWidget(self.feedback)
        layout.addWidget(self.match)
        layout.addWidget(self.error)
        layout.addWidget(self.working_label)
        layout.addWidget(self.busy_bar)
        layout.addStretch(1)
        self._set_working(False)
        self.setCommitPage(True)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.show_text.toggled.connect(self._show_passphrase)

    @property
    def minimum(self) -> int:
        return keys.minimum_passphrase_length()

    def _rate(self, passphrase: str) -> tuple[int, bool, list[Message]]:
        """The score, whether it is accepted, and the reason and advice to show."""
        app = self._app.app if isinstance(self._app, PendingStore) else self._app
        strength = keys.rate_passphrase(app, passphrase)
        words = [strength.warning] if strength.warning is not None else []
        return strength.score, strength.acceptable, words + list(strength.suggestions)

    def retranslate(self) -> None:
        self.setTitle(_("Your signing key"))
        self.setSubTitle(_("Jalon makes a key that signs your packages and reports."))
        self.intro.setText(
            _(
                "Choose a passphrase to protect the key. You will type it each time you sign. "
                "Use at least {minimum} characters: a few unrelated words are long and easy to "
                "remember. Nobody can recover a forgotten passphrase."
            ).format(minimum=self.minimum)
        )
        self.first_label.setText(_("&Passphrase:"))
        self.second_label.setText(_("&Repeat it:"))
        self.show_text.setText(_("S&how the passphrase"))
        self.show_text.setToolTip(
            _("Shows what you type, to check it; make sure nobody is looking at your screen.")
        )
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.busy_bar.setAccessibleName(_("Making the key"))
        self.working_label.setText(
            _("Making your key… This takes a few seconds; the passphrase is being stretched.")
        )
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Create the key"))
        self._update()

    def _show_passphrase(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in (self.first, self.second):
            edit.setEchoMode(mode)

    def _update(self) -> None:
        passphrase = self.first.text()
        score, acceptable, words = self._rate(passphrase)
        self.meter.setValue(score)
        palette = self.meter.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(STRENGTH_COLOURS[score]))
        self.meter.setPalette(palette)
        label = _(STRENGTH_LABELS[score])
        if not passphrase:
            verdict = ""
        elif len(passphrase) < self.minimum:
            verdict = _("Use at least {minimum} characters.").format(minimum=self.minimum)
        elif acceptable:
            verdict = _("Strong enough to protect your key.")
        else:
            verdict = _("Too easy to guess: Jalon will not make a key with it.")
        self.strength.setText(_("Strength: {strength}").format(strength=label))
        advice = " ".join(i18n.describe(word) for word in words) if passphrase else ""
        self.feedback.setText(" ".join(part for part in (verdict, advice) if part))
        self.feedback.setVisible(bool(self.feedback.text()))
        self.meter.setAccessibleDescription(
            " ".join(part for part in (self.strength.text(), self.feedback.text()) if part)
        )
        differs = bool(self.second.text()) and self.second.text() != self.first.text()
        self.match.setText(_("The two passphrases are not the same.") if differs else "")
        self.match.setVisible(differs)
        show_inline_error(self.error, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self._operation is not None:
            return False
        return bool(self.first.text()) and self.first.text() == self.second.text()

    def _set_working(self, working: bool) -> None:
        self.busy_bar.setVisible(working)
        self.working_label.setVisible(working)
        for widget in (self.first, self.second, self.show_text):
            widget.setEnabled(not working)
        wizard = self.wizard()
        if wizard is not None:
            for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
                wizard.button(which).setEnabled(not working)

    def validatePage(self) -> bool:
        """Make the key in the background; the wizard moves on once it is made."""
        if self.key is not None:
            self.first.clear()
            self.second.clear()
            return True
        if self._operation is not None:
            return False
        try:
            app = ready(self._app)  # the store, once open (it is, after the signer's page)
        except JalonError as error:
            show_inline_error(self.error, i18n.describe(error))
            return False
        passphrase = self.first.text()
        # No parent: a running operation is kept, and waited for at exit, even if the wizard
        # closes.
        operation = Operation(lambda _operation: keys.create_signing_key(app, passphrase))
        operation.succeeded.connect(self._made)
        operation.failed.connect(self._refused)
        show_inline_error(self.error, "")
        self._operation = operation
        operation.start()
        self.completeChanged.emit()  # the wizard enables its buttons again on this signal,
        self._set_working(True)  # so they are disabled after it
        return False

    def _finish_work(self) -> None:
        self._operation = None
        self._set_working(False)
        self.completeChanged.emit()

    def _made(self, key: object) -> None:
        self._finish_work()
        self.key = key if isinstance(key, KeyInfo) else None
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _refused(self, error: object) -> None:
        self._finish_work()
        show_inline_error(self.error, failure_text(error))
        self.first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.first.selectAll()

    @property
    def app(self) -> Jalon:
        return ready(self._app)

    @property
    def is_working(self) -> bool:
        """True while the key is being made (the wizard must not close under it)."""
        return self._operation is not None


#: The folder the last key card was saved to, in the window settings.
KEY_CARD_FOLDER_KEY = "keycard/folder"


def key_card_name(key: KeyInfo) -> str:
    """A file name that says whose card it is: jurisdiction, signer and the fingerprint's
    first group ("jalon-key-card-ON-alex-tremblay-3F2A.json"), so cards collected by the
    secretariat never overwrite one another."""
    return _("jalon-key-card-{jurisdiction}-{signer}-{fingerprint}.json").format(
        jurisdiction=key.jurisdiction.code,
        signer=slug(key.signer_name).lower() or "signer",
        fingerprint=key.fingerprint.split()[0],
    )


def fingerprint_lines(fingerprint: str, per_line: int = 4) -> str:
    """``"3F2A 9C11 …"`` as lines of four groups: easier to read aloud without losing one's
    place."""
    groups = fingerprint.split()
    return "\n".join("  ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))


class FingerprintPage(QWizardPage):
    """The key's fingerprint to read aloud, and the key card to send to the secretariat."""

    def __init__(
        self, passphrase_page: PassphrasePage, existing_key: KeyInfo | None = None
    ) -> None:
        super().__init__()
        self._passphrase_page = passphrase_page
        self._existing_key = existing_key
        self.intro = _label()
        self.fingerprint = QLabel()
        self.fingerprint.setFont(monospace(1.6, bold=True))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint_caption = _label()
        self.save = QPushButton()
        self.saved = _label()
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.save.clicked.connect(self.save_card)
        self.saved_to: Path | None = None

    @property
    def key(self) -> KeyInfo | None:
        return self._passphrase_page.key or self._existing_key

    def initializePage(self) -> None:
        key = self.key
        text = fingerprint_lines(key.fingerprint) if key is not None else ""
        self.fingerprint.setText(text)
        self.fingerprint.setAccessibleName(self.fingerprint_caption.text())
        self.fingerprint.setAccessibleDescription(" ".join(text.split()))

    def retranslate(self) -> None:
        self.setTitle(_("Your key is ready"))
        self.setSubTitle(_("Send its card to the secretariat so they can trust your packages."))
        self.intro.setText(
            _(
                "Save the key card and give it to the secretariat (by email or on a USB "
                "stick). When they enrol it, they will phone you: read them the fingerprint "
                "below, group by group, so they know the card is really yours."
            )
        )
        self.fingerprint_caption.setText(_("Fingerprint of your key:"))
        self.fingerprint.setAccessibleName(self.fingerprint_caption.text())
        self.save.setText(_("&Save the key card…"))
        if self.saved_to is not None:
            self.saved.setText(_("Key card saved to {path}.").format(path=str(self.saved_to)))

    def save_card(self) -> None:
        key = self.key
        if key is None:
            return
        from jalon.ui.files import documents_folder

        suggested = documents_folder() / key_card_name(key)
        path = choose_save_path(self, _("Save the key card"), suggested, _("Key cards (*.json)"))
        if path is None:
            return
        try:
            # Whole or not at all: a card cut short by a full USB stick is never left behind.
            write_atomically(path, key.card_bytes)
        except JalonError as problem:  # a read-only folder, a full disk: said, and what to do
            show_inline_error(self.error, i18n.describe(problem))
            return
        show_inline_error(self.error, "")
        self.saved_to = path
        self.saved.setText(_("Key card saved to {path}.").format(path=str(path)))
        wizard = self.wizard()
        if wizard is not None:  # what comes next; Enter no longer opens the file window again
            wizard.button(QWizard.WizardButton.FinishButton).setFocus()


class SetupWizard(QWizard):
    """Sets up who this installation signs as. ``exec()`` returns ``QDialog.Accepted`` when the
    identity (and the key, when offered) was saved, ``SetupWizard.SKIPPED`` when the person
    works for the secretariat (nothing recorded), ``QDialog.Rejected`` when cancelled."""

    SKIPPED = 2
    LANGUAGE, JURISDICTION, SIGNER, PASSPHRASE, FINGERPRINT = range(5)

    def __init__(self, app: Jalon | PendingStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.existing_key: KeyInfo | None = None
        # A pending store: a new installation, with neither key nor identity to read.
        if not isinstance(app, PendingStore):
            try:
                self.existing_key = keys.key_info(app)
            except JalonError:  # a damaged key file: the key page says so when it is reached
                self.existing_key = None
        self.language_page = LanguagePage(app)
        self.jurisdiction_page = JurisdictionPage()
        self.signer_page = SignerPage(app, self.jurisdiction_page)
        self.setPage(self.LANGUAGE, self.language_page)
        self.setPage(self.JURISDICTION, self.jurisdiction_page)
        self.setPage(self.SIGNER, self.signer_page)
        self.passphrase_page = PassphrasePage(app)
        self.fingerprint_page = FingerprintPage(self.passphrase_page, self.existing_key)
        self.setPage(self.PASSPHRASE, self.passphrase_page)
        self.setPage(self.FINGERPRINT, self.fingerprint_page)

        who = None if isinstance(app, PendingStore) else identity.get_identity(app)
        if who is not None:
            self.jurisdiction_page.picker.set_jurisdiction(who.jurisdiction)
            self.signer_page.name.setText(who.name)
            self.signer_page.title_edit.setText(who.title)

        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonLayout(self._button_layout(skip=True))
        self.customButtonClicked.connect(self._on_custom_button)
        self.currentIdChanged.connect(self._on_page)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        width = self.fontMetrics().averageCharWidth() * 95
        self.setMinimumSize(width, width * 3 // 5)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up Jalon"))
        self.setButtonText(
            QWizard.WizardButton.CustomButton1, _("S&kip: I work for the secretariat")
        )
        skip = self.button(QWizard.WizardButton.CustomButton1)
        skip.setToolTip(
            _(
                "The secretariat imports and collates packages and signs nothing. Skipping "
                "records no identity; you can set one up later from the File menu."
            )
        )
        for page in (
            self.language_page,
            self.jurisdiction_page,
            self.signer_page,
            self.passphrase_page,
            self.fingerprint_page,
        ):
            if page is not None:
                page.retranslate()
        # QWizard writes Qt's own button texts only when the page changes; after a language
        # switch (Qt's translation is swapped first) write them again for the page shown.
        shown = self.currentPage()
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            text = shown.buttonText(which) if shown is not None else self.buttonText(which)
            self.button(which).setText(text)

    @staticmethod
    def _button_layout(skip: bool) -> list[QWizard.WizardButton]:
        b = QWizard.WizardButton
        buttons = [b.Stretch, b.BackButton, b.NextButton, b.CommitButton, b.FinishButton]
        return ([b.CustomButton1] if skip else []) + [*buttons, b.CancelButton]

    def _on_page(self, page_id: int) -> None:
        # Once the identity is saved (the key pages), skipping would no longer mean "nothing".
        # (With a custom button layout Qt shows what the layout lists, whatever the options.)
        self.setButtonLayout(self._button_layout(skip=page_id <= self.SIGNER))

    def _on_custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.done(self.SKIPPED)

    def reject(self) -> None:
        # Closing while the key is being made would end its thread mid-write: wait for it.
        if self.passphrase_page.is_working:
            return
        super().reject()

    @property
    def skipped(self) -> bool:
        return self.result() == self.SKIPPED
