"""Certificates and transcripts: who is due, issuing, revoking, verifying, and what a page says."""
