"""Widgets of the Certificates page: the list of who is due, the PDF preview and printing, the Verify dialog."""
