-- wrk script: each thread replays its own file of pre-signed webhooks (gen_webhooks.py), each
-- request once. WEBHOOKS = the files' prefix (wrk passes no arguments to setup/init in time);
-- WEBHOOK_PATH = a fixed path (the bare endpoint), else /webhooks/{bot}/whatsapp_cloud.
-- A thread that runs out starts over (`wrapped` > 0 in the result: the daemon then dedupes
-- those requests and runs no turn, so regenerate more).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local prefix = os.getenv("WEBHOOKS")
  local fixed = os.getenv("WEBHOOK_PATH")
  if fixed == "" then fixed = nil end
  requests = {}
  for line in io.lines(prefix .. "." .. tid) do
    local a = line:find("\t", 1, true)
    local b = line:find("\t", a + 1, true)
    local path = fixed or ("/webhooks/" .. line:sub(1, a - 1) .. "/whatsapp_cloud")
    requests[#requests + 1] = wrk.format("POST", path,
      { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(a + 1, b - 1) },
      line:sub(b + 1))
  end
  sent = 0
  wraps = 0
end

function request()
  sent = sent + 1
  local i = sent % #requests
  if i == 0 then wraps = wraps + 1 end
  return requests[i + 1]
end

function done(summary, latency, requests)
  local wrapped = 0
  for _, thread in ipairs(threads) do wrapped = wrapped + (thread:get("wraps") or 0) end
  local p = function(q) return latency:percentile(q) / 1000 end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d wrapped=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    p(50), p(90), p(95), p(99), latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, wrapped))
end
