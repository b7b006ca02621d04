"""Reading page files: every encoding a user may have, every way a file can be bad."""

from __future__ import annotations

import codecs
import os
import sys

import pytest
from hypothesis import given, settings, strategies as st

from archive.errors import PageError
from archive.reading import read_text

SAMPLE = "聚“链”成势 向“新”提质\n——永新县工业经济澎湃新动能\n本报全媒体记者 刘靖雯\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(SAMPLE.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(SAMPLE.encode("gbk"), id="gbk"),
        pytest.param(SAMPLE.encode("gb18030"), id="gb18030"),
    ],
)
def test_every_supported_encoding_reads_back_the_same_text(tmp_path, encoded):
    assert read_text(write(tmp_path, "p.txt", encoded)) == SAMPLE


@pytest.mark.parametrize("word", ["宜丰", "新余", "中文", "吉安", "锂电"])
def test_short_gbk_text_is_not_misread(tmp_path, word):
    # Two GBK characters are four bytes; statistical detectors call such input
    # Latin-1 or Big5. The strict chain must give the Chinese back.
    assert read_text(write(tmp_path, "p.txt", word.encode("gbk"))) == word


def test_gb18030_only_characters(tmp_path):
    text = "𠀀龥€ 宜春经开区"  # outside GBK: needs the four-byte GB18030 forms
    assert read_text(write(tmp_path, "p.txt", text.encode("gb18030"))) == text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_are_normalised_and_bom_stripped(tmp_path, newline):
    data = codecs.BOM_UTF8 + newline.join(["第一行", "第二行", ""]).encode("utf-8")
    text = read_text(write(tmp_path, "p.txt", data))
    assert text == "第一行\n第二行\n"
    assert "\ufeff" not in text and "\r" not in text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.strip))
@settings(max_examples=40, deadline=None)
def test_any_text_round_trips_through_utf8_and_utf16(tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("rt")
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert read_text(write(tmp, "a.txt", text.encode("utf-8"))) == expected
    assert read_text(write(tmp, "b.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))) == expected


@pytest.mark.parametrize(
    "data, reason",
    [
        pytest.param(b"", "empty", id="zero-bytes"),
        pytest.param(" \n\t\r\n\u3000".encode("utf-8"), "empty", id="only-whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", id="nul-bytes"),
        pytest.param(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0E, 0x0F]) * 20 + "正文".encode(), "binary", id="control-chars"),
        pytest.param(b"\xff\xff\xfe\x80\x81abc\xff", "decoded", id="undecodable"),
        pytest.param(codecs.BOM_UTF8 + b"\xff\xfe\xfd", "utf-8", id="bad-after-bom"),
    ],
)
def test_bad_content_gives_one_clear_error_naming_the_file(tmp_path, data, reason):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(PageError) as exc:
        read_text(path)
    assert exc.value.path == str(path)
    assert str(exc.value).startswith(str(path))
    assert reason in exc.value.reason
    assert "\n" not in str(exc.value)


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", "字".encode("utf-8") * 400)
    with pytest.raises(PageError, match="too large"):
        read_text(path, max_bytes=1000)
    assert read_text(path, max_bytes=1200) == "字" * 400

    def no_open(*args, **kwargs):  # the size check must come first
        raise AssertionError("file was opened")

    monkeypatch.setattr("builtins.open", no_open)
    with pytest.raises(PageError, match="too large"):
        read_text(path, max_bytes=10)


def test_default_limit_is_20_megabytes(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: no 20 MB written to disk
        fh.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(PageError, match="too large"):
        read_text(path)


def test_missing_file(tmp_path):
    with pytest.raises(PageError, match="no such file") as exc:
        read_text(tmp_path / "nope.txt")
    assert "nope.txt" in str(exc.value)


def test_directory(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(PageError, match="directory") as exc:
        read_text(tmp_path / "dir.txt")
    assert "dir.txt" in str(exc.value)


def test_symlink_loop(tmp_path):
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    with pytest.raises(PageError, match="symlink loop") as exc:
        read_text(tmp_path / "a.txt")
    assert "a.txt" in str(exc.value)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", "正文".encode())
    path.chmod(0)
    try:
        with pytest.raises(PageError, match="permission"):
            read_text(path)
    finally:
        path.chmod(0o644)


def test_unreadable_file_reason_via_os_error(tmp_path, monkeypatch):
    # Same case as above, for runs as root (where chmod 0 does not stop reading).
    path = write(tmp_path, "secret.txt", "正文".encode())

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(PageError, match="permission denied") as exc:
        read_text(path)
    assert exc.value.path == str(path)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = [write(tmp_path, f"{i}.txt", f"第{i}版".encode("gbk")) for i in range(3)]
    bad = write(tmp_path, "bad.txt", b"\x00\x01\x02")
    results, errors = {}, []
    for path in sorted([*good, bad]):
        try:
            results[path.name] = read_text(path)
        except PageError as err:
            errors.append(err)
    assert [e.path for e in errors] == [str(bad)]
    assert results == {f"{i}.txt": f"第{i}版" for i in range(3)}


def test_seed_pages_read(tmp_path):
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    for name in ("000_b30d1262296ab6d1.txt", "004_8e0655b6816325c3.txt"):
        text = read_text(corpus / name)
        assert "\r" not in text and len(text) > 1000
    assert "本报全媒体记者" in read_text(corpus / "000_b30d1262296ab6d1.txt")
