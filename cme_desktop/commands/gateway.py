"""gateway: serve the texting provider's webhook at <public-url>/twilio/sms until stopped (Ctrl+C)."""

from __future__ import annotations

import argparse


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subcommands.add_parser("gateway", help="serve the texting webhook (Twilio) at /twilio/sms")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address Twilio reaches, e.g. https://sms.example.edu (the signature covers URL/twilio/sms)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, url: str) -> int:
    import logging
    import socket
    from dataclasses import replace

    from cme_desktop.commands._common import CommandError, open_context
    from cme_desktop.gateway.server import WEBHOOK_PATH, auth_token, make_server
    from cme_desktop.services.context import Actor

    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise CommandError(
            "--public-url must start with https:// (or http://), e.g. https://sms.example.edu."
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    token = auth_token()
    ctx = replace(
        open_context(url, pre_ping=False), actor=Actor("sms-gateway", socket.gethostname() or "gateway")
    )
    try:
        server = make_server(ctx, args.host, args.port, args.public_url, token)
    except OSError as error:
        raise CommandError(
            f"Could not listen on {args.host}:{args.port}: {error.strerror or error}."
        ) from error
    print(f"Serving texts on {args.host}:{server.server_address[1]} ({ctx.db.description}).", flush=True)
    print(
        f"Give Twilio this webhook address (HTTP POST): {server.config.public_url.rstrip('/')}{WEBHOOK_PATH}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        server.server_close()
    return 0
