"""The learner portal (issue 17): browser sessions kept in the database, sign-in by an emailed code or the
institution's single sign-on, finding or creating the learner's profile as the seed describes, the learner's own
corrections, and claims by code through the one rule book (channel "portal"). Every change a learner makes is
audited under their portal identity ("portal: jane@example.org")."""
