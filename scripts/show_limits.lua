-- Print the project's limits: each absolute limit with its use, then the rate limits.
-- usage: novalua scripts/show_limits.lua

local l = limits.get()
local names = {}
for name in pairs(l.absolute) do names[#names + 1] = name end
table.sort(names)

for _, name in ipairs(names) do
  print(string.format("%-26s %s", name, tostring(l.absolute[name])))
end
print(string.format("%d rate limits", #l.rate))
for _, rate in ipairs(l.rate) do
  for _, limit in ipairs(rate.limit or {}) do
    print(string.format("  %s %s: %d per %s", limit.verb, rate.uri, limit.value, limit.unit))
  end
end
