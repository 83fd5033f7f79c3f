"""Screens, their tabs and fields, screen schemes and issue type screen schemes."""
