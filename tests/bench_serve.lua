-- bench_serve.lua: wrk posts JSON bodies read from a file (one a line), in
-- turn, each thread from its own place in the list.
-- usage: wrk -s tests/bench_serve.lua URL -- BODIES_FILE
local bodies = {}
local i = 0

function init(args)
   for line in io.lines(args[1]) do
      bodies[#bodies + 1] = line
   end
   i = math.random(#bodies)
end

function request()
   i = i % #bodies + 1
   return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[i])
end
