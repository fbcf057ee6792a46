-- Boot a server with metadata (KEY=VALUE arguments, or the book's five items) and show it.
-- usage: novalua scripts/boot_with_metadata.lua [IMAGE [FLAVOR [NAME [KEY=VALUE...]]]]

local image = arg[1] ~= "-" and arg[1] or "ubuntu-11.04-server"
local flavor = arg[2] ~= "-" and arg[2] or "m1.tiny"
local name = arg[3] ~= "-" and arg[3] or "tornado002"

local metadata = {}
for i = 4, #arg do
  local key, value = arg[i]:match("^([^=]+)=(.*)$")
  if not key then
    error(string.format("metadata must be KEY=VALUE, got %q", arg[i]), 0)
  end
  metadata[key] = value
end
if next(metadata) == nil then
  metadata = {["function"] = "dynamic content", master = "no",
    ["belongs-to"] = "load balanced group no 1", admin = "Joe Speedoo", backup = "no"}
end

-- servers.create checks the count against the cloud's maxServerMeta before it sends anything.
local server = servers.create{name = name, image = image, flavor = flavor,
  metadata = metadata, wait = true}

-- What the cloud stored, not what was sent.
local stored = meta.list(server)
local keys = {}
for key in pairs(stored) do table.insert(keys, key) end
table.sort(keys)

print(string.format("%s is %s with %d metadata items:", server.name, server.status, #keys))
for _, key in ipairs(keys) do
  print(string.format("  %-12s %s", key, stored[key]))
end
