"""certificates, verify, transcript: print a batch of certificates, check a code, write a learner's transcript."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cme_desktop.commands._common import CommandError, Opener, parse_date, print_json


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = subcommands.add_parser("certificates", help="write certificates for a session, activity or days")
    which = batch.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID")
    which.add_argument("--activity", type=int, metavar="ID")
    which.add_argument("--from", dest="start", type=parse_date, metavar="DATE", help="first day (with --to)")
    batch.add_argument("--to", dest="end", type=parse_date, metavar="DATE", help="last day (with --from)")
    where = batch.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE.pdf", help="one PDF, a page per learner")
    where.add_argument("--folder", type=Path, metavar="DIR", help="one PDF per learner in this folder")
    batch.set_defaults(handler=run_certificates)

    check = subcommands.add_parser("verify", help="check a certificate's verification code")
    check.add_argument("code", metavar="CODE")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=run_verify)

    record = subcommands.add_parser("transcript", help="write a learner's transcript")
    record.add_argument("--person", type=int, required=True, metavar="ID")
    record.add_argument("--from", dest="start", type=parse_date, metavar="DATE")
    record.add_argument("--to", dest="end", type=parse_date, metavar="DATE")
    record.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    record.set_defaults(handler=run_transcript)


def _folder_of(path: Path) -> None:
    if not path.parent.is_dir():
        raise CommandError(f"The folder {path.parent} does not exist.")


def run_certificates(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.documents.certificate import write_certificate_files, write_certificates
    from cme_desktop.services.certificates.issuing import Selection, issue

    if (args.start is None) != (args.end is None):
        raise CommandError("Give both --from and --to for a range of days.")
    if args.out is not None:
        _folder_of(args.out)
    elif not args.folder.is_dir():
        raise CommandError(f"The folder {args.folder} does not exist.")
    ctx = opener.open()
    selection = Selection(session_id=args.session, activity_id=args.activity, first=args.start, last=args.end)
    result = issue(ctx, selection)
    for line in result.skipped:
        print(f"cme-desktop: not issued: {line}", file=sys.stderr)
    if not result.certificates:
        raise CommandError("Nobody in that selection is due a certificate.")
    if args.out is not None:
        write_certificates(args.out, result.certificates, result.artwork)
        where = str(args.out)
    else:
        write_certificate_files(args.folder, result.certificates, result.artwork)
        where = f"{len(result.certificates)} files in {args.folder}"
    print(
        f"Wrote {len(result.certificates)} certificate{'s' if len(result.certificates) != 1 else ''} to {where} "
        f"({result.new} new, {result.reprinted} reprinted, {result.new_codes} with new codes for changed credits)."
    )
    return 0


def run_verify(args: argparse.Namespace, opener: Opener) -> int:
    """Exit 0 when the certificate is valid, 1 when it is revoked, unknown or mistyped."""
    from cme_desktop.services.certificates.verifying import verify

    result = verify(opener.open(), args.code)
    if args.json:
        print_json(result)
    else:
        print(result.message)
        if result.learner:
            print(f"Code:     {result.code}")
            print(f"Learner:  {result.learner}")
            print(f"Activity: {result.activity}" + (f" ({result.topic})" if result.topic else ""))
            print(f"Date:     {result.day:%B} {result.day.day}, {result.day.year}" if result.day else "")
            print(f"Credits:  {result.credits}")
    return 0 if result.valid else 1


def run_transcript(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.documents.transcript import write_transcript
    from cme_desktop.domain.documentation import plain
    from cme_desktop.services.certificates.transcripts import transcript
    from cme_desktop.services.office.settings import load_settings

    _folder_of(args.out)
    ctx = opener.open()
    content = transcript(ctx, args.person, args.start, args.end)
    write_transcript(args.out, content, load_settings(ctx).paper_size)
    totals = "; ".join(f"{amount} {plain(name)}" for name, amount in content.totals) or "no credits"
    sessions = f"{len(content.lines)} session{'' if len(content.lines) == 1 else 's'}"
    print(f"Wrote the transcript of {content.learner_name} to {args.out}: {sessions}, {totals}.")
    return 0
