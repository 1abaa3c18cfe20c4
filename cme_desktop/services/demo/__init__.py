"""Realistic demo data for trying CME Desk out."""
