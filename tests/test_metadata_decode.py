"""Decoding a page's bytes when the declared charset cannot be trusted."""

from flows.extract import extract_page
from flows.metadata.decode import decode_body, normalize_charset, repair_mojibake

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


def test_mis_decoded_utf8_in_a_text_is_put_right():
    # UTF-8 read as Latin-1 (C1 controls) and as Windows-1252 (curly quote signs)
    assert repair_mojibake("A DIY Investor\u00e2\u0080\u0099s Guide") == "A DIY Investor\u2019s Guide"
    assert repair_mojibake("Dariusz Jaro\u00c5\u0084") == "Dariusz Jaro\u0144"
    assert repair_mojibake("It\u00e2\u20ac\u2122s done") == "It\u2019s done"


def test_text_written_right_is_left_alone():
    for text in ("café crème à Genève", "São Paulo", "naïve façade", "Beijing’s “poverty” plan",
                 "新华社记者", "", None):
        assert repair_mojibake(text) == text


def test_a_page_storing_mojibake_gets_its_fields_repaired():
    body = ("<html><head><meta charset='utf-8'><title>A DIY Investor\u00e2\u0080\u0099s Guide</title>"
            "<meta name='description' content='What each calculator\u00e2\u20ac\u2122s numbers mean'>"
            "</head><body><h1>A DIY Investor\u00e2\u0080\u0099s Guide</h1><p>By Dariusz Jaro\u00c5\u0084</p>"
            + "<p>Each investor\u00e2\u20ac\u2122s calculator assumes its own returns and inflation.</p>" * 5
            + "</body></html>").encode("utf-8")
    page = extract_page(body, "https://money.example.com/guide")
    assert page.title == "A DIY Investor's Guide"  # titles keep plain apostrophes
    assert page.authors == ["Dariusz Jaro\u0144"]
    assert page.description == "What each calculator\u2019s numbers mean"
    # Windows-1252 mojibake survives trafilatura and is repaired in the text
    assert "Each investor\u2019s calculator" in page.text
