"""Blocks from Excel's clipboard and numbers in Dutch and English formats, read and written without Qt."""

from __future__ import annotations

import pytest

from desktop.io.clipboard_table import NumberTextError, format_block, format_number, parse_block, parse_number

DUTCH = (",", ".")
ENGLISH = (".", ",")
FRENCH = (",", "\u202f")


@pytest.mark.parametrize(
    ("text", "separators", "expected"),
    [
        ("1.234,5", DUTCH, 1234.5),
        ("1,234.5", ENGLISH, 1234.5),
        ("1.234.567", DUTCH, 1234567.0),
        ("12,5", DUTCH, 12.5),
        ("12.5", ENGLISH, 12.5),
        ("36000", DUTCH, 36000.0),
        (" 7 ", ENGLISH, 7.0),
        ("-3", ENGLISH, -3.0),
        ("−3,5", DUTCH, -3.5),
        ("+4", ENGLISH, 4.0),
        (",5", DUTCH, 0.5),
        ("5.", ENGLISH, 5.0),
        ("1E+05", ENGLISH, 100000.0),
        ("2,5e-3", DUTCH, 0.0025),
        ("36\u202f000,5", FRENCH, 36000.5),
        ("36 000", FRENCH, 36000.0),
        ("36\u00a0000", FRENCH, 36000.0),
    ],
)
def test_numbers_in_the_locales_format(text: str, separators: tuple[str, str], expected: float) -> None:
    assert parse_number(text, *separators) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "expected"), [("12,5 %", 12.5), ("12,5%", 12.5), ("100 %", 100.0)])
def test_a_trailing_percent_sign_is_ignored_and_the_number_kept_as_written(text: str, expected: float) -> None:
    assert parse_number(text, *DUTCH) == expected


def test_a_percent_sign_is_refused_where_no_percentage_belongs() -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number("12 %", *DUTCH, allow_percent=False)
    assert refused.value.problem == "percent_not_allowed"


@pytest.mark.parametrize(
    ("text", "separators"),
    [
        ("12,5", ENGLISH),  # a Dutch decimal typed in English: not 125
        ("12.5", DUTCH),  # an English decimal typed in Dutch: not 125
        ("1.23,5", DUTCH),
        ("1234,56.7", ENGLISH),
        ("1,5.000", DUTCH),
    ],
)
def test_group_separators_must_separate_groups_of_three(text: str, separators: tuple[str, str]) -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number(text, *separators)
    assert refused.value.problem == "grouping"
    assert "decimals" in str(refused.value) or "group separator" in str(refused.value)


@pytest.mark.parametrize("text", ["abc", "1,2,3x", "--1", "1 2", "12-3", "(1234)", "€ 12", "1,2,3", "."])
def test_text_that_is_not_a_number_is_refused_with_its_text(text: str) -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number(text, *DUTCH)
    assert refused.value.problem in {"not_a_number", "grouping"}
    assert refused.value.text == text


def test_empty_text_is_no_number() -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number("  ", *ENGLISH)
    assert refused.value.problem == "empty"


def test_overflow_is_refused() -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number("1e999", *ENGLISH)
    assert refused.value.problem == "too_large"


def test_number_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number("x", *ENGLISH)


def test_a_block_as_excel_copies_it_with_crlf_and_a_trailing_newline() -> None:
    assert parse_block("2021\t2022\r\n24.000\t37.500\r\n") == [["2021", "2022"], ["24.000", "37.500"]]


def test_a_block_with_plain_newlines_and_blank_rows_after_it() -> None:
    assert parse_block("1\t2\n3\t4\n\n") == [["1", "2"], ["3", "4"]]


def test_a_single_cell_and_nothing() -> None:
    assert parse_block("5") == [["5"]]
    assert parse_block("5\n") == [["5"]]
    assert parse_block("") == []


def test_ragged_rows_are_padded_and_empty_cells_kept() -> None:
    assert parse_block("1\t\t3\n4\n") == [["1", "", "3"], ["4", "", ""]]


def test_quoted_cells_may_hold_tabs_newlines_and_quotes() -> None:
    text = '"Chat\tscanning"\t"line one\nline two"\t"say ""hi"""\n'
    assert parse_block(text) == [["Chat\tscanning", "line one\nline two", 'say "hi"']]


def test_a_quote_inside_a_cell_is_just_a_character() -> None:
    assert parse_block('5" screen\t2\n') == [['5" screen', "2"]]


def test_format_block_ends_rows_with_newlines_and_quotes_like_excel() -> None:
    text = format_block([["Name", "a\tb"], ["1,5", '"q']])
    assert text == 'Name\t"a\tb"\n1,5\t"""q"\n'
    assert parse_block(text) == [["Name", "a\tb"], ["1,5", '"q']]


def test_format_block_of_nothing_is_empty() -> None:
    assert format_block([]) == ""


@pytest.mark.parametrize(
    ("value", "point", "expected"),
    [(36000.0, ",", "36000"), (0.1 + 0.2, ",", "0,3"), (1234.5, ".", "1234.5"), (-2.25, ",", "-2,25")],
)
def test_format_number_has_no_float_noise_and_no_group_separators(value: float, point: str, expected: str) -> None:
    assert format_number(value, point) == expected
    assert parse_number(expected, point, "." if point == "," else ",") == pytest.approx(value)
