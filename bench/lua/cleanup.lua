-- Deletes every server whose name starts with PREFIX and waits until they
-- are gone.
--   novalua bench/lua/cleanup.lua PREFIX
local prefix = arg[1]
assert(prefix and #prefix >= 3, "cleanup.lua: give a name prefix of 3 characters or more")

-- Nova keeps listing a deleted server, as DELETED, for a moment.
local function remaining()
  local list = {}
  for _, server in ipairs(servers.list()) do
    if server.name:sub(1, #prefix) == prefix and server.status ~= "DELETED" then
      list[#list + 1] = server
    end
  end
  return list
end

local doomed = remaining()
if #doomed > 0 then
  -- A server may go away between the listing and its delete (404): that is
  -- what this script wants, so only the servers left at the end count.
  pcall(servers.delete, doomed)
  servers.wait_all(doomed, "DELETED", {timeout = 900})
  local left = remaining()
  if #left > 0 then
    error(string.format("cleanup.lua: %d servers named %s* are still there", #left, prefix))
  end
end
print(#doomed .. " servers deleted")
