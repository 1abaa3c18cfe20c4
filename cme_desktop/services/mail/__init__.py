"""Mail out: one module for every email the office sends (phone-link codes now; sign-in codes and disclosure
invitations from the portal later), configured by office settings or CME_SMTP_URL, sent off the caller's path."""
