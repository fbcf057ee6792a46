-- Deletes every server whose name starts with PREFIX and waits until they
-- are gone.
--   novalua bench/lua/cleanup.lua PREFIX
local prefix = arg[1]
assert(prefix and #prefix >= 3, "cleanup.lua: give a name prefix of 3 characters or more")

local doomed = {}
for _, server in ipairs(servers.list{detail = false}) do
  if server.name:sub(1, #prefix) == prefix then doomed[#doomed + 1] = server end
end
if #doomed > 0 then
  servers.delete(doomed)
  servers.wait_all(doomed, "DELETED", {timeout = 900})
end
print(#doomed .. " servers deleted")
