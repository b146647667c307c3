"""One JSON line per request and per Celery task, on stdout, with a request id that follows the work.

A request keeps a well-formed incoming ``X-Request-ID`` (a load balancer's or proxy's) or gets a
new one; it is returned in the response's ``X-Request-ID`` header, written in the request's log
line, and put in the headers of every Celery task the request enqueues, so that the task's log
line carries it too. The lines are written by the ``kepu.request`` and ``kepu.task`` loggers,
formatted by python-json-logger (``LOGGING`` in settings):

    {"message": "request", "request_id": "…", "user_id": 12, "method": "GET", "path": "/plans/",
     "status": 200, "duration_ms": 18.4, "timestamp": "…"}
    {"message": "task", "request_id": "…", "task": "societies.tasks.deliver_outbox_email",
     "task_id": "…", "state": "SUCCESS", "duration_ms": 41.0, "timestamp": "…"}
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import time
import uuid

from celery import signals
from django.utils.functional import empty

request_logger = logging.getLogger("kepu.request")
task_logger = logging.getLogger("kepu.task")

HEADER = "X-Request-ID"
TASK_HEADER = "kepu_request_id"
# What we accept from outside: a uuid or a proxy's token, nothing that could forge a log line.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def _user_id(request) -> int | None:
    """The signed-in user's id if the request has already loaded its user; never loads it here."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # AuthenticationMiddleware's lazy object
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: times the whole request, including the other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if WELL_FORMED.fullmatch(incoming) else new_request_id()
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[HEADER] = request_id
            return response
        finally:
            request_logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "user_id": _user_id(request),
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            current_request_id.reset(token)


# --- Celery: the request id travels in the task's headers; the worker logs each task ---------


@signals.before_task_publish.connect
def _add_request_id(headers=None, **kwargs):
    request_id = current_request_id.get()
    if request_id and headers is not None:
        headers[TASK_HEADER] = request_id


_started: dict[str, tuple[float, contextvars.Token]] = {}


@signals.task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    # Published by a request: the header; run in-process (eager): the request's own id.
    request_id = getattr(task.request, TASK_HEADER, None) or current_request_id.get()
    _started[task_id] = (time.perf_counter(), current_request_id.set(request_id))


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    started, token = _started.pop(task_id, (None, None))
    task_logger.info(
        "task",
        extra={
            "request_id": current_request_id.get(),
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
        },
    )
    if token is not None:
        with contextlib.suppress(ValueError):  # set in another context (a thread pool): nothing to undo
            current_request_id.reset(token)
