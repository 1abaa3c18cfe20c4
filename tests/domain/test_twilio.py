"""Twilio's request signature and TwiML replies (DOMAIN.md, "SMS")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import xml.etree.ElementTree as ET

from cme_desktop.domain.twilio import EMPTY_RESPONSE, signature, signature_is_valid, twiml

DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOCS_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}


def test_the_example_from_twilios_documentation() -> None:
    assert signature("12345", DOCS_URL, DOCS_PARAMS) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert signature_is_valid("12345", DOCS_URL, DOCS_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")


def test_the_domain_md_formula_parameters_sorted_by_name() -> None:
    # DOMAIN.md: base64(HMAC-SHA1(auth token, full URL + each POST parameter sorted by name, name then value)).
    params = {"To": "+18335582111", "Body": "Attend 2356446", "From": "+18435550101", "MessageSid": "SM1"}
    payload = (
        "https://gw.example.edu/twilio/sms" + "BodyAttend 2356446From+18435550101MessageSidSM1To+18335582111"
    )
    expected = base64.b64encode(hmac.new(b"tok", payload.encode(), hashlib.sha1).digest()).decode()
    assert signature("tok", "https://gw.example.edu/twilio/sms", params) == expected


def test_forged_or_missing_signatures_are_refused() -> None:
    good = signature("12345", DOCS_URL, DOCS_PARAMS)
    assert not signature_is_valid("12345", DOCS_URL, {**DOCS_PARAMS, "Digits": "9999"}, good)
    assert not signature_is_valid("other", DOCS_URL, DOCS_PARAMS, good)
    assert not signature_is_valid("12345", DOCS_URL + "x", DOCS_PARAMS, good)
    assert not signature_is_valid("12345", DOCS_URL, DOCS_PARAMS, None)
    assert not signature_is_valid("12345", DOCS_URL, DOCS_PARAMS, "é")


def test_twiml_escapes_what_the_learner_could_echo() -> None:
    reply = twiml(["Code <1234567> & 'more'", "Second"])
    root = ET.fromstring(reply)
    assert [m.text for m in root.findall("Message")] == ["Code <1234567> & 'more'", "Second"]


def test_no_message_is_the_empty_response_that_sends_nothing() -> None:
    assert twiml([]) == EMPTY_RESPONSE
    assert ET.fromstring(twiml([])).tag == "Response"
    assert list(ET.fromstring(twiml([]))) == []


def test_agrees_with_twilios_own_validator_with_and_without_the_default_port() -> None:
    """Issue 16: signatures over https://host:443/... were refused; Twilio's validator (the `twilio` package,
    docs/twilio.md) accepts the URL with and without the default port."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from twilio.request_validator import RequestValidator

    urls = st.sampled_from(
        [
            "https://sms.example.edu/twilio/sms",
            "https://sms.example.edu:443/twilio/sms",
            "http://sms.example.edu/twilio/sms?x=1",
            "http://sms.example.edu:80/twilio/sms",
            "https://sms.example.edu:8443/twilio/sms",
        ]
    )
    fields = st.dictionaries(st.sampled_from(["Body", "From", "To", "MessageSid"]), st.text(max_size=20))

    @settings(max_examples=200, deadline=None)
    @given(urls, urls, fields)
    def check(signed_url: str, checked_url: str, params: dict[str, str]) -> None:
        header = signature("token", signed_url, params)
        assert signature_is_valid("token", checked_url, params, header) == RequestValidator("token").validate(
            checked_url, params, header
        )

    check()
