"""The office's shared settings and its SSN matching key."""
