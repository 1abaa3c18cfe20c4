"""ACCME Standard 3: roles, disclosures, ineligible companies, the review, the disclosure to learners."""
