"""``Idempotency-Key`` on every POST of the API: the same key twice creates once and answers the same.

The first request with a key reserves it (a unique row), runs, and stores its answer; a repeat
with the same key, path and body gets that answer again (header ``Idempotent-Replayed: true``),
one still running gets 409, and the key reused for another request gets 422. Answers of 5xx,
401, 403 and 429 are not kept: the caller may retry with the same key. Keys last 24 hours.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
NOT_KEPT = {401, 403, 429}


def _problem(status: int, message: str) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": message, "errors": []}), status=status, content_type="application/json")


def _digest(*parts) -> str:
    return hashlib.sha256("\n".join(parts).encode() if isinstance(parts[0], str) else parts[0]).hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/v1/"):
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > 255:
            return _problem(400, _("The Idempotency-Key header must hold 1 to 255 characters."))
        credential = request.headers.get("Authorization") or request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if not credential:
            return self.get_response(request)  # anonymous: nothing to tie the key to; the API answers 401
        scope = _digest(request.get_host(), credential)
        if request.content_type.startswith("multipart/"):  # an upload: not read into memory here
            body_hash = _digest("multipart", request.headers.get("Content-Length", ""))
        else:
            body_hash = _digest(request.body)
        limit = timezone.now() - datetime.timedelta(hours=IdempotentRequest.KEEP_HOURS)
        IdempotentRequest.objects.filter(created_at__lt=limit).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    scope=scope, key=key, path=request.path[:500], body_hash=body_hash
                )
        except IntegrityError:
            return self._replay(IdempotentRequest.objects.get(scope=scope, key=key), request, body_hash)
        try:
            response = self.get_response(request)
        except Exception:
            record.delete()
            raise
        if response.status_code >= 500 or response.status_code in NOT_KEPT or response.streaming:
            record.delete()
            return response
        record.status = response.status_code
        record.content_type = response.get("Content-Type", "")[:100]
        record.body = response.content
        record.user_id = getattr(getattr(request, "user", None), "pk", None)
        record.save(update_fields=["status", "content_type", "body", "user_id"])
        return response

    def _replay(self, record, request, body_hash):
        if record.path != request.path[:500] or record.body_hash != body_hash:
            return _problem(422, _("This Idempotency-Key was already used for another request."))
        if record.status is None:
            return _problem(409, _("A request with this Idempotency-Key is still running: retry in a moment."))
        response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type or None)
        response["Idempotent-Replayed"] = "true"
        return response
