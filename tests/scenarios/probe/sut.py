"""A SUT that prints its environment as JSON and answers Slack's signed deliveries on $SUT_PORT.

Each delivery's signature is checked with ``SLACK_SIGNING_SECRET``; a ``url_verification`` is
answered with its challenge, anything else is printed as ``delivery <json>``.
"""

import http.server
import json
import os

from slack_sdk.signature import SignatureVerifier

verifier = SignatureVerifier(os.environ.get("SLACK_SIGNING_SECRET", "none"))


class Deliveries(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if not verifier.is_valid_request(body, dict(self.headers)):
            print("bad signature", flush=True)
            self.send_response(401)
            self.end_headers()
            return
        payload = json.loads(body) if body.startswith("{") else {"form": body}
        answer = {"challenge": payload["challenge"]} if "challenge" in payload else {}
        print(f"delivery {json.dumps(payload)}", flush=True)
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


print(f"env {json.dumps(dict(os.environ))}", flush=True)
http.server.HTTPServer(("127.0.0.1", int(os.environ["SUT_PORT"])), Deliveries).serve_forever()
