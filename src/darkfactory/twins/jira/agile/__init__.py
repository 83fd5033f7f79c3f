"""Jira Software Agile 1.0: filters, boards, sprints and the backlog."""
