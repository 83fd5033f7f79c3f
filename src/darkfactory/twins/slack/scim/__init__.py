"""Slack's SCIM API (``/slack/scim/v1/`` and ``/slack/scim/v2/``): Users and Groups for IdPs.

Users are workspace members (DELETE deactivates them); Groups are user groups. Answers and errors
follow Slack's SCIM format (``{"Errors": {"description", "code"}}``); tokens need the ``admin``
scope, as Slack's do.
"""

from darkfactory.twins.slack.scim.routes import routes

__all__ = ["routes"]
