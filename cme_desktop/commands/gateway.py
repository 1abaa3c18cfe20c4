"""gateway: serve the texting provider's webhook at <public-url>/twilio/sms until stopped (Ctrl+C)."""

from __future__ import annotations

import argparse

from cme_desktop.commands._common import CommandError, Opener


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("gateway", help="serve the texting webhook (Twilio) at /twilio/sms")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address Twilio reaches, e.g. https://sms.example.edu (the signature covers URL/twilio/sms)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        metavar="N",
        help="server processes sharing the port (PostgreSQL only; default: one per core up to 4 on Linux, else 1)",
    )
    parser.set_defaults(handler=run)


def default_processes(sqlite: bool) -> int:
    """One process per core (up to 4) on PostgreSQL on Linux: one process answers texts on about one core.

    A SQLite file takes one writer at a time, and elsewhere forking a process that has used the system keyring
    is not safe, so those get one.
    """
    import os
    import sys

    if sqlite or not sys.platform.startswith("linux"):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def run(args: argparse.Namespace, opener: Opener) -> int:
    import contextlib
    import logging
    import os
    import signal
    import socket
    from dataclasses import replace

    from cme_desktop.gateway.server import WEBHOOK_PATH, auth_token, listen, make_server
    from cme_desktop.services.context import Actor
    from cme_desktop.services.database.opening import is_sqlite

    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise CommandError(
            "--public-url must start with https:// (or http://), e.g. https://sms.example.edu."
        )
    sqlite = is_sqlite(opener.url)
    if args.processes is None:
        args.processes = default_processes(sqlite)
    if args.processes < 1:
        raise CommandError("--processes must be 1 or more.")
    if args.processes > 1 and sqlite:
        raise CommandError(
            "Several gateway processes need a PostgreSQL database: a SQLite file takes one writer at a time."
        )
    if args.processes > 1 and not hasattr(os, "fork"):
        raise CommandError("Several gateway processes need Linux or macOS; run one (--processes 1).")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    token = auth_token()
    # Bring the schema up to date once, before any process opens connections of its own.
    opener.open().db.dispose()
    try:
        listening = listen(args.host, args.port)
    except OSError as error:
        raise CommandError(
            f"Could not listen on {args.host}:{args.port}: {error.strerror or error}."
        ) from error

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    children: list[int] = []
    for _ in range(args.processes - 1):
        pid = os.fork()  # before any connection or thread exists in this process
        if pid == 0:
            children = []
            child = True
            break
        children.append(pid)
    else:
        child = False
    ctx = replace(
        opener.open(migrate=False, pre_ping=False),
        actor=Actor("sms-gateway", socket.gethostname() or "gateway"),
    )
    server = make_server(ctx, args.host, args.port, args.public_url, token, listening)
    if child:
        server.parent_pid = os.getppid()
    if not child:
        where = f"{args.host}:{server.server_address[1]}"
        shared = f", {args.processes} processes" if args.processes > 1 else ""
        print(f"Serving texts on {where} ({ctx.db.description}{shared}).", flush=True)
        print(
            f"Give Twilio this webhook address (HTTP POST): {server.config.public_url.rstrip('/')}{WEBHOOK_PATH}",
            flush=True,
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        if not child:
            print("Stopped.", flush=True)
    finally:
        server.server_close()
        ctx.db.dispose()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            os.waitpid(pid, 0)
    if child:
        os._exit(0)  # a forked copy leaves without running the parent's exit handlers
    return 0
