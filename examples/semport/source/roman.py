"""Roman numerals: integers from 1 to 3999 written and read."""

NUMERALS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def to_roman(number: int) -> str:
    if not 0 < number < 4000:
        raise ValueError(f"{number} has no roman numeral")
    written = ""
    for value, numeral in NUMERALS:
        count, number = divmod(number, value)
        written += numeral * count
    return written


def from_roman(text: str) -> int:
    number, rest = 0, text
    for value, numeral in NUMERALS:
        while rest.startswith(numeral):
            number, rest = number + value, rest[len(numeral) :]
    if rest or not text or to_roman(number) != text:
        raise ValueError(f"{text!r} is not a roman numeral")
    return number
