-- "Taken" pressed for a dose: a POST with a fresh one-time token each time.
local medication = os.getenv("BENCH_MEDICATION")
local csrf = os.getenv("BENCH_CSRF")
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

-- Unique per thread and request, so no press is mistaken for a repeat of another.
local function token()
  counter = counter + 1
  return string.format("%08x-0000-4000-8000-%04x%08x", os.time(), id, counter)
end

-- "confirmed": as "Yes, record another dose" sends it. The bench presses for one patient
-- hundreds of times a second; unconfirmed, every press after the first would be asked about
-- (a dose of the medicine was taken in the last 2 hours) and record nothing.
request = function()
  local body = "medication=" .. medication .. "&token=" .. token() .. "&confirmed=yes"
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
