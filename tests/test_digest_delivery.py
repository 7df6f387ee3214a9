"""Delivering the digest: email to a local SMTP server (with STARTTLS and a login) and a POST
to a local webhook server, both real servers on 127.0.0.1."""

import base64
import email
import email.policy
import json
import shutil
import socket
import socketserver
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flows.config import DigestConfig
from flows.digest import DeliveryError, build_digest, deliver, write_digest
from tests.fixtures.digest.story import WEEK, make_digest_db

PASSWORD_ENV = "DRUMBEAT_TEST_SMTP_PASSWORD"
TOKEN_ENV = "DRUMBEAT_TEST_WEBHOOK_TOKEN"


class SmtpHandler(socketserver.StreamRequestHandler):
    """Enough of SMTP (RFC 5321) for one client: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA."""

    def reply(self, line: str) -> None:
        self.connection.sendall(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        session = {"tls": False, "auth": None, "from": None, "to": []}
        self.reply("220 127.0.0.1 test SMTP ready")
        while True:
            line = self.rfile.readline().decode().rstrip("\r\n")
            if not line:
                return
            verb, _, rest = line.partition(" ")
            verb = verb.upper()
            if verb in ("EHLO", "HELO"):
                extensions = ["AUTH PLAIN", "8BITMIME", "SMTPUTF8"]
                if server.tls_context and not session["tls"]:
                    extensions.append("STARTTLS")
                self.reply("250-127.0.0.1 hello")
                for ext in extensions[:-1]:
                    self.reply(f"250-{ext}")
                self.reply(f"250 {extensions[-1]}")
            elif verb == "STARTTLS":
                self.reply("220 go ahead")
                self.connection = server.tls_context.wrap_socket(self.connection,
                                                                 server_side=True)
                self.rfile = self.connection.makefile("rb")
                session["tls"] = True
            elif verb == "AUTH":
                _, _, initial = rest.partition(" ")
                _, user, password = base64.b64decode(initial).decode().split("\0")
                session["auth"] = (user, password)
                self.reply("235 authenticated")
            elif verb == "MAIL":
                session["from"] = rest.split(":", 1)[1].split()[0].strip("<>")
                self.reply("250 OK")
            elif verb == "RCPT":
                address = rest.split(":", 1)[1].strip().strip("<>")
                if "refuse" in address:
                    self.reply("550 no such mailbox")
                else:
                    session["to"].append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (raw := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(raw[1:] if raw.startswith(b"..") else raw)
                server.received.append({**session, "data": b"".join(lines)})
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls_context: ssl.SSLContext | None = None):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.tls_context = tls_context
        self.received: list[dict] = []


class WebhookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "headers": dict(self.headers),
                                     "body": body})
        self.send_response(self.server.status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"stored" if self.server.status < 300 else b"database down\ntry later")

    def log_message(self, *args):
        pass


def serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="module")
def delivery(tmp_path_factory):
    root = tmp_path_factory.mktemp("delivery")
    digest = build_digest(make_digest_db(root / "story.duckdb"), WEEK)
    return digest, write_digest(digest, root / "digests")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    return folder


@pytest.fixture
def tls_smtp(certificate, monkeypatch):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    # The client trusts only what the system trusts: point it at the test certificate.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate / "cert.pem"))
    server = serve(SmtpServer(context))
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def plain_smtp():
    server = serve(SmtpServer())
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook():
    server = serve(ThreadingHTTPServer(("127.0.0.1", 0), WebhookHandler))
    server.received, server.status = [], 200
    yield server
    server.shutdown()
    server.server_close()


def mail_config(server, **overrides) -> DigestConfig:
    values = dict(smtp_host="127.0.0.1", smtp_port=server.server_address[1],
                  smtp_sender="drumbeat@example.org",
                  smtp_recipients=["analyst@example.org", "editor@example.org"], timeout=10.0)
    values.update(overrides)
    return DigestConfig(**values)


def test_email_over_starttls_with_login(delivery, tls_smtp, monkeypatch):
    digest, paths = delivery
    monkeypatch.setenv(PASSWORD_ENV, "s3cret pass")
    cfg = mail_config(tls_smtp, smtp_username="digest", smtp_password_env=PASSWORD_ENV)
    done = deliver(digest, paths, cfg)
    assert done == [f"emailed {WEEK} to analyst@example.org, editor@example.org via "
                    f"127.0.0.1:{tls_smtp.server_address[1]}"]
    [received] = tls_smtp.received
    assert received["tls"] and received["auth"] == ("digest", "s3cret pass")
    assert received["from"] == "drumbeat@example.org"
    assert received["to"] == ["analyst@example.org", "editor@example.org"]
    message = email.message_from_bytes(received["data"], policy=email.policy.default)
    assert message["Subject"] == f"drumbeat digest {WEEK}: 6 articles, 6 flags"
    assert message["To"] == "analyst@example.org, editor@example.org"
    # Mail travels with CRLF line ends; the content is otherwise the files as written.
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert text == paths["md"].read_text() and text.startswith(f"# drumbeat digest {WEEK}")
    assert html == paths["html"].read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"digest-{WEEK}.json"
    assert json.loads(attachment.get_content())["week"] == WEEK


