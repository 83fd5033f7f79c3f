"""Users and groups of the site: the directory, ``/myself``, ``/user``, ``/group``."""
