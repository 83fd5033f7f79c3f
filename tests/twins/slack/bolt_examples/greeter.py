"""A made-up bolt example for the tests of ``scripts/bolt_examples.py``: two listeners of one
function, an assistant listener, and a command listener no test reaches."""

from slack_bolt import App, Assistant
from slack_bolt.authorization import AuthorizeResult


def authorize(enterprise_id, team_id, user_id):
    return AuthorizeResult(
        enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-made-up", bot_id="B0BOT"
    )


app = App(authorize=authorize, request_verification_enabled=False)
assistant = Assistant()


def greet(ack):
    ack()


app.event("app_mention")(greet)
app.event("reaction_added")(greet)


@app.command("/never")
def never(ack):
    ack()


@assistant.thread_started
def welcome(say):
    pass


app.use(assistant)
