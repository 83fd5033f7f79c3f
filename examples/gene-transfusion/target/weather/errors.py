"""What the weather service's transport raises."""


class ServiceUnavailable(Exception):
    """The service failed for a moment (a 503, a timeout); asking again may work."""
