"""One JSON line per request and per task, with the request id carried into the tasks it enqueues.

The lines are caught as the configured JSON formatter writes them (settings.LOGGING), here through
a handler of the test's own; the two-node script checks them in real gunicorn and worker output.
"""

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kepu_portal.logs import TASK_HEADER, _add_request_id, current_request_id
from societies.framework.filing import filing_transition
from societies.framework.workflow import FilingAction, FilingStatus
from tests.factories import OutreachPlanFactory

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        formatter = settings.LOGGING["formatters"]["json"]
        self.setFormatter(logging.config.DictConfigurator({}).configure_custom(dict(formatter)))
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def log_lines():
    handler = Lines()
    loggers = [logging.getLogger(name) for name in ("kepu.request", "kepu.task")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def test_each_request_is_one_json_line_with_its_id(client_a, secretary_a, log_lines):
    response = client_a.get(reverse("activities:plan_list"), {"year": "2026"})
    assert response.status_code == 200
    [line] = log_lines
    assert line["message"] == "request" and line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] == secretary_a.pk and line["method"] == "GET" and line["path"] == "/plans/"
    assert line["status"] == 200 and isinstance(line["duration_ms"], float) and "timestamp" in line


def test_anonymous_and_not_found_requests_are_logged_without_a_user(log_lines):
    response = Client().get("/no-such-page/")
    [line] = log_lines
    assert line["user_id"] is None and line["status"] == response.status_code == 404


def test_a_well_formed_incoming_request_id_is_kept_a_forged_one_replaced(log_lines):
    kept = Client().get("/healthz", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    forged = Client().get("/healthz", headers={"X-Request-ID": 'x"\n{"user_id": 1}'})
    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    assert forged["X-Request-ID"] != 'x"\n{"user_id": 1}' and len(forged["X-Request-ID"]) == 32
    assert [line["request_id"] for line in log_lines] == [kept["X-Request-ID"], forged["X-Request-ID"]]


@pytest.mark.django_db(transaction=True)  # real commits: the task is enqueued at commit, inside the request
def test_tasks_a_request_enqueues_log_its_request_id(staff_client, society_a, secretary_a, log_lines, settings):
    """Eager here (no broker): the email delivery the approval enqueues runs in the request."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = OutreachPlanFactory(society=society_a, year=2026, status=FilingStatus.SUBMITTED)
    response = staff_client.post(
        reverse("admin:activities_outreachplan_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [plan.pk]},
        headers={"X-Request-ID": "approval-request-0001"},
    )
    assert response.status_code == 302
    tasks = [line for line in log_lines if line["message"] == "task"]
    assert tasks and {line["request_id"] for line in tasks} == {"approval-request-0001"}
    assert {line["task"] for line in tasks} == {"societies.tasks.deliver_outbox_email"}
    assert all(line["state"] == "SUCCESS" and line["duration_ms"] >= 0 for line in tasks)


def test_published_task_carries_the_request_id_in_its_headers():
    """What a worker receives: the header set when the message is published."""
    headers = {}
    token = current_request_id.set("published-0001")
    try:
        _add_request_id(headers=headers)
    finally:
        current_request_id.reset(token)
    assert headers == {TASK_HEADER: "published-0001"}
    _add_request_id(headers=(outside := {}))
    assert outside == {}


def test_transition_outside_a_request_logs_no_request_id(society_a, secretary_a, staff, log_lines, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = OutreachPlanFactory(society=society_a, year=2026, status=FilingStatus.SUBMITTED)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        filing_transition(filing=plan, action=FilingAction.APPROVE, user=staff, expected_version=plan.version)
    assert [line["request_id"] for line in log_lines if line["message"] == "task"] == [None]
