-- Delete one metadata item of a server and show what is left.
-- usage: novalua scripts/delete_server_metadata_item.lua [SERVER|- [KEY]]   (KEY: owner)

local ref = arg[1] ~= "-" and arg[1] or nil
local key = arg[2] or "owner"
local server = ref and servers.get(ref) or servers.create{name = "metadata-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true,
  metadata = {owner = "joe", group = "www"}}

local ok, err = pcall(function()
  meta.delete(server, key)
  print(string.format("deleted %s from %s", key, server.name))
  local items = {}
  for k, v in pairs(meta.list(server)) do items[#items + 1] = k .. "=" .. v end
  table.sort(items)
  print("left: " .. table.concat(items, ", "))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
