-- The summary of 5 days starting on a random earlier day, so that nearly every request is
-- made afresh, as after a change to the records, rather than served as kept.
math.randomseed(os.time())
local day = 24 * 60 * 60

request = function()
  local start = os.date("!%Y-%m-%d", os.time() - math.random(6, 89) * day)
  return wrk.format(nil, string.format("%s?start=%s&days=5", wrk.path, start))
end
