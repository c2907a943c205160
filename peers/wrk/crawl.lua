-- HyperSharp peer: wrk against the slow server, the crawl ladder's URLs (peers/wrk/wrk.sh runs it).
-- Script arguments: the URL file, the thread count, a folder where each thread leaves a file when its share is
-- answered (wrk.sh interrupts wrk when all have: wrk would otherwise wait out its -d duration). Thread k of T requests the URLs whose index i has i % T == k, each until it is
-- answered 2xx (a request the server fails is sent again), and stops when all of its share are answered. An answer's
-- index is read from its body (the slow server answers a URL's name, s<seed>-<index>). Each thread keeps its count,
-- the checksum of its answers (status + body length, the ladder's) and the monotonic times of its first request and
-- last answer; done() prints one line: "hypersharp-wrk COMPLETED CHECKSUM SECONDS ERRORS".
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } hs_timespec; int clock_gettime(int clk, hs_timespec *tp); ]]
local ts = ffi.new("hs_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths, seen, share, next_i = {}, {}, {}, 1
completed, checksum, first, last, failures = 0, 0, 0, 0, 0

function init(args)
  marks = args[3]
  local i = 0
  for line in io.lines(args[1]) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      local path = line:match("^https?://[^/]+(/.*)$") or "/"
      if i % tonumber(args[2]) == id then
        table.insert(share, i)
        paths[i] = path
      end
      i = i + 1
    end
  end
end

function request()
  if first == 0 then first = now() end
  -- The next index of the share not yet answered (in order, round and round).
  for _ = 1, #share do
    local i = share[next_i]
    next_i = next_i % #share + 1
    if not seen[i] then
      return wrk.format("GET", paths[i])
    end
  end
  return wrk.format("GET", paths[share[1]])
end

function response(status, headers, body)
  local i = tonumber(body:match("%-(%d+)$") or "")
  if status >= 200 and status < 300 and i ~= nil and paths[i] ~= nil and not seen[i] then
    seen[i] = true
    completed = completed + 1
    checksum = checksum + status + #body
    last = now()
    if completed == #share then
      local f = io.open(marks .. "/done-" .. id, "w")
      if f then f:close() end
      wrk.thread:stop()
    end
  elseif status < 200 or status >= 300 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local c, sum, t0, t1, f = 0, 0, math.huge, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("completed")
    sum = sum + t:get("checksum")
    local a, b = t:get("first"), t:get("last")
    if a > 0 and a < t0 then t0 = a end
    if b > t1 then t1 = b end
    f = f + t:get("failures")
  end
  io.write(string.format("hypersharp-wrk %d %.0f %.9f %d %d\n", c, sum, (t1 > t0) and (t1 - t0) or 0,
    f + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.requests))
end
