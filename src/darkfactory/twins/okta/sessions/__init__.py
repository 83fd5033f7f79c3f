"""Sessions: a person's sign-in to the org, kept by the browser's ``sid`` cookie, read and ended
through the Sessions API, and what lets an app's sign-in go on without asking again."""
