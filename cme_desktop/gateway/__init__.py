"""The texting provider's webhook: Twilio's form POST at /twilio/sms, signature checked, answered with TwiML."""
