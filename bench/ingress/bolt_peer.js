#!/usr/bin/env node
// The Bolt peer of bench/run-ingress: @slack/bolt 5.1.0's HTTPReceiver on
// POST /slack/events, configured as in the Slack reference (§7) so it never
// calls Slack: tokenVerificationEnabled false, botId and botUserId given.
// Events are acknowledged by Bolt before the listener runs, like Steward.
//
// usage: node bolt_peer.js   (NODE_PATH must hold the installed @slack/bolt)
// Environment:
//   BENCH_PORT            port on 127.0.0.1 (default 3999)
//   BENCH_SIGNING_SECRET  signing secret (required)
//   BENCH_API_URL         Web API base URL for say() (default http://127.0.0.1:9/api/)
//   BENCH_REPLY=1         the app_mention listener posts a threaded reply
//                         with say() (chat.postMessage to BENCH_API_URL);
//                         default: the listener does nothing.
// Prints `bolt peer listening on 127.0.0.1:PORT` once it accepts requests.
'use strict';

const { App, LogLevel } = require('@slack/bolt');

const port = Number(process.env.BENCH_PORT || 3999);
const secret = process.env.BENCH_SIGNING_SECRET;
if (!secret) {
  console.error('bolt_peer: set BENCH_SIGNING_SECRET');
  process.exit(2);
}
const reply = process.env.BENCH_REPLY === '1';

const app = new App({
  signingSecret: secret,
  token: 'xoxb-bench',
  botId: 'B0BENCH',
  botUserId: 'U0BOT',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.BENCH_API_URL || 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } },
});

app.event('app_mention', async ({ event, say }) => {
  if (reply) {
    await say({ text: 'ok', thread_ts: event.thread_ts || event.ts });
  }
});
app.command('/steward', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'ok' }));
app.error(async (error) => {
  console.error(`bolt_peer: ${error.message}`);
});

(async () => {
  await app.start({ port, host: '127.0.0.1' });
  console.log(`bolt peer listening on 127.0.0.1:${port}`);
})().catch((error) => {
  console.error(`bolt_peer: ${error.message}`);
  process.exit(1);
});

const stop = () => {
  app.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
