"""Issues: create, edit, transitions, comments, worklogs, watchers, votes, attachments, links."""
