"""People: finding, creating and editing profiles, duplicates and merging, importing a staff list."""
