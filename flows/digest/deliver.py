"""Sending a written digest: email over SMTP and a POST to a webhook, each when configured.

Both send the files as written (the Markdown as the text part, the HTML page as the HTML
part, the JSON attached or as the request body), so what arrives is what is on disk.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from flows.config import DigestConfig
from flows.digest.errors import DeliveryError
from flows.digest.records import Digest


def deliver(digest: Digest, paths: dict[str, Path], cfg: DigestConfig) -> list[str]:
    """Every configured delivery, one line each; DeliveryError names all that failed."""
    done, failed = [], []
    for enabled, send in ((bool(cfg.smtp_host), send_email), (bool(cfg.webhook_url), post_webhook)):
        if not enabled:
            continue
        try:
            done.append(send(digest, paths, cfg))
        except DeliveryError as exc:
            failed.append(str(exc))
    if failed:
        raise DeliveryError("; ".join(failed), done)
    return done


def subject_line(digest: Digest) -> str:
    week = digest.this_week
    flagged = sum(digest.totals.get(kind, 0) for kind in (
        "recurring-claim", "new-claim", "resurfaced-claim", "number-drift", "syndicated-story"))
    return (f"drumbeat digest {digest.week}: {week.articles} article"
            f"{'' if week.articles == 1 else 's'}, {flagged} flag{'' if flagged == 1 else 's'}")


def build_email(digest: Digest, paths: dict[str, Path], cfg: DigestConfig) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject_line(digest)
    message["From"] = cfg.smtp_sender
    message["To"] = ", ".join(cfg.smtp_recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=cfg.smtp_sender.rpartition("@")[2] or None)
    message.set_content(paths["md"].read_text(encoding="utf-8"))
    message.add_alternative(paths["html"].read_text(encoding="utf-8"), subtype="html")
    message.add_attachment(paths["json"].read_bytes(), maintype="application", subtype="json",
                           filename=paths["json"].name)
    return message


def send_email(digest: Digest, paths: dict[str, Path], cfg: DigestConfig) -> str:
    where = f"digest email via {cfg.smtp_host}:{cfg.smtp_port}"
    if not cfg.smtp_sender or not cfg.smtp_recipients:
        raise DeliveryError(f"{where}: set [digest] smtp_sender and smtp_recipients")
    password = None
    if cfg.smtp_username:
        if not cfg.smtp_password_env:
            raise DeliveryError(f"{where}: smtp_username is set but smtp_password_env "
                                "(the environment variable holding the password) is not")
        password = os.environ.get(cfg.smtp_password_env)
        if password is None:
            raise DeliveryError(f"{where}: environment variable {cfg.smtp_password_env} "
                                "(smtp_password_env) is not set")
    message = build_email(digest, paths, cfg)
    try:
        with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout) as smtp:
            smtp.ehlo()
            if cfg.smtp_starttls:
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(f"{where}: the server does not offer STARTTLS (set "
                                        "smtp_starttls = false only for a trusted local relay)")
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if cfg.smtp_username:
                smtp.login(cfg.smtp_username, password or "")
            refused = smtp.send_message(message)
    except DeliveryError:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"{where}: every recipient refused "
                            f"({', '.join(sorted(exc.recipients))})") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where}: {exc.smtp_code} {_one_line(exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {_one_line(exc)}") from None
    if refused:
        raise DeliveryError(f"{where}: refused {', '.join(sorted(refused))}; sent to the rest")
    return f"emailed {digest.week} to {', '.join(cfg.smtp_recipients)} via " \
           f"{cfg.smtp_host}:{cfg.smtp_port}"


def post_webhook(digest: Digest, paths: dict[str, Path], cfg: DigestConfig) -> str:
    where = f"digest webhook {_shown_url(cfg.webhook_url)}"
    headers = {"Content-Type": "application/json", "User-Agent": "drumbeat-digest"}
    for name, value in cfg.webhook_headers.items():
        if value.startswith("env:"):
            variable = value[len("env:"):]
            if variable not in os.environ:
                raise DeliveryError(f"{where}: environment variable {variable} "
                                    f"(for header {name}) is not set")
            value = os.environ[variable]
        headers[name] = value
    try:
        response = httpx.post(cfg.webhook_url, content=paths["json"].read_bytes(),
                              headers=headers, timeout=cfg.timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {_one_line(exc)}") from None
    if not 200 <= response.status_code < 300:
        body = _one_line(response.text)[:120]
        raise DeliveryError(f"{where}: HTTP {response.status_code} {response.reason_phrase}"
                            + (f": {body}" if body else ""))
    return f"posted {digest.week} to {_shown_url(cfg.webhook_url)}: HTTP {response.status_code}"


def _shown_url(url: str) -> str:
    """Scheme, host and path: a query string or user info may carry a token."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _one_line(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return " ".join(str(value).split()) or "no detail"
