"""A forecast survives a service that fails for a moment, and waits longer after each failure."""

import pytest
from weather import forecast as module
from weather.errors import ServiceUnavailable


class Transport:
    def __init__(self, failures, error=ServiceUnavailable):
        self.failures, self.error, self.calls = failures, error, 0

    def get(self, path):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error(path)
        return {"path": path, "sky": "clear"}


@pytest.fixture
def waits(monkeypatch):
    slept = []
    monkeypatch.setattr("time.sleep", slept.append)
    return slept


def test_a_forecast_is_read():
    assert module.forecast(Transport(0), "paris") == {"path": "/forecast/paris", "sky": "clear"}


def test_an_unavailable_service_is_asked_again_with_doubling_waits(waits):
    transport = Transport(2)
    assert module.forecast(transport, "oslo")["sky"] == "clear"
    assert transport.calls == 3 and waits == [0.1, 0.2]


def test_the_service_is_asked_three_times_at_most(waits):
    transport = Transport(9)
    with pytest.raises(ServiceUnavailable):
        module.forecast(transport, "rome")
    assert transport.calls == 3


def test_other_errors_are_not_retried(waits):
    transport = Transport(1, error=LookupError)
    with pytest.raises(LookupError):
        module.forecast(transport, "lima")
    assert transport.calls == 1 and waits == []
