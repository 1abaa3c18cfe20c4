"""The learner's certificate and transcript as PDF files, written by the desktop's own document writers.

Reading (and, for a certificate not printed before, issuing it with its verification code) is one transaction;
drawing the PDF is a separate step that needs no database, so a web server does it off its database threads.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from cme_desktop.domain.accreditation import AccreditationNeeded
from cme_desktop.domain.documentation import Artwork, CertificateContent, TranscriptContent
from cme_desktop.errors import InputError
from cme_desktop.services.certificates.content import Row, designations_for, long_date
from cme_desktop.services.certificates.issuing import Selection, issue_in
from cme_desktop.services.certificates.transcripts import transcript
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import load_settings, read_settings
from cme_desktop.services.people.profiles import load_person
from cme_desktop.services.records.claims import certificate_note, help_phrase
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.locking import lock_for_update

log = logging.getLogger(__name__)


class NotOnYourRecord(InputError):
    """The learner asked for a certificate that is not theirs, or does not exist: the same answer for both."""


@dataclass(frozen=True)
class CertificateFile:
    content: CertificateContent
    artwork: Artwork

    @property
    def filename(self) -> str:
        return f"{self.content.file_stem}.pdf"


@dataclass(frozen=True)
class TranscriptFile:
    content: TranscriptContent
    paper: str
    filename: str


def learner_certificate(ctx: Context, person_id: int, claim_id: int) -> CertificateFile:
    """The certificate of the learner's claim `claim_id`: issued now (with its code, audited) if it never was,
    else reprinted with the code it has. Refused in a sentence when the claim is not the learner's, was
    withdrawn, or is not (yet) one the portal hands out (records.claims.certificate_note)."""
    with ctx.db.transaction() as session:
        # A second download of the same certificate (a double tap) waits here for the first to commit and then
        # reprints what it issued, instead of issuing a second one beside it.
        lock_for_update(session, AttendanceClaim.id, [claim_id])
        person = load_person(session, person_id)
        found = session.execute(
            select(AttendanceClaim, ActivitySession, Activity)
            .join(ActivitySession, AttendanceClaim.session_id == ActivitySession.id)
            .join(Activity, ActivitySession.activity_id == Activity.id)
            .where(AttendanceClaim.id == claim_id, AttendanceClaim.person_id == person.id)
        ).first()
        if found is None:
            raise NotOnYourRecord("There is no such certificate on your record.")
        claim, sess, activity = found
        if claim.revoked_at is not None:
            raise InputError("The CME office withdrew this attendance, so there is no certificate for it.")
        settings = read_settings(session)
        row = Row(claim, sess, activity, person)
        note = certificate_note(
            row,
            designations_for(session, {activity.id}),
            settings.accreditation,
            ctx.clock(),
            help_phrase(settings.help_contact),
        )
        if note is not None:
            raise InputError(note)
        result = issue_in(ctx, session, Selection(session_id=sess.id), [claim.id])
        if len(result.certificates) != 1:  # the checks above are issuing's own; a bug if they disagree
            raise RuntimeError(f"issuing skipped a claim the portal offered: {result.skipped}")
        return CertificateFile(result.certificates[0], result.artwork)


def learner_transcript(ctx: Context, person_id: int, first: date | None, last: date | None) -> TranscriptFile:
    """The learner's transcript for the days from `first` to `last` (office days; either may be open).
    A range with no attendance is refused in a sentence rather than answered with an empty page."""
    try:
        content = transcript(ctx, _survivor(ctx, person_id), first, last)
    except AccreditationNeeded as error:  # the coordinator's sentence names Settings a learner cannot open
        contact = help_phrase(load_settings(ctx).help_contact)
        raise InputError(f"The CME office has not finished setting up transcripts{contact}.") from error
    if not content.lines:
        raise InputError(f"You have no attendance on record {_range_words(first, last)}.")
    stem = (
        "Transcript"
        + (f" {first.isoformat()}" if first else "")
        + (f" to {last.isoformat()}" if last else "")
    )
    return TranscriptFile(content, load_settings(ctx).paper_size, f"{stem}.pdf")


def _survivor(ctx: Context, person_id: int) -> int:
    with ctx.db.transaction() as session:
        return load_person(session, person_id).id


def _range_words(first: date | None, last: date | None) -> str:
    if first and last:
        return f"from {long_date(first)} to {long_date(last)}"
    if first:
        return f"since {long_date(first)}"
    if last:
        return f"up to {long_date(last)}"
    return "yet"


def certificate_pdf(certificate: CertificateFile) -> bytes:
    """The certificate's page as PDF bytes (no database: run it off the database threads)."""
    from cme_desktop.documents.certificate import write_certificates

    artwork = usable_artwork(certificate.artwork)
    return _written(lambda path: write_certificates(path, [certificate.content], artwork))


def transcript_pdf(transcript_file: TranscriptFile) -> bytes:
    from cme_desktop.documents.transcript import write_transcript

    return _written(lambda path: write_transcript(path, transcript_file.content, transcript_file.paper))


def usable_artwork(artwork: Artwork) -> Artwork:
    """The artwork without a logo or signature file this machine cannot read. Settings name files on the
    coordinators' computers; on a web server without them, the learner still gets the certificate (the signer's
    name is printed either way) and the log says which file to copy there."""
    from cme_desktop.documents.certificate import ArtworkMissing, check_artwork

    try:
        check_artwork(Artwork(logo_path=artwork.logo_path))
    except ArtworkMissing as error:
        log.warning("%s The portal prints certificates without it until it is there.", error)
        artwork = replace(artwork, logo_path="")
    try:
        check_artwork(Artwork(signature_path=artwork.signature_path))
    except ArtworkMissing as error:
        log.warning("%s The portal prints certificates without it until it is there.", error)
        artwork = replace(artwork, signature_path="")
    return artwork


def _written(write: Callable[[Path], object]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="cme-pdf-") as folder:
        path = Path(folder) / "document.pdf"
        write(path)
        return path.read_bytes()
