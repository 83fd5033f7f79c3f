"""Identity providers: other IdPs an org's users sign in through, their links, keys and sign-in."""
