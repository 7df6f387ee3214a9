"""Decoding a page's bytes when the declared charset cannot be trusted."""

from flows.metadata.decode import decode_body, normalize_charset

TEXT = "Ürümqi — “a quoted phrase” and café"


def test_utf8_bytes_declared_latin1_in_header_and_meta_come_out_right():
    body = f'<html><head><meta charset="iso-8859-1"></head><body>{TEXT}</body></html>'.encode()
    decoded = decode_body(body, declared_charset="ISO-8859-1")
    assert TEXT in decoded.text
    assert decoded.source == "utf-8-valid"


def test_real_windows_1252_page_uses_its_meta_charset():
    body = f'<html><head><meta charset="windows-1252"></head><body>{TEXT}</body></html>'
    decoded = decode_body(body.replace("Ürümqi", "Urumqi").encode("cp1252"))
    assert "“a quoted phrase” and café" in decoded.text
    assert decoded.source == "meta"


def test_header_latin1_label_reads_curly_quotes_as_windows_1252():
    # browsers decode iso-8859-1 as windows-1252: 0x93/0x94 are curly quotes, not controls
    decoded = decode_body("“quoted”".encode("cp1252"), declared_charset="iso-8859-1")
    assert decoded.text == "“quoted”"
    assert decoded.source == "header"


def test_bytes_without_any_declaration_fall_back_to_detection():
    body = ("<p>" + "Всё хорошо, спасибо за помощь. " * 20 + "</p>").encode("cp1251")
    decoded = decode_body(body)
    assert "Всё хорошо" in decoded.text
    assert decoded.source == "detected"


def test_byte_order_mark_wins():
    decoded = decode_body("\ufeff<p>hello</p>".encode("utf-16"))
    assert decoded.text.endswith("<p>hello</p>")
    assert decoded.source == "bom"


def test_unknown_charset_labels_are_ignored():
    assert normalize_charset("x-no-such-charset") is None
    assert normalize_charset("Latin1") == "cp1252"
    assert normalize_charset("utf8") == "utf-8"
