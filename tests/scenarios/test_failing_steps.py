"""A trial cannot pass by accident: failed steps, timed-out waits and failed setups count."""

from __future__ import annotations

from darkfactory.scenarios import parse, report, run

FAILING_STEPS = """---
id: failing-steps
title: Steps that fail under a trivially true check
trials: 1
timeout: 20
universe: {fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - name: someone
    steps:
      - http: {twin: okta, path: /api/v1/users/nobody@example.com}   # 404
      - wait_for: {timeout: 1, check: "False"}                        # times out
checks:
  - name: trivially true
    code: "True"
---
"""


def scenario(actors: str, checks: str = '  - {name: trivially true, code: "True"}', extra=""):
    return parse(
        "---\nid: probe\ntitle: Probe\ntrials: 1\ntimeout: 20\n"
        f"universe: {{fixtures: {{slack: {{users: 2, messages: 0}}}}}}\n{extra}"
        f"actors:\n{actors}\nchecks:\n{checks}\n---\n"
    )


def test_the_failing_steps_scenario_scores_zero_and_names_the_failed_step():
    result = run([parse(FAILING_STEPS)], None)
    assert result.overall.satisfaction == 0.0
    trajectory = result.trajectories[0]
    failed = [v for v in trajectory.verdicts if not v.passed]
    assert [v.name for v in failed] == ["someone, step 1 (http)"]
    assert failed[0].kind == "step"
    assert "okta answered 404" in failed[0].reason and "E0000007" in failed[0].reason
    assert [v.name for v in trajectory.verdicts if v.passed] == ["trivially true"]
    assert len(trajectory.turns) == 1, "the actor stops at its first failed step"


def test_a_wait_for_that_times_out_fails_the_trial():
    trajectory = run(
        [
            scenario(
                '  - name: waiter\n    steps:\n      - wait_for: {timeout: 0.3, check: "False"}'
            )
        ],
        None,
    ).trajectories[0]
    assert not trajectory.satisfied
    (failed,) = [v for v in trajectory.verdicts if not v.passed]
    assert failed.name == "waiter, step 1 (wait_for)"
    assert "wait_for timed out" in failed.reason


def test_an_allowed_error_is_recorded_without_failing():
    actors = (
        "  - name: someone\n    steps:\n"
        "      - http: {twin: okta, path: /api/v1/users/nobody, allow_error: true}\n"
        "      - slack: {method: conversations.info, as: admin, allow_error: true,"
        " args: {channel: C404}}\n"
        "        save_as: info"
    )
    checks = "  - {name: saw the refusal, code: \"'{{ info.error }}' == 'channel_not_found'\"}"
    trajectory = run([scenario(actors, checks)], None).trajectories[0]
    assert trajectory.satisfied, trajectory.verdicts
    assert trajectory.turns[0]["result"]["errorCode"] == "E0000007"
    assert trajectory.turns[1]["at"] >= trajectory.turns[0]["at"]
    assert trajectory.turns[0]["duration_ms"] > 0


def test_checks_are_templated_as_steps_are():
    actors = (
        "  - name: poster\n    steps:\n"
        "      - slack: {method: conversations.list, as: admin}\n"
        "        save_as: listing\n"
        "      - slack: {method: chat.postMessage, as: admin,"
        " args: {channel: '{{ listing.channels[0].id }}', text: templated}}\n"
        "        save_as: posted\n"
        "      - wait_for: {check: \"slack_messages('general')[-1]['ts'] == '{{ posted.ts }}'\"}"
    )
    predicate = "slack_messages('general')[-1]['ts'] == '{{ posted.ts }}'"
    same = f'  - {{name: same predicate, code: "{predicate}"}}'
    unknown = "  - {name: unknown name, code: \"'{{ nothing.ts }}' == ''\"}"
    unserializable = '  - {name: unknown as JSON, code: "{{ nothing | tojson }} == 1"}'
    checks = "\n".join([same, unknown, unserializable])
    trajectory = run([scenario(actors, checks)], None).trajectories[0]
    verdicts = {v.name: v for v in trajectory.verdicts}
    assert verdicts["same predicate"].passed, verdicts["same predicate"].reason
    assert not verdicts["unknown name"].passed
    assert "'nothing' is undefined" in verdicts["unknown name"].reason
    assert not verdicts["unknown as JSON"].passed, "a filter's error fails the check alone"
    assert "not JSON serializable" in verdicts["unknown as JSON"].reason


def test_a_failed_setup_errors_its_scenario_and_the_report_covers_the_others():
    broken = parse(
        FAILING_STEPS.replace("id: failing-steps", "id: broken-setup").replace(
            "universe: {fixtures: {slack: {users: 2, messages: 0}}}",
            "universe:\n  setup:\n    - http: {twin: okta, path: /api/v1/groups/nope}",
        )
    )
    fine = scenario("  - name: idle\n    steps:\n      - wait: 0")
    result = run([broken, fine], None, trials=2)
    by_id = {s.scenario: s for s in result.scores}
    assert by_id["probe"].satisfaction == 1.0 and by_id["broken-setup"].satisfaction == 0.0
    errored = [t for t in result.trajectories if t.scenario == "broken-setup"]
    assert len(errored) == 2 and all(t.errored for t in errored)
    assert "setup failed: setup step 1" in errored[0].error and "404" in errored[0].error
    assert errored[0].as_dict()["errored"] is True


def test_requests_in_the_report_carry_their_time():
    trajectory = run([parse(FAILING_STEPS)], None).trajectories[0]
    (request,) = [r for r in trajectory.requests if r["twin"] == "okta"]
    assert request["status"] == 404 and request["at"] > 0 and request["duration_ms"] >= 0


def test_the_report_shows_errored_trials_and_a_timeline(tmp_path):
    broken = parse(
        FAILING_STEPS.replace("id: failing-steps", "id: broken-setup").replace(
            "universe: {fixtures: {slack: {users: 2, messages: 0}}}",
            "universe:\n  setup:\n    - http: {twin: okta, path: /api/v1/groups/nope}",
        )
    )
    result = run([parse(FAILING_STEPS), broken], None)
    entries = report.timeline(result.trajectories[0])
    assert [(who, failed) for _, who, _, failed in entries] == [("someone", True), ("okta", True)]
    assert entries[0][0] <= entries[1][0]
    page = report.write(result, tmp_path).read_text()
    assert "errored" in page and page.count('class="timeline"') == 2


def test_waiting_on_a_failed_actor_does_not_hang_and_unknown_waits_are_errors():
    actors = (
        "  - name: first\n    steps:\n"
        "      - http: {twin: okta, path: /api/v1/users/nobody}\n"
        "      - {wait: 0, name: later}\n"
        "  - name: second\n    after: [first/later]\n    steps:\n      - wait: 0"
    )
    trajectory = run([scenario(actors)], None).trajectories[0]
    assert trajectory.duration_s < 10, "the second actor was released when the first stopped"
    assert [v.name for v in trajectory.verdicts if not v.passed] == ["first, step 1 (http)"]
    unknown = scenario("  - name: lone\n    steps:\n      - {wait: 0, after: ghost/step}")
    trajectory = run([unknown], None).trajectories[0]
    assert trajectory.errored and "['ghost/step']" in trajectory.error
