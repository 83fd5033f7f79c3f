"""Notification schemes: who hears of which issue events, per project."""
