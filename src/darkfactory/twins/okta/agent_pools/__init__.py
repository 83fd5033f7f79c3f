"""Agent pools: the AD, LDAP, RADIUS ... agents an org installed, and the updates that bring them
to a release channel's version."""
