-- wrk script for bench/forum_pages.py: sends a signed-in member's cookies when the environment has them,
-- and ends with one JSON line (prefix "WRK_RESULT ") holding requests, seconds, p50 and p99 in microseconds.
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if csrf and csrf ~= "" then
  wrk.headers["X-CSRFToken"] = csrf
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"socket_errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status
  ))
end
