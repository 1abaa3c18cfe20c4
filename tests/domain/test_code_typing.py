"""Every way a code is typed (issue 16): NFKC, any dash or space inside, "Attend" glued to the code, and the
digits of any script. Property tests generate the variants; DOMAIN.md, "SMS" keeps its keywords whole-message."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cme_desktop.domain.redaction import luhn_valid, mask_sensitive
from cme_desktop.domain.sms import TextKind, normalize_body, parse_text

# Every decimal digit Unicode knows, by value: Arabic-Indic, Devanagari, full-width, mathematical bold, ...
DIGITS = {
    value: [chr(c) for c in range(0x110000) if unicodedata.decimal(chr(c), None) == value]
    for value in range(10)
}
DASHES = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Pd"] + ["\u2212"]
SPACES = [" ", "\u00a0", "\u2007", "\u202f", "\u2009", "\u3000", "\t"]
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff"]

codes = st.from_regex(r"\A[1-9][0-9]{6}\Z", fullmatch=True)


@st.composite
def typed(draw: st.DrawFn, code: str) -> str:
    """`code` as a phone might send it: each digit in some script, separators inside, marks that do not show."""
    out = []
    for index, ch in enumerate(code):
        out.append(draw(st.sampled_from(DIGITS[int(ch)])))
        if index < len(code) - 1 and draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(DASHES + SPACES + INVISIBLE)))
    return "".join(out)


@given(
    codes,
    st.data(),
    st.sampled_from(["Attend", "ATTEND", "attend ", "Attend: ", "ａｔｔｅｎｄ ", "Attending #"]),
)
def test_a_code_typed_in_any_script_with_any_separator_is_read(
    code: str, data: st.DataObject, word: str
) -> None:
    body = word + data.draw(typed(code))
    assert parse_text(body).codes == (code,), ascii(body)


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=30))
def test_every_decimal_digit_becomes_ascii(digits: str) -> None:
    normalized = normalize_body(digits)
    assert normalized.isascii() and normalized.isdigit() and len(normalized) == len(digits)


@given(st.text(max_size=300))
def test_a_normalised_body_has_no_nul_or_control_characters_but_line_breaks(body: str) -> None:
    normalized = normalize_body(body)
    assert all(unicodedata.category(ch)[0] != "C" or ch in "\n\t" for ch in normalized)


@given(st.from_regex(r"\A[0-9]{6}\Z", fullmatch=True), st.data())
def test_a_link_code_is_read_however_typed(code: str, data: st.DataObject) -> None:
    body = data.draw(st.sampled_from(["", "Code ", "code: ", " "])) + data.draw(typed(code))
    parsed = parse_text(body)
    assert (parsed.kind, parsed.link_code) == (TextKind.LINK_CODE, code), ascii(body)


@given(st.sampled_from(["STOP", "Help", "start"]))
def test_full_width_keywords_are_keywords(word: str) -> None:
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in word)
    assert parse_text(wide).kind == parse_text(word).kind != TextKind.OTHER


def test_malformed_digits_never_count_as_a_wrong_code() -> None:
    """Only a well-formed code that matches no session counts towards the lockout (issue 16)."""
    parsed = parse_text("Attend \u0669\u0668\u0661\u0662\u0664\u0666")  # six Arabic-Indic digits
    assert (parsed.codes, parsed.malformed) == ((), ("981246",))


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    body = draw(st.from_regex(r"\A4[0-9]{14}\Z", fullmatch=True))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return body + check


@given(card_numbers(), st.sampled_from(["", " ", "-"]))
def test_card_numbers_keep_only_their_last_four_digits(number: str, joiner: str) -> None:
    typed_number = joiner.join(number[i : i + 4] for i in range(0, 16, 4))
    masked = mask_sensitive(f"card {typed_number} thanks")
    assert number[:12] not in masked.replace(joiner, "") and masked.endswith(f"{number[-4:]} thanks")


@given(st.from_regex(r"\A[0-9]{3}-[0-9]{2}-[0-9]{4}\Z", fullmatch=True))
def test_ssn_like_numbers_are_masked_whole(ssn: str) -> None:
    assert not any(ch.isdigit() for ch in mask_sensitive(f"my ssn {ssn}"))


@given(codes, st.from_regex(r"\A[2-9][0-9]{9}\Z", fullmatch=True))
def test_codes_and_phone_numbers_are_kept(code: str, phone: str) -> None:
    body = f"Attend {code} from {phone[:3]}-{phone[3:6]}-{phone[6:]}"
    assert mask_sensitive(body) == body
