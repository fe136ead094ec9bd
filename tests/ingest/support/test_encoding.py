from __future__ import annotations

import codecs

import pytest

from ingest.errors import ParseError
from ingest.support.encoding import decode_text, read_text_file
from poshuk.core.sniff import looks_like_text

RU = "Правозащитники сообщили, что в стране остаются более тысячи политических заключённых."
BE = "Праваабаронцы паведамілі, што ў краіне застаюцца больш за тысячу палітычных вязняў."
UK = "Правозахисники повідомили, що в країні залишаються політв'язні."


def test_utf8_is_read_as_is() -> None:
    assert decode_text("Muižnieks — палітвязні".encode()) == ("Muižnieks — палітвязні", None)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks_decide_and_are_dropped(bom: bytes, codec: str) -> None:
    text, warning = decode_text(bom + BE.encode(codec))
    assert text == BE
    assert warning is None


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (RU, "cp1251"),
        (RU, "koi8-r"),
        (BE, "cp1251"),
        (UK, "cp1251"),
        (UK, "koi8-u"),
        ("Привет, мир!", "cp1251"),  # too short for statistics alone
        ("Привет, мир!", "koi8-r"),
        (RU + "\n" + RU.upper(), "cp1251"),
    ],
)
def test_legacy_cyrillic_code_pages_decode_right(text: str, codec: str) -> None:
    assert decode_text(text.encode(codec)) == (text, None)


def test_western_legacy_text_is_not_mistaken_for_cyrillic() -> None:
    text = "Grüße aus München: die Straße ist schön, café über alles."
    assert decode_text(text.encode("cp1252"))[0] == text


def test_undecodable_bytes_are_replaced_with_a_warning() -> None:
    text, warning = decode_text(bytes(range(128, 256)))
    assert warning == "invalid UTF-8 replaced"
    assert "\ufffd" in text


def test_broken_utf16_after_a_bom_is_replaced_with_a_warning() -> None:
    text, warning = decode_text(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")
    assert text.startswith("ok")
    assert warning == "invalid UTF-16 replaced"


def test_text_detection() -> None:
    assert looks_like_text(RU.encode("cp1251"))
    assert looks_like_text(codecs.BOM_UTF16_LE + RU.encode("utf-16-le"))
    assert not looks_like_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # a UTF-8 character cut in half at the end of the sample is still text
    long_text = ("ж" * 5000).encode()
    assert looks_like_text(long_text[:8193] + long_text[8193:])


def test_read_text_file_refuses_binary_data() -> None:
    with pytest.raises(ParseError, match="binary"):
        read_text_file(b"\x00\x01\x02binary")
    with pytest.raises(ParseError, match="binary"):
        read_text_file(bytes(range(128, 256)))


def test_read_text_file_passes_warnings_on() -> None:
    text, warnings = read_text_file(codecs.BOM_UTF16_LE + BE.encode("utf-16-le") + b"\x00\xd8")
    assert text.startswith(BE)
    assert warnings == ["invalid UTF-16 replaced"]
    assert read_text_file(BE.encode("cp1251")) == (BE, [])
