-- Show the details of one server: status, flavor, image, addresses and metadata.
-- usage: novalua scripts/show_server.lua [SERVER]   (without SERVER: boots a temporary one)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "details-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", metadata = {owner = "joe"}, wait = true}

local ok, err = pcall(function()
  local s = servers.get(server.id)
  print("name:     " .. s.name)
  print("id:       " .. s.id)
  print("status:   " .. s.status)
  print("flavor:   " .. flavors.get(s.flavor.id).name)
  print("image:    " .. s.image.id)
  print("host id:  " .. s.hostId)
  print("created:  " .. s.created)

  local networks = {}
  for network in pairs(s.addresses) do networks[#networks + 1] = network end
  table.sort(networks)
  for _, network in ipairs(networks) do
    for _, address in ipairs(s.addresses[network]) do
      print(string.format("address:  %s IPv%d %s", network, address.version, address.addr))
    end
  end

  local keys = {}
  for key in pairs(s.metadata) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do
    print(string.format("metadata: %s = %s", key, s.metadata[key]))
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
