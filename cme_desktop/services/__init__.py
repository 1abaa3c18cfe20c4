"""Use cases: one module per capability, each public function one transaction returning plain dataclasses."""
