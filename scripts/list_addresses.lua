-- List every address of a server, network by network (GET /servers/{id}/ips).
-- usage: novalua scripts/list_addresses.lua [SERVER]   (without SERVER: boots a temporary one)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "addresses-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  local addresses = servers.ips(server)
  local networks = {}
  for network in pairs(addresses) do networks[#networks + 1] = network end
  table.sort(networks)

  print(string.format("%s has addresses on %d network%s", server.name, #networks,
    #networks == 1 and "" or "s"))
  for _, network in ipairs(networks) do
    for _, address in ipairs(addresses[network]) do
      print(string.format("%-10s IPv%d  %s", network, address.version, address.addr))
    end
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
