-- Replace all metadata of a server: keys that are not in the new set are removed.
-- usage: novalua scripts/replace_server_metadata.lua [SERVER]   (without SERVER: a new one)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "metadata-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true,
  metadata = {["Server Name"] = "Tornado"}}

local function show(label, metadata)
  local items = {}
  for key, value in pairs(metadata) do items[#items + 1] = key .. "=" .. value end
  table.sort(items)
  print(string.format("%-7s %s", label, table.concat(items, ", ")))
end

local ok, err = pcall(function()
  show("before:", meta.list(server))
  show("after:", meta.set(server, {owner = "joe", group = "www"}))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
