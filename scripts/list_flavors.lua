-- List the flavors servers come in, smallest first: RAM, vCPUs and disk of each.
-- usage: novalua scripts/list_flavors.lua

local list = flavors.list()
table.sort(list, function(a, b)
  if a.ram ~= b.ram then return a.ram < b.ram end
  return a.name < b.name
end)

print(string.format("%d flavors", #list))
for _, flavor in ipairs(list) do
  print(string.format("%-4s %-12s %6d MB RAM  %2d vCPUs  %4d GB disk", flavor.id, flavor.name,
    flavor.ram, flavor.vcpus, flavor.disk))
end
