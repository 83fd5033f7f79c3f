"""``scripts/bolt_examples.py``'s own logic, over a made-up example and without a universe:
loading an example unchanged with the twin's API URL, finding and counting its listeners, and
the table it prints."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = Path(__file__).parent / "bolt_examples"
API_URL = "http://127.0.0.1:9/slack/api/"
ENVIRONMENT = {
    "SLACK_API_URL": API_URL,
    "SLACK_BOT_TOKEN": "xoxb-made-up",
    "SLACK_SIGNING_SECRET": "made-up",
}


@pytest.fixture(scope="module")
def script():
    path = ROOT / "scripts" / "bolt_examples.py"
    spec = importlib.util.spec_from_file_location("bolt_examples", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture
def environment(monkeypatch):
    for name, value in ENVIRONMENT.items():  # what loading sets, put back afterwards
        monkeypatch.setenv(name, value)
    return ENVIRONMENT


def test_a_client_made_without_a_base_url_talks_to_the_twin_only_while_loading(script):
    assert WebClient().base_url == "https://slack.com/api/"
    with script.pointed_at(API_URL):
        assert WebClient().base_url == API_URL
        assert WebClient(base_url="http://elsewhere/").base_url == "http://elsewhere/"
    assert WebClient().base_url == "https://slack.com/api/"


def test_an_examples_listeners_are_found_counted_and_tabled(script, environment):
    app = script.load(EXAMPLES / "greeter.py", environment)
    assert app.client.base_url == API_URL
    listeners, ran = script.instrument(app)
    assert listeners == ["greet", "greet#2", "never", "welcome"]

    mention = {
        "type": "event_callback",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "event": {"type": "app_mention", "user": "U0PERSON", "text": "<@U0BOT> hi", "ts": "1.2"},
        "event_id": "Ev0ONE",
        "event_time": 1,
    }
    answer = app.dispatch(BoltRequest(body=json.dumps(mention), mode="socket_mode"))
    assert answer.status == 200
    assert ran == {"greet"}

    result = script.Result("greeter.py", listeners, ran)
    assert result.missed == ["greet#2", "never", "welcome"]
    assert script.table([result]).splitlines()[2] == (
        "| `greeter.py` | 1 / 4 | `greet#2`, `never`, `welcome` |"
    )
    done = script.Result("all.py", ["a"], {"a"})
    assert script.table([result, done]).splitlines()[3:] == [
        "| `all.py` | 1 / 1 | - |",
        "| all | 2 / 5 | |",
    ]


def test_a_directory_without_the_examples_is_refused(script, tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        script.main(["--examples", str(tmp_path)])
    assert refused.value.code == 2
    assert "app.py" in capsys.readouterr().err
