"""The CAPTCHA of the public forms: ALTCHA's proof of work, made and checked here, with no
outside service (many agencies' networks reach none).

The visitor's browser fetches a challenge signed with a key derived from SECRET_KEY
(`challenge()`), finds the number that solves it (a fraction of a second of work for one
visitor, a real cost for a flood) and sends the solution with the form. The server checks the
signature, the expiry and the solution (`verify()`), then spends the challenge: a solution is
good for one submission only. Nothing asks the visitor to read or hear anything, so the check
is the same for a screen-reader user; it needs JavaScript (the forms say so, and give the
agency's other contacts, when it is off).

How hard: CAPTCHA_ALGORITHM, CAPTCHA_COST (iterations of each try) and CAPTCHA_KEY_PREFIX
(the hex digits the derived key must start with: each digit makes the work 16 times longer).
The production settings refuse a difficulty below the defaults; only the test settings lower
it. There is no setting that turns the check off."""

import time

from django.conf import settings
from django.utils.crypto import salted_hmac

import altcha

# a payload larger than this is not even decoded
MAX_PAYLOAD_LENGTH = 4096
DEFAULT_ALGORITHM = "PBKDF2/SHA-256"
DEFAULT_COST = 2000
DEFAULT_KEY_PREFIX = "00"


def _secret():
    return salted_hmac("publicforms.captcha", "challenge", algorithm="sha256").hexdigest()


def lifetime():
    return int(getattr(settings, "CAPTCHA_SECONDS", 1800))


def challenge():
    """A new signed challenge, as the widget reads it (JSON-ready)."""
    made = altcha.create_challenge(
        getattr(settings, "CAPTCHA_ALGORITHM", DEFAULT_ALGORITHM),
        int(getattr(settings, "CAPTCHA_COST", DEFAULT_COST)),
        key_prefix=getattr(settings, "CAPTCHA_KEY_PREFIX", DEFAULT_KEY_PREFIX),
        expires_at=int(time.time()) + lifetime(),
        hmac_secret=_secret())
    return made.to_dict()


def verify(payload, limiter=None):
    """Whether `payload` (what the widget put in the form) solves a challenge of ours that has
    not expired and was not used before; a good one is spent by this call."""
    from core.ratelimit import get_limiter

    if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    try:
        result = altcha.verify_solution(payload, _secret())
    except Exception:  # a malformed payload of any shape is a failed check, never a 500
        return False
    if not result.verified:
        return False
    parameters = altcha.Payload.from_base64(payload).challenge.parameters
    # the challenge is spent: a second use of it is refused. Its window is placed by its
    # expiry, not by the time of use, so that it holds whenever the reuse comes, and ends
    # after the challenge has expired.
    verdict = (limiter or get_limiter()).hit("captcha", parameters.nonce, 1, lifetime(),
                                             now=parameters.expires_at)
    return verdict.allowed


def solve(data):
    """The payload that solves challenge `data` (a dict from `challenge()`): what the widget
    does in the browser, for tests and the flood benchmark."""
    made = altcha.Challenge.from_dict(data)
    solution = altcha.solve_challenge(made)
    return altcha.Payload(made, solution).to_base64()
