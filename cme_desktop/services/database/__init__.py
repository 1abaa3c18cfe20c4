"""Opening, checking and backing up the database a coordinator works on."""
