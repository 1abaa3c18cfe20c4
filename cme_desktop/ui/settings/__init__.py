"""The tabs of the Settings page: the office's shared settings, this computer's database, and security."""
