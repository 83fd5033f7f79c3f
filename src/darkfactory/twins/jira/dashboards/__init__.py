"""Dashboards: pages of gadgets their owners share and let others edit."""
