#!/usr/bin/env python3
"""A stand-in for the Slack Web API during bench/run-ingress.

Answers every request on 127.0.0.1:PORT with HTTP 200 and a JSON body that
satisfies the methods Steward calls ({"ok":true,"ts":"1.0",...}), so the
daemon's workers post their replies and complete their jobs instead of
retrying against an unreachable API. HTTP/1.1 keep-alive, request bodies
with Content-Length (what Slack SDKs send), asyncio, no dependencies. On SIGTERM it writes the number of calls per path to --stats.

usage: sink.py --port PORT [--stats FILE]
"""
import argparse
import asyncio
import json
import signal
import sys
from collections import Counter

ANSWERS = {
    "auth.test": {"ok": True, "user_id": "U0BOT", "bot_id": "B0BENCH", "team_id": "T0BENCH", "user": "steward"},
    "chat.postEphemeral": {"ok": True, "message_ts": "1.0"},
    "conversations.replies": {"ok": True, "messages": [], "has_more": False},
    "users.info": {"ok": True, "user": {"id": "U0USER", "name": "bench", "real_name": "Bench User",
                                        "tz": "UTC", "is_bot": False, "profile": {"display_name": "bench"}}},
    "files.getUploadURLExternal": {"ok": True, "upload_url": "http://127.0.0.1:9/upload", "file_id": "F0BENCH"},
    "files.completeUploadExternal": {"ok": True, "files": [{"id": "F0BENCH"}]},
    "views.open": {"ok": True, "view": {"id": "V0BENCH"}},
}
DEFAULT = {"ok": True, "ts": "1.0", "channel": "C0BENCH"}
calls = Counter()


def response_for(path):
    method = path.split("?", 1)[0].rsplit("/", 1)[-1]
    calls[method] += 1
    body = json.dumps(ANSWERS.get(method, DEFAULT)).encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


class Sink(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip() or 0)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            parts = head[0].split(" ")
            self.transport.write(response_for(parts[1] if len(parts) > 1 else "/"))


async def serve(port, stats):
    ANSWERS["files.getUploadURLExternal"]["upload_url"] = f"http://127.0.0.1:{port}/upload"
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Sink, "127.0.0.1", port, backlog=1024)
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set_result, None)
    print(f"sink listening on 127.0.0.1:{port}", flush=True)
    await stop
    server.close()
    if stats:
        with open(stats, "w") as f:
            json.dump(dict(calls), f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stats")
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
