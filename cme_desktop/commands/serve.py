"""serve (alias gateway): the office's web server (the learner portal and the texting webhook) until SIGTERM/Ctrl+C."""

from __future__ import annotations

import argparse

from cme_desktop.commands._common import CommandError, Opener


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "serve",
        aliases=["gateway"],
        help="run the office's web server: the learner portal, certificate verification and the texting "
        "webhook at /twilio/sms (alias: gateway)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8080, help="port to listen on (default 8080; 0 picks one)"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address the texting provider and learners reach, e.g. https://cme.example.edu "
        "(the provider signs URL/twilio/sms); default http://HOST:PORT",
    )
    parser.add_argument(
        "--workers",
        "--processes",  # the gateway's old name for it, kept for existing scripts
        dest="workers",
        type=int,
        metavar="N",
        help="worker processes sharing the port (PostgreSQL only; default one per core up to 4, 1 on SQLite)",
    )
    parser.add_argument(
        "--mail-to-console",
        action="store_true",
        help="print sign-in codes and other mail on this terminal instead of sending them (trying the portal "
        "on this computer only: 127.0.0.1, no https address); the same as CME_SMTP_URL=console:",
    )
    parser.set_defaults(handler=run)


def default_workers(sqlite: bool) -> int:
    """One worker per core (up to 4) on PostgreSQL: one process answers texts on about one core. A SQLite file
    takes one writer at a time, so it gets one."""
    import os

    return 1 if sqlite else max(1, min(os.cpu_count() or 1, 4))


def run(args: argparse.Namespace, opener: Opener) -> int:
    import functools
    import os
    import socket

    from cme_desktop.services.context import Actor
    from cme_desktop.services.database.opening import is_sqlite, open_context
    from cme_desktop.services.mail.config import CONSOLE, URL_ENV, console_mail
    from cme_desktop.web.app import AppSource
    from cme_desktop.web.config import TOKEN_ENV, Limits, NoAuthToken, WebConfig, auth_token
    from cme_desktop.web.server import listen, serve
    from cme_desktop.web.twilio import SMS_PATH, STATUS_PATH

    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise CommandError(
            "--public-url must start with https:// (or http://), e.g. https://cme.example.edu."
        )
    sqlite = is_sqlite(opener.url)
    workers = default_workers(sqlite) if args.workers is None else args.workers
    if workers < 1:
        raise CommandError("--workers must be 1 or more.")
    if workers > 1 and sqlite:
        raise CommandError(
            "Several workers need a PostgreSQL database: a SQLite file takes one writer at a time (use --workers 1)."
        )
    public = (args.public_url or "").lower()
    if (args.mail_to_console or console_mail()) and (
        not _loopback(args.host) or public.startswith("https://")
    ):
        raise CommandError(
            "Mail printed on the terminal is for trying the portal on this computer: serve on 127.0.0.1 "
            "without an https public address, or name the office's mail server (CME_SMTP_URL or Settings)."
        )
    if args.mail_to_console:
        os.environ[URL_ENV] = CONSOLE  # for this process and the workers it starts
    try:
        token = auth_token()
    except NoAuthToken:
        token = ""  # the portal works; texts are refused until the token is there (web/twilio.py)
    # Bring the schema up to date once, before any worker opens connections of its own.
    ctx = opener.open()
    description = ctx.db.description
    ctx.db.dispose()
    try:
        listening = listen(args.host, args.port)
    except OSError as error:
        raise CommandError(
            f"Could not listen on {args.host}:{args.port}: {error.strerror or error}."
        ) from error
    port = listening.getsockname()[1]
    public_url = (args.public_url or f"http://{args.host}:{port}").rstrip("/")
    actor = Actor("web-server", socket.gethostname() or "web-server")
    source = AppSource(
        functools.partial(
            open_context, opener.url, migrate=False, pre_ping=False, clock=opener.clock, actor=actor
        ),
        WebConfig(public_url, token),
    )
    shared = f", {workers} workers" if workers > 1 else ""

    def ready() -> None:
        print(f"Serving on {args.host}:{port} ({description}{shared}).", flush=True)
        print(f"Learners' portal: {public_url}/  (verify a certificate: {public_url}/verify)", flush=True)
        if token:
            print(
                f"Give Twilio these addresses (HTTP POST): texts {public_url}{SMS_PATH}, ", end="", flush=True
            )
            print(f"status callbacks {public_url}{STATUS_PATH}", flush=True)
        else:
            print(
                f"Texting is off: there is no Twilio auth token (Settings › Security, or {TOKEN_ENV}); "
                "texts to this server are refused until it is there.",
                flush=True,
            )
        if console_mail():
            print("Mail is printed on this terminal, not sent (CME_SMTP_URL=console:).", flush=True)

    serve(source, Limits(), listening, workers, ready)
    print("Stopped.", flush=True)
    return 0


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
