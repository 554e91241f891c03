-- "Taken" pressed for a dose: a POST with a fresh one-time token each time, each for a
-- medicine no other press of the run has used (bench/seed.py, press_patient).
local csrf = os.getenv("BENCH_CSRF")
local stride = tonumber(os.getenv("BENCH_THREADS"))
local medicines = {}
for line in io.lines(os.getenv("BENCH_MEDICINES")) do
  table.insert(medicines, line)
end
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

-- Unique per thread and request, so no press is mistaken for a repeat of another.
local function token()
  return string.format("%08x-0000-4000-8000-%04x%08x", os.time(), id, counter)
end

-- A first "Taken" of the medicine that day: nothing to ask about (no dose of it in the
-- last 2 hours), nothing to mistake it for (one of it in the last 2 minutes). The threads
-- take turns through the medicines; should a run outpress them, it comes back to the
-- first, whose doses are then "already recorded", and `make bench` counts each press that
-- recorded nothing as an error.
request = function()
  counter = counter + 1
  local medicine = medicines[((counter - 1) * stride + id - 1) % #medicines + 1]
  local body = "medication=" .. medicine .. "&token=" .. token()
  -- wrk.format sends only the headers given to it: the session and CSRF cookies
  -- from the command line's -H have to be copied in, or every POST is refused.
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-CSRFToken"] = csrf
  return wrk.format("POST", nil, headers, body)
end
