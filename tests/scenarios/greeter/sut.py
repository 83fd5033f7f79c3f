"""A tiny system under test: replies in thread to every "hello" posted in #general.

With ``--broken`` it replies rudely instead, so its scenarios must score lower.
"""

import http.server
import os
import sys
import threading
import time

from slack_sdk import WebClient

client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
me = client.auth_test()["user_id"]
general = next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])
answered: set[str] = set()
server = http.server.HTTPServer(
    ("127.0.0.1", int(os.environ["SUT_PORT"])), http.server.SimpleHTTPRequestHandler
)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("greeter ready", flush=True)
while True:
    for message in client.conversations_history(channel=general, limit=20)["messages"]:
        if message.get("user") == me or message["ts"] in answered:
            continue
        if "hello" in message.get("text", "").lower():
            text = "Go away." if "--broken" in sys.argv else f"Welcome, <@{message['user']}>!"
            client.chat_postMessage(channel=general, thread_ts=message["ts"], text=text)
            print(f"answered {message['ts']}", flush=True)
        answered.add(message["ts"])
    time.sleep(0.1)
