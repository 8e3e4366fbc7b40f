#!/usr/bin/env python3
"""A real SMTP server on loopback for tresor's mail tests (aiosmtpd, pinned in
scripts/test.sh). Started by tests/support/smtp.rs.

Writes each message it accepts into --dir as NNN.eml (the raw bytes as
received) and NNN.json (envelope, the decoded headers and body, whether the
session was encrypted and logged in); the .json appears last, atomically.
Optional: STARTTLS (required) or implicit TLS with --cert/--key, AUTH
(PLAIN/LOGIN; required when --user is given), refusing recipients whose
address starts with --refuse. Exits when its parent (the test) is gone.
"""

import argparse
import email
import email.policy
import json
import os
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = refuse
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address.startswith(self.refuse):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%03d" % self.count)
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            # Implicit TLS or after STARTTLS: the transport is encrypted.
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "headers": {k: str(v) for k, v in msg.items()},
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "body": msg.get_content(),
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--refuse")
    a = p.parse_args()

    kwargs = {}
    context = None
    if a.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
    if a.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    if a.user:

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == a.user
                and auth_data.password.decode() == a.password
            )
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True)
    controller = Controller(
        Handler(a.dir, a.refuse),
        hostname="127.0.0.1",
        port=a.port,
        ssl_context=context if a.mode == "tls" else None,
        # AUTH only after STARTTLS, as real submission servers do (aiosmtpd
        # does not count implicit TLS as TLS here: the tunnel is TLS anyway).
        auth_require_tls=a.mode == "starttls",
        **kwargs,
    )
    controller.start()
    parent = os.getppid()
    try:
        while os.getppid() == parent:
            time.sleep(0.2)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
