-- Set one metadata item of a server, leaving its other keys as they are.
-- usage: novalua scripts/set_server_metadata_item.lua [SERVER|- [KEY [VALUE]]]   (owner joe)

local ref = arg[1] ~= "-" and arg[1] or nil
local key, value = arg[2] or "owner", arg[3] or "joe"
local server = ref and servers.get(ref) or servers.create{name = "metadata-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true, metadata = {group = "www"}}

local ok, err = pcall(function()
  print(string.format("set %s = %s on %s", key, meta.set(server, key, value), server.name))
  local items = {}
  for k, v in pairs(meta.list(server)) do items[#items + 1] = k .. "=" .. v end
  table.sort(items)
  print("now: " .. table.concat(items, ", "))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
