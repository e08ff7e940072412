"""Mail for the worker fault tests: a slow e-mail backend that records what it sent, and a tiny SMTP server.

Test-only. The worker process loads `SlowRecordingBackend` through EMAIL_BACKEND; the test process runs
`SmtpServer` on a loopback port and points the worker's SMTP backend at it. Both write one JSON line per
message accepted to a file (flushed and synced before the sender is told "sent"), so what a killed
process had delivered is on disk.
"""

from __future__ import annotations

import json
import os
import socketserver
import threading
import time
from collections import Counter
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

SINK_ENV = "GIAOBAN_TEST_MAIL_SINK"
DELAY_ENV = "GIAOBAN_TEST_MAIL_DELAY"


def record(sink: Path | str, to: list[str], subject: str) -> None:
    with open(sink, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"to": to, "subject": subject}, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def delivered(sink: Path) -> Counter:
    """(recipient, subject) → how many times it was delivered."""
    if not sink.exists():
        return Counter()
    lines = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Counter((to, line["subject"]) for line in lines for to in line["to"])


class SlowRecordingBackend(BaseEmailBackend):
    """Takes GIAOBAN_TEST_MAIL_DELAY seconds per message (a slow mail server), then records it."""

    def send_messages(self, email_messages):
        delay = float(os.environ.get(DELAY_ENV, "0"))
        for message in email_messages:
            time.sleep(delay)
            record(os.environ[SINK_ENV], list(message.to), str(message.subject))
        return len(email_messages)


class _Session(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: a greeting, HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    server: SmtpServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        if self.server.refusing:
            self.reply("554 5.3.2 Service not available, closing transmission channel")
            return
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"HELO", b"EHLO"):
                self.reply("250 sink")
            elif verb == b"MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == b"RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                subject = str(make_header(decode_header(message_from_bytes(bytes(data))["Subject"] or "")))
                record(self.server.sink, recipients, subject)
                self.reply("250 OK queued")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP and anything else
                self.reply("250 OK")


class SmtpServer(socketserver.ThreadingTCPServer):
    """An SMTP sink on 127.0.0.1:port; with `refusing` set it answers every connection 554 and hangs up."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, sink: Path, *, refusing: bool = False) -> None:
        self.sink = sink
        self.refusing = refusing
        super().__init__(("127.0.0.1", port), _Session)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> SmtpServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(timeout=5)
