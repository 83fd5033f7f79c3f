"""Roman numerals round-trip, use subtractive pairs, and refuse what is not one."""

import pytest
from roman import from_roman, to_roman


def test_numbers_are_written_with_subtractive_pairs():
    assert [to_roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994, 3999)] == [
        "I", "IV", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV", "MMMCMXCIX",
    ]  # fmt: skip


def test_every_numeral_reads_back_as_its_number():
    assert all(from_roman(to_roman(n)) == n for n in range(1, 4000))


@pytest.mark.parametrize("number", [0, -1, 4000])
def test_numbers_out_of_range_are_refused(number):
    with pytest.raises(ValueError):
        to_roman(number)


@pytest.mark.parametrize("text", ["", "IIII", "IC", "ABC", "MMMM"])
def test_what_is_not_a_numeral_is_refused(text):
    with pytest.raises(ValueError):
        from_roman(text)
