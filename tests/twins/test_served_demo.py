"""What a person sees first after ``make run``: every twin's page shows the demo data a served
universe starts with, and the LLM twins' pages show the welcomes they drafted once the company
has hired (``--life``)."""

from __future__ import annotations

import httpx

from darkfactory.twins.kit.pytest_plugin import RunningUniverse
from darkfactory.twins.life import NewHires


def _page(served: RunningUniverse, path: str) -> str:
    answer = httpx.get(
        f"{served.url}{path}", headers=served.admin_headers, timeout=30, follow_redirects=True
    )
    assert answer.status_code == 200, path
    return answer.text


def test_each_twins_page_shows_its_demo_data(served):
    assert "Ada Admin" in _page(served, "/ui/okta/") and "demo@example.com" in _page(
        served, "/ui/okta/"
    )
    assert 'class="message' in _page(served, "/ui/slack/")
    backlog = _page(served, "/ui/jira/projects/DEMO/backlog")
    assert 'data-state="active"' in backlog and "DEMO Sprint 1" in backlog
    assert "DEMO Sprint 2" in backlog
    discussion = _page(served, "/ui/jira/issues/DEMO-1")
    assert "<h3>Plan</h3>" in discussion and "<li><p>Packaging</p></li>" in discussion
    blocked = _page(served, "/ui/jira/issues/DEMO-3")
    assert "is blocked by" in blocked and "DEMO-2" in blocked
    assert "Engineering" in _page(served, "/ui/google/")


def test_the_llm_pages_show_the_welcomes_of_new_hires(served):
    for provider in ("openai", "anthropic", "gemini"):
        assert "No requests yet." in _page(served, f"/ui/{provider}/")
    NewHires(served.url, served.universe.admin_token, seed=1, interval=0, count=3).run()
    for provider in ("openai", "anthropic", "gemini"):
        shown = _page(served, f"/ui/{provider}/")
        assert "No requests yet." not in shown
        assert "Welcome aboard" in shown and "You polish welcome messages" in shown
