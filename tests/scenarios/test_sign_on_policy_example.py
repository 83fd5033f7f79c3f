"""The sign-on policy example: Okta's sign-on policy decides who signs in with a password alone,
at Okta and in Slack through Okta SSO, and the scenario's checks notice when it is missing."""

from __future__ import annotations

from pathlib import Path

from darkfactory.scenarios import load_dir, parse, run

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "sign-on-policy" / "scenarios"


def test_the_policy_stops_the_contractor_and_lets_the_employee_in():
    scenarios = load_dir(SCENARIOS)
    assert [s.id for s in scenarios] == ["mfa-for-contractors"]
    report = run(scenarios, None, trials=1)
    trajectory = report.trajectories[0]
    failed = [(v.name, v.reason) for v in trajectory.verdicts if not v.passed]
    assert report.overall.satisfaction == 1.0, (trajectory.error, failed)


def test_without_the_rule_the_contractor_signs_in_and_the_checks_fail():
    text = (SCENARIOS / "mfa-for-contractors.md").read_text()
    start = text.index('    - okta:\n        method: POST\n        path: "/api/v1/policies/')
    lax = text[:start] + text[text.index("actors:") :]
    trajectory = run([parse(lax)], None, trials=1).trajectories[0]
    failed = {v.name for v in trajectory.verdicts if not v.passed}
    assert failed == {
        "the contractor must enroll a factor before signing in",
        "the contractor got no session",
        "Okta's policy keeps the contractor out of Slack",
    }
