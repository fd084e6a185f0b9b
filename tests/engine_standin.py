"""A machine translation engine on loopback that answers like LibreTranslate or DeepL, and keeps
what it received. Its "translation" marks each text with the target language: "[fr] Hello",
keeping any HTML tags where they were, as the real engines do with format html."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class EngineStandIn:
    def __init__(self, kind: str = "libretranslate", key: str = "", fail_for: tuple[str, ...] = ()):
        self.kind, self.key, self.fail_for = kind, key, fail_for
        self.received: list[dict] = []  # {"path", "headers", "body"} of each request
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet in the test output
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, answer = stand_in.answer(self.path, self.headers, body)
                data = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # Checked for shutdown every 20 ms, not the default half second each test would wait.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def answer(self, path, headers, body) -> tuple[int, dict]:
        if self.kind == "deepl":
            if path != "/v2/translate":
                return 404, {"message": "Not found"}
            if headers.get("Authorization") != f"DeepL-Auth-Key {self.key}":
                return 403, {"message": "Wrong endpoint or authentication key"}
            target = body["target_lang"]
            if target.lower() in self.fail_for:
                return 400, {"message": f"Value for 'target_lang' not supported: {target}"}
            return 200, {
                "translations": [{"detected_source_language": "EN", "text": f"[{target}] {t}"} for t in body["text"]]
            }
        if path != "/translate":
            return 404, {"error": "Not Found"}
        if self.key and body.get("api_key") != self.key:
            return 403, {"error": "Invalid API key"}
        target = body["target"]
        if target in self.fail_for:
            return 400, {"error": f"{target} is not supported"}
        texts = body["q"]
        translated = [f"[{target}] {t}" for t in texts] if isinstance(texts, list) else f"[{target}] {texts}"
        return 200, {"translatedText": translated}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
