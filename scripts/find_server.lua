-- List the project's servers by name, then find one by its exact name and show it.
-- usage: novalua scripts/find_server.lua [NAME]   (without NAME: boots two servers to look in)

local name = arg[1]
local booted
if not name then
  booted = servers.create{name = "find-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", count = 2}
  name = "find-demo-2"
end

local ok, err = pcall(function()
  -- The summary listing has only ids and names: enough to see what is there.
  local names = {}
  for _, server in ipairs(servers.list{detail = false}) do
    table.insert(names, server.name)
  end
  table.sort(names)
  print(string.format("%d servers: %s", #names, table.concat(names, ", ")))

  local server = servers.find(name)
  print(string.format("%s: id %s, %s, flavor %s", server.name, server.id, server.status,
    flavors.get(server.flavor.id).name))
end)

if booted then
  servers.delete(booted)
end
if not ok then
  error(err, 0)
end
