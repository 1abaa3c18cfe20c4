"""Present mode: what the projector shows for a session, and the printed sign-in sheet."""
