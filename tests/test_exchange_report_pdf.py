"""report.pdf is accepted only with one valid PAdES signature by the manifest's key over the
whole file, and no active content (issue 13). Each package here is validly signed by an
enrolled key: only its report is hostile."""

from __future__ import annotations

import io

import pytest

from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.package import verify_package
from jalon.exchange.pdfsign import sign_pdf

from .exchange_support import (
    SIGNED_AT,
    VERIFY_NOW,
    forge,
    report_pdf,
    signed_report,
    signer_key,
    trust_on,
)


def refused_for(report: bytes) -> PackageRefused:
    package = forge(signer_key(), report=report)
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source="p.jalon", trust=trust_on(), now=VERIFY_NOW)
    assert caught.value.step is Step.CONTENTS
    return caught.value


def with_catalog_entries(pdf: bytes, entries: dict[str, object]) -> bytes:
    """``pdf`` with ``entries`` added to its document catalog by an incremental update."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    root = writer.root
    for name, value in entries.items():
        root[generic.NameObject(name)] = value  # type: ignore[assignment]
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_action(source: str = "app.alert('hi')") -> object:
    from pyhanko.pdf_utils import generic

    return generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject(source),
        }
    )


def launch_action() -> object:
    from pyhanko.pdf_utils import generic

    return generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/Launch"),
            generic.NameObject("/F"): generic.TextStringObject("calc.exe"),
        }
    )


def signed(pdf: bytes) -> bytes:
    return sign_pdf(pdf, signer_key(), reason="Test", location="Ontario", now=SIGNED_AT)


def test_a_package_whose_report_is_not_signed_is_refused() -> None:
    assert refused_for(report_pdf()).code == "report_not_signed"


def test_a_package_whose_report_is_signed_by_another_key_is_refused() -> None:
    from .exchange_support import signer_key as key_for

    other = sign_pdf(
        report_pdf(), key_for("Camille Roy", "QC"), reason="T", location="Q", now=SIGNED_AT
    )
    error = refused_for(other)
    assert error.code == "report_other_key"
    assert key_for("Camille Roy", "QC").fingerprint in error.message.english()


def test_a_package_whose_report_was_updated_after_signing_is_refused() -> None:
    from pyhanko.pdf_utils import generic

    changed = with_catalog_entries(signed_report(), {"/Lang": generic.TextStringObject("en")})
    assert refused_for(changed).code == "report_changed_after_signing"


def test_a_package_whose_report_gains_an_open_action_after_signing_is_refused() -> None:
    changed = with_catalog_entries(signed_report(), {"/OpenAction": javascript_action()})
    assert refused_for(changed).code in ("report_changed_after_signing", "report_active_content")


@pytest.mark.parametrize(
    ("entries", "found"),
    [
        ({"/OpenAction": javascript_action()}, "/OpenAction"),
        ({"/AA": None}, "/AA"),
        ({"/Names": "javascript"}, "/JavaScript"),
        ({"/Outlines": "launch"}, "/Launch"),
    ],
)
def test_a_package_whose_signed_report_holds_active_content_is_refused(
    entries: dict[str, object], found: str
) -> None:
    from pyhanko.pdf_utils import generic

    made: dict[str, object] = {}
    for name, value in entries.items():
        if value is None:
            made[name] = generic.DictionaryObject({generic.NameObject("/O"): launch_action()})
        elif value == "javascript":
            made[name] = generic.DictionaryObject(
                {
                    generic.NameObject("/JavaScript"): generic.DictionaryObject(
                        {
                            generic.NameObject("/Names"): generic.ArrayObject(
                                [generic.TextStringObject("x"), javascript_action()]
                            )
                        }
                    )
                }
            )
        elif value == "launch":
            made[name] = generic.DictionaryObject({generic.NameObject("/A"): launch_action()})
        else:
            made[name] = value
    from jalon.exchange.pdfsign import active_content

    hostile = signed(with_catalog_entries(report_pdf(), made))
    assert active_content(hostile) == found
    error = refused_for(hostile)
    assert error.code == "report_active_content"
    assert found in error.message.english()


def test_a_package_whose_report_is_signed_by_its_key_over_the_whole_file_is_accepted() -> None:
    verify_package(
        forge(signer_key(), report=signed_report()),
        source="p.jalon",
        trust=trust_on(),
        now=VERIFY_NOW,
    )
