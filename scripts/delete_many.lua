-- Delete every server whose name starts with PREFIX, all at once, and wait until they are gone.
-- usage: novalua scripts/delete_many.lua [PREFIX]   (without PREFIX: boots three to delete)

local prefix = arg[1]
if not prefix then
  prefix = "delete-many-"
  servers.create{name = "delete-many", image = "ubuntu-11.04-server", flavor = "m1.tiny",
    count = 3, wait = true}
end

-- A plain prefix, not a pattern: names may hold dots and dashes.
local doomed = {}
for _, server in ipairs(servers.list()) do
  if server.name:sub(1, #prefix) == prefix and server.status ~= "DELETED" then
    doomed[#doomed + 1] = server
  end
end
table.sort(doomed, function(a, b) return a.name < b.name end)
if #doomed == 0 then
  print("no server's name starts with " .. prefix)
  return
end

for _, server in ipairs(doomed) do
  print("deleting " .. server.name)
end
servers.delete(doomed)
servers.wait_all(doomed, "DELETED")
print(string.format("%d servers deleted", #doomed))
