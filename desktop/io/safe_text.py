"""Plan text made safe where it leaves the program: cells a spreadsheet cannot run, lines a terminal cannot obey.

A spreadsheet that opens a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)`` becomes a live link, ``=cmd|' /C calc'!A0`` a
DDE call), and skips a leading tab or carriage return on the way there. As OWASP
advises, such a text cell gets a single quote in front (:func:`spreadsheet_text`);
numbers are written as numbers and never touched. The workbook needs none of this:
its cells are typed as strings (``desktop/io/workbook/safe_text.py``).

A name that reaches a terminal as it is can retitle the terminal or clear the screen
(escape sequences), or hide the rest of a line (a carriage return);
:func:`terminal_text` writes every such character as a visible escape instead.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# OWASP's list, and the full-width forms that some spreadsheet programs read as the same signs.
FORMULA_STARTS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")


def starts_a_formula(text: str) -> bool:
    """True when a spreadsheet may read ``text`` as a formula, also after leading blanks it strips."""
    if not text:
        return False
    return text[0] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def spreadsheet_text(text: str) -> str:
    """``text`` for a text cell of a CSV file: a single quote in front when it could start a formula."""
    return "'" + text if starts_a_formula(text) else text


def without_control_characters(text: str) -> str:
    """``text`` with every control character (line breaks too) replaced by a space.

    For places that hold one line of plain text and no escapes: a print header, a chart title.
    """
    return _CONTROL.sub(" ", text)


def terminal_text(text: str) -> str:
    """``text`` on one line with line breaks, escape sequences and other invisible characters written as escapes.

    ``"a\\x1b]0;x\\x07"`` becomes ``a\\x1b]0;x\\x07`` as seven visible characters; printable text,
    non-ASCII letters included, is left as it is.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode() for c in text)


def terminal_lines(text: str) -> str:
    """``text`` with each line made safe by :func:`terminal_text`; the line breaks between lines stay."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))
