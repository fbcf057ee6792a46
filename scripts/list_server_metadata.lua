-- List all metadata of a server: every key and its value (GET /servers/{id}/metadata).
-- usage: novalua scripts/list_server_metadata.lua [SERVER]   (without SERVER: a new one)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "metadata-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true,
  metadata = {["Server Name"] = "Tornado", owner = "joe"}}

local ok, err = pcall(function()
  local metadata = meta.list(server)
  local keys = {}
  for key in pairs(metadata) do keys[#keys + 1] = key end
  table.sort(keys)

  print(string.format("%s has %d metadata items", server.name, #keys))
  for _, key in ipairs(keys) do
    print(string.format("  %s = %s", key, metadata[key]))
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
