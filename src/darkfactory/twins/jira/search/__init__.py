"""Issue search: JQL parsing and evaluation, ``/search/jql`` and the older ``/search``."""
