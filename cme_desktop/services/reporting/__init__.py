"""Reports for the office, ACCME and the boards."""
