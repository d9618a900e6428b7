"""Kit feedback is the only free text that reaches the network: it must identify nobody.

Names cannot be told from ordinary words, so the form warns against them; phone numbers and
e-mail addresses can, and are refused wherever feedback is written (``cms.services``).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Nine digits or more, each optionally after one separator: 06 12 34 56 78, +33 6 12 34 56 78, 0612345678.
PHONE = re.compile(r"(?<![\d])(?:\+|00)?\d(?:[\s./-]?\d){8,}(?![\d])")
EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]{2,}")


def validate_anonymous_text(text: str) -> None:
    if EMAIL.search(text or ""):
        raise ValidationError(_("Remove the e-mail address: this comment is read by the whole network."))
    if PHONE.search(text or ""):
        raise ValidationError(_("Remove the phone number: this comment is read by the whole network."))
