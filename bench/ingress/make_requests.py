#!/usr/bin/env python3
"""Signed Slack Events API requests for bench/run-ingress.

wrk's Lua cannot compute HMAC-SHA256, so this writes the requests ahead of a
run; ingress.lua replays them. Every request is an `app_mention`
event_callback with its own event_id, message ts and a fresh timestamp, so a
server that de-duplicates (Steward does) takes its normal path for each one.
Slack rejects timestamps more than 300 s off, so write the file just before
each run.

usage:
  make_requests.py generate --secret S --count N --prefix P --out FILE
      One request per line: `timestamp<TAB>v0=signature<TAB>body`.
  make_requests.py probe --secret S --url URL --prefix P
      Sends one signed request (expects 2xx) and one with a wrong signature
      (expects 401); exits 1 otherwise. Run before measuring, so a server that
      does not verify signatures is not benchmarked by mistake.
"""
import argparse
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.request

TEAM, APP, CHANNEL, USER, BOT_USER = "T0BENCH", "A0BENCH", "C0BENCH", "U0USER", "U0BOT"


def event_body(prefix, i, now):
    """An app_mention delivery shaped like Slack's (about 1 KB, with blocks)."""
    ts = f"{now}.{i:06d}"
    text = f"<@{BOT_USER}> what is fct_orders?"
    event = {
        "type": "app_mention",
        "user": USER,
        "text": text,
        "ts": ts,
        "team": TEAM,
        "channel": CHANNEL,
        "event_ts": ts,
        "client_msg_id": f"{prefix}-{i:08d}-0000-0000-000000000000",
        "blocks": [{
            "type": "rich_text",
            "block_id": f"b{i % 100000}",
            "elements": [{"type": "rich_text_section", "elements": [
                {"type": "user", "user_id": BOT_USER},
                {"type": "text", "text": " what is fct_orders?"},
            ]}],
        }],
    }
    return json.dumps({
        "token": "bench-verification-token",
        "team_id": TEAM,
        "context_team_id": TEAM,
        "context_enterprise_id": None,
        "api_app_id": APP,
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{prefix}{i:09d}",
        "event_time": now,
        "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
        "event_context": f"4-eyJldCI6ImFwcF9tZW50aW9uIn0-{i}",
    }, separators=(",", ":"))


def sign(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + mac.hexdigest()


def generate(args):
    now = int(time.time())
    key = args.secret.encode()
    with open(args.out, "w") as out:
        for i in range(args.count):
            body = event_body(args.prefix, i, now)
            mac = hmac.new(key, f"v0:{now}:{body}".encode(), hashlib.sha256).hexdigest()
            out.write(f"{now}\tv0={mac}\t{body}\n")
    return 0


def post(url, timestamp, signature, body):
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
    })
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def probe(args):
    now = int(time.time())
    good = event_body(args.prefix, 0, now)
    bad = event_body(args.prefix, 1, now)
    signed = post(args.url, now, sign(args.secret, now, good), good)
    forged = post(args.url, now, sign(args.secret + "x", now, bad), bad)
    print(json.dumps({"signed_status": signed, "bad_signature_status": forged}))
    if not 200 <= signed < 300:
        print(f"probe: a signed request got HTTP {signed}, expected 2xx", file=sys.stderr)
        return 1
    if forged != 401:
        print(f"probe: a request with a wrong signature got HTTP {forged}, expected 401", file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--secret", required=True)
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--prefix", required=True, help="makes event_ids unique across files")
    g.add_argument("--out", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--secret", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--prefix", required=True)
    args = parser.parse_args()
    return generate(args) if args.command == "generate" else probe(args)


if __name__ == "__main__":
    sys.exit(main())
