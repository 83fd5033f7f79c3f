"""Permissions: permission schemes, ``/mypermissions`` and ``/permissions/check``."""
