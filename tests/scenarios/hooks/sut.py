"""A SUT that prints every webhook POSTed to it on $SUT_PORT as ``hook PATH JSON``."""

import http.server
import json
import os


class Hooks(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        print(f"hook {self.path} {json.dumps(json.loads(body or '{}'))}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


port = int(os.environ["SUT_PORT"])
print(f"listening {port}", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", port), Hooks).serve_forever()