def test_email_refuses_a_server_without_starttls(delivery, plain_smtp):
    digest, paths = delivery
    with pytest.raises(DeliveryError, match="does not offer STARTTLS") as info:
        deliver(digest, paths, mail_config(plain_smtp))
    assert "\n" not in str(info.value)
    assert plain_smtp.received == []


def test_email_to_a_trusted_local_relay_without_tls(delivery, plain_smtp):
    digest, paths = delivery
    deliver(digest, paths, mail_config(plain_smtp, smtp_starttls=False))
    [received] = plain_smtp.received
    assert not received["tls"] and received["auth"] is None


def test_email_needs_the_password_variable(delivery, plain_smtp, monkeypatch):
    digest, paths = delivery
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    cfg = mail_config(plain_smtp, smtp_username="digest", smtp_password_env=PASSWORD_ENV)
    with pytest.raises(DeliveryError, match=f"environment variable {PASSWORD_ENV}"):
        deliver(digest, paths, cfg)
    assert plain_smtp.received == []


def test_email_every_recipient_refused(delivery, plain_smtp):
    digest, paths = delivery
    cfg = mail_config(plain_smtp, smtp_starttls=False, smtp_recipients=["refuse@example.org"])
    with pytest.raises(DeliveryError, match="every recipient refused") as info:
        deliver(digest, paths, cfg)
    assert "\n" not in str(info.value)


def test_email_server_down_is_one_line(delivery):
    digest, paths = delivery
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cfg = DigestConfig(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="d@example.org",
                       smtp_recipients=["a@example.org"], timeout=5.0)
    with pytest.raises(DeliveryError, match=f"digest email via 127.0.0.1:{port}: "
                                            "ConnectionRefusedError") as info:
        deliver(digest, paths, cfg)
    assert "\n" not in str(info.value)


def test_webhook_receives_the_json(delivery, webhook, monkeypatch):
    digest, paths = delivery
    monkeypatch.setenv(TOKEN_ENV, "Bearer t0ken")
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hooks/digest"
    cfg = DigestConfig(webhook_url=url, webhook_headers={"Authorization": f"env:{TOKEN_ENV}",
                                                         "X-Topic": "xinjiang"})
    assert deliver(digest, paths, cfg) == [f"posted {WEEK} to {url}: HTTP 200"]
    [received] = webhook.received
    assert received["path"] == "/hooks/digest"
    assert received["headers"]["Content-Type"] == "application/json"
    assert received["headers"]["Authorization"] == "Bearer t0ken"
    assert received["headers"]["X-Topic"] == "xinjiang"
    assert received["body"] == paths["json"].read_bytes()
    assert json.loads(received["body"])["recurring_claims"][0]["cluster_id"] == "c-jobs"


def test_webhook_error_is_one_line_without_the_query(delivery, webhook):
    digest, paths = delivery
    webhook.status = 500
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hooks/digest?token=very-secret"
    with pytest.raises(DeliveryError) as info:
        deliver(digest, paths, DigestConfig(webhook_url=url))
    message = str(info.value)
    assert "HTTP 500" in message and "database down try later" in message
    assert "\n" not in message and "very-secret" not in message
    assert len(webhook.received) == 1


def test_webhook_header_variable_missing(delivery, webhook, monkeypatch):
    digest, paths = delivery
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    cfg = DigestConfig(webhook_url=f"http://127.0.0.1:{webhook.server_address[1]}/",
                       webhook_headers={"Authorization": f"env:{TOKEN_ENV}"})
    with pytest.raises(DeliveryError, match=f"environment variable {TOKEN_ENV}"):
        deliver(digest, paths, cfg)
    assert webhook.received == []


def test_both_deliveries_run_and_a_failure_keeps_what_was_done(delivery, plain_smtp, webhook):
    digest, paths = delivery
    webhook.status = 503
    cfg = mail_config(plain_smtp, smtp_starttls=False,
                      webhook_url=f"http://127.0.0.1:{webhook.server_address[1]}/")
    with pytest.raises(DeliveryError, match="HTTP 503") as info:
        deliver(digest, paths, cfg)
    assert len(info.value.done) == 1 and info.value.done[0].startswith("emailed")
    assert len(plain_smtp.received) == 1 and len(webhook.received) == 1


def test_nothing_configured_delivers_nothing(delivery):
    digest, paths = delivery
    assert deliver(digest, paths, DigestConfig()) == []
