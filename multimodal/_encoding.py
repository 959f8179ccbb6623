"""Reading text files whatever editor saved them: the encodings accepted, and the rest refused.

Scenario files (TOML, YAML) and demand tables (CSV) are read through ``read_text``, so
the same rule holds for every text input:

1. A byte-order mark decides: UTF-8 (``EF BB BF``) or UTF-16 little/big-endian
   (``FF FE`` / ``FE FF``). A UTF-32 mark is refused by name.
2. Without a mark, the file must be UTF-8 (plain ASCII is UTF-8) ...
3. ... or GB18030, the Chinese national encoding that Chinese Excel and Notepad
   write (GBK and GB2312 are subsets). It is accepted only when it decodes without
   error and every character outside ASCII is Chinese (CJK ideographs, CJK and
   full-width punctuation, pinyin letters such as ``è`` and ``ǎ``, a few marks such
   as ``·`` and ``—``) written as two bytes
   of ``0x81`` or more. That is all of GB2312 (the 6,763 characters of everyday
   simplified Chinese) and most of GBK. It is needed because Latin-1 text decodes as
   GB18030 too: ``Liège`` saved as Latin-1 is ``Li`` + ``E8 67`` + ``e``, and
   ``E8 67`` is a valid GBK ideograph, but one whose second byte is an ASCII letter.
   Such pairs cannot be told from accented Latin text, so they are refused; the rarer
   characters that GBK writes that way need a UTF-8 file. The one blind spot: Korean
   EUC-KR hanja share GB2312's byte range and may read as (other) Chinese characters.
4. A file whose every other byte is zero is UTF-16 without a mark: refused by name.
5. Decoded text must not hold NUL or other control characters (tab, line breaks and
   form feed aside): they are what binary data and UTF-16 without a mark look like.

Anything else (Latin-1 or Windows-1252 accents, Shift-JIS, random bytes) is a
``DataValidationError`` naming the file, the line and the first bad byte, and saying
"save it as UTF-8".
"""

from __future__ import annotations

import codecs
import re
from os import PathLike
from pathlib import Path

from .exceptions import DataValidationError, Problem

#: What the error messages advise.
FIX = "save it as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)"

#: Control characters that text files never hold (tab, LF, VT, FF and CR are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

#: Characters outside ASCII that a GB18030 file may hold: Chinese text and its punctuation.
_CHINESE = re.compile(
    "[\u3000-\u303f"  # CJK symbols and punctuation: 、。「」
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs (with extension A)
    "\uff00-\uffef"  # full-width forms: ，（）：
    "\u2010-\u2027\u2030-\u203b"  # dashes, quotes, ellipsis, per mille
    "\u00b7\u00d7\u00f7\u00b0\u00b1"  # · × ÷ ° ±
    "\u00c0-\u00ff\u0100-\u01dc"  # pinyin letters (GB2312 writes è, ü, ǎ in two bytes)
    "\u2460-\u2473\u2160-\u216b\u25a0-\u25ff\u2190-\u2193]"  # ① Ⅰ ■ arrows
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def read_text(path: str | PathLike[str], what: str) -> str:
    r"""Return the text of a file saved as UTF-8, UTF-16 or Chinese GB18030.

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for the messages (e.g. ``"scenario file"``, ``"demand table"``).

    Returns
    -------
    str
        The decoded text, without a byte-order mark.

    Raises
    ------
    DataValidationError
        When the file cannot be read, or its bytes are not text in one of the accepted
        encodings (see the module docstring); the problem names the file and the line
        of the first bad byte, and says to save the file as UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "zh.csv").write_bytes("origin\n西安\n".encode("gb18030"))
    12
    >>> read_text(folder / "zh.csv", "demand table")
    'origin\n西安\n'
    >>> (folder / "latin.csv").write_bytes("origin\nLiège\n".encode("latin-1"))
    13
    >>> try:
    ...     read_text(folder / "latin.csv", "demand table")
    ... except ValueError as error:
    ...     print(error.problems[0].message)
    the demand table is not UTF-8, UTF-16 or Chinese GB18030 text (byte 0xe8 at line 2); save it
    as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read the {what} ({error.strerror or error}); check the path"
        raise DataValidationError(Problem(message, str(path))) from None
    return decode(data, str(path), what)


def decode(data: bytes, file: str | None, what: str) -> str:
    """Decode the bytes of a text file by the rule of ``read_text``.

    Parameters
    ----------
    data
        The file's bytes.
    file
        The file's name, for the messages.
    what
        What the file is, for the messages.

    Returns
    -------
    str
        The text, without a byte-order mark.

    Raises
    ------
    DataValidationError
        When the bytes are not text in an accepted encoding (see ``read_text``).
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        message = f"the {what} is UTF-32, which is not read; {FIX}"
        raise DataValidationError(Problem(message, file))
    text: str | None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            message = (
                f"the {what} starts with a UTF-16 byte-order mark but is not UTF-16 "
                f"(bad bytes at offset {error.start}); {FIX}"
            )
            raise DataValidationError(Problem(message, file)) from None
    elif _looks_utf16(data):
        message = (
            f"the {what} looks like UTF-16 without a byte-order mark (every other byte is "
            f"zero), which cannot be read safely; {FIX}"
        )
        raise DataValidationError(Problem(message, file))
    else:
        text = _utf8_or_gb18030(data)
        if text is None:
            start = _first_bad_byte(data)
            line = data.count(b"\n", 0, start) + 1
            message = (
                f"the {what} is not UTF-8, UTF-16 or Chinese GB18030 text "
                f"(byte 0x{data[start]:02x} at line {line}); {FIX}"
            )
            raise DataValidationError(Problem(message, file))
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        message = (
            f"the {what} holds a control character ({control.group()!r} at line {line}): "
            f"binary data, or UTF-16 without a byte-order mark, are not text; {FIX}"
        )
        raise DataValidationError(Problem(message, file))
    return text


def _looks_utf16(data: bytes) -> bool:
    """Whether zero bytes fill the odd or the even places (ASCII written as UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:  # two UTF-16 characters at least
        return False
    half = len(sample) // 2
    return max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.4 * half


def _utf8_or_gb18030(data: bytes) -> str | None:
    """UTF-8 (with or without its mark), else Chinese GB18030, else None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _is_chinese_gb(text) else None


def _is_chinese_gb(text: str) -> bool:
    """Whether every non-ASCII character is Chinese and written as two high bytes."""
    others = set(_NON_ASCII.findall(text))
    if not others:
        return False  # pure ASCII would have been UTF-8
    for char in others:
        if not _CHINESE.fullmatch(char):
            return False
        encoded = char.encode("gb18030")
        if len(encoded) != 2 or encoded[1] < 0x81:  # GBK's two-byte form, high trail
            return False
    return True


def _first_bad_byte(data: bytes) -> int:
    """The offset of the first byte that stops UTF-8 (for the message)."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    return 0


__all__ = ["FIX", "decode", "read_text"]
