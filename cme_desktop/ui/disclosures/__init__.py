"""The Disclosures page's parts: the disclosure dialog, the review board with its judge dialog, the dashboard."""
