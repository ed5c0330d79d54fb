-- wrk script for bench/run-ingress: replays the signed requests that
-- make_requests.py wrote, each at most once, so every request carries a
-- unique event_id (a server that de-duplicates takes its normal path).
--
-- usage: wrk ... -s ingress.lua URL -- REQUESTS_FILE
-- REQUESTS_FILE has one request a line: timestamp<TAB>signature<TAB>body.
-- With several wrk threads each takes every n-th line. A thread that runs out
-- stops (wrk then reports the time it actually ran) and done() prints
-- `ingress.lua: exhausted N of M threads`, so the caller can size the file.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  -- Each thread has its own Lua state, which does not see `threads`: the
  -- caller passes the thread count (wrk's -t) as the second argument.
  local count = tonumber(args[2]) or 1
  requests = {}
  local file = assert(io.open(path, "r"))
  local line_number = 0
  for line in file:lines() do
    if line_number % count == id then
      local ts, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", "/slack/events", {
        ["Content-Type"] = "application/json",
        ["X-Slack-Request-Timestamp"] = ts,
        ["X-Slack-Signature"] = signature,
      }, body)
    end
    line_number = line_number + 1
  end
  file:close()
  index = 0
  exhausted = 0
end

function request()
  index = index + 1
  if index > #requests then
    -- Out of unique requests: stop this thread. wrk still sends what this
    -- returns on one connection, so return the last one (a single duplicate).
    exhausted = 1
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[index]
end

function done(summary, latency, requests)
  local out = 0
  for _, thread in ipairs(threads) do
    if thread:get("exhausted") == 1 then
      out = out + 1
    end
  end
  io.write(string.format("ingress.lua: exhausted %d of %d threads\n", out, #threads))
end
