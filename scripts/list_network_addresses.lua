-- List the addresses a server has on one network (GET /servers/{id}/ips/{network}).
-- usage: novalua scripts/list_network_addresses.lua [SERVER|- [NETWORK]]   (NETWORK: private)

local ref = arg[1] ~= "-" and arg[1] or nil
local network = arg[2] or "private"
local server = ref and servers.get(ref) or servers.create{name = "network-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  local addresses = servers.ips(server, network)
  print(string.format("%s, network %s:", server.name, network))
  for _, address in ipairs(addresses) do
    print(string.format("IPv%d  %s", address.version, address.addr))
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
