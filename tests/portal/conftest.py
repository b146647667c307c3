"""Fixtures of the reminder and outbox tests: a real SMTP server on loopback (aiosmtpd)."""

import socket
import threading
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    """Keeps every message it accepts; ``refuse`` makes it answer the next N messages with 451."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Try again later"
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp_server(handler) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; the portal's email backend is pointed at it."""
    handler = RecordingHandler()
    controller = start_smtp_server(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


from tests.services import s3_server, s3_storage  # noqa: E402, F401 — the S3 fixtures, for tests/portal
