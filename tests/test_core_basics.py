"""The small pieces under everything: bilingual text, messages, errors and fingerprints."""

from __future__ import annotations

import pytest

from jalon.core.errors import (
    N_,
    FrameworkError,
    InvalidInputError,
    JalonError,
    Message,
    NotFoundError,
    ReadOnlyError,
    StorageError,
)
from jalon.core.fingerprint import fingerprint, fingerprint_groups
from jalon.core.text import Text


def test_text_is_read_in_french_or_else_english() -> None:
    t = Text("Security", "Sécurité")
    assert t.get("fr") == "Sécurité"
    assert t.get("en") == "Security"
    assert t.get("de") == "Security"


def test_text_round_trips_through_json() -> None:
    t = Text("Open data", "Données ouvertes")
    assert Text.from_json(t.to_json()) == t
    assert t.to_json() == {"en": "Open data", "fr": "Données ouvertes"}


def test_n_marks_without_translating() -> None:
    assert N_("Anything {x}") == "Anything {x}"


def test_a_message_renders_in_english_with_nested_messages() -> None:
    inner = Message(N_("the {what}"), {"what": "title"})
    outer = Message(N_("Check {field} of {n} items."), {"field": inner, "n": 3})
    assert outer.english() == "Check the title of 3 items."


def test_an_error_keeps_its_msgid_and_params_and_reads_in_english() -> None:
    error = InvalidInputError(N_("Unknown jurisdiction code {code!r}."), code="ZZ")
    assert error.message.msgid == "Unknown jurisdiction code {code!r}."
    assert error.message.params == {"code": "ZZ"}
    assert str(error) == "Unknown jurisdiction code 'ZZ'."


@pytest.mark.parametrize(
    "kind", [FrameworkError, NotFoundError, InvalidInputError, ReadOnlyError, StorageError]
)
def test_every_refusal_is_a_jalon_error(kind: type[JalonError]) -> None:
    assert issubclass(kind, JalonError)
    with pytest.raises(JalonError):
        raise kind(N_("Something is wrong."))


def test_a_fingerprint_is_eight_groups_of_four_upper_case_hex_digits() -> None:
    key_id = "3f2a9c11" + "0123456789abcdef" * 3 + "deadbeef"
    assert len(key_id) == 64
    assert fingerprint(key_id) == "3F2A 9C11 0123 4567 89AB CDEF 0123 4567"
    assert fingerprint_groups(key_id) == fingerprint(key_id).split()
    assert len(fingerprint_groups(key_id)) == 8
    assert fingerprint(f"  {key_id.upper()}\n") == fingerprint(key_id)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "abc",
        "ab" * 16,  # the 32 digits shown, but not a whole key id
        "ab" * 31,
        "ab" * 33,
        "zz" * 32,
        "3f2a 9c11" * 8,
        "g" + "0" * 63,
        "0" * 63 + "g",  # bad after the digits shown
    ],
)
def test_a_fingerprint_of_something_that_is_not_a_key_id_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="64 hexadecimal digits"):
        fingerprint(bad)


def test_a_message_is_a_value_that_cannot_be_changed() -> None:
    a = Message(N_("Check {n} items."), {"n": 3})
    assert a == Message(N_("Check {n} items."), {"n": 3})
    assert a != Message(N_("Check {n} items."), {"n": 4})
    assert a != "Check {n} items."
    assert Message("x").params == {}
    assert Message(msgid="x", params={"n": 1}).params == {"n": 1}
    assert repr(a) == "Message(msgid='Check {n} items.', params={'n': 3})"
    assert hash(Message("x", ())) == hash(Message("x", ()))
    with pytest.raises(AttributeError):
        a.msgid = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.params  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.extra = 1  # type: ignore[attr-defined]
    match a:
        case Message(msgid, params):
            assert (msgid, params) == ("Check {n} items.", {"n": 3})


def test_a_message_survives_copy_deepcopy_and_pickle() -> None:
    import copy
    import pickle

    inner = Message(N_("the {what}"), {"what": "title"})
    outer = Message(N_("Check {field}."), {"field": inner})
    for made in (copy.copy(outer), copy.deepcopy(outer), pickle.loads(pickle.dumps(outer))):
        assert made == outer
        assert made.params["field"] == inner
