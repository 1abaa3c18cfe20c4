"""Reports for the office, ACCME and the boards: attendance (CSV), PARS activity data (ACCME's XML batch upload),
MOC and state board learner completions (PARS's learner upload), and the one way they are written to disk."""
