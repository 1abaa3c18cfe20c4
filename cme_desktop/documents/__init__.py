"""PDFs (reportlab) and QR images. Import these modules lazily: reportlab is slow to import."""
