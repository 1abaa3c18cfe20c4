"""Pure rules of the CME office: no I/O, no Qt, no database."""
