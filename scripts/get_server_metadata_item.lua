-- Get the value of one metadata key of a server; a missing key is reported, not raised.
-- usage: novalua scripts/get_server_metadata_item.lua [SERVER|- [KEY]]   (KEY: owner)

local ref = arg[1] ~= "-" and arg[1] or nil
local key = arg[2] or "owner"
local server = ref and servers.get(ref) or servers.create{name = "metadata-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true, metadata = {owner = "joe"}}

local ok, err = pcall(function()
  local value, missing = meta.get(server, key)
  if value then
    print(string.format("%s: %s = %s", server.name, key, value))
  else
    print(missing)
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
