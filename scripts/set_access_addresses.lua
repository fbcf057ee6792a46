-- Set the IPv4 and IPv6 access addresses of a server, as the book's example does.
-- usage: novalua scripts/set_access_addresses.lua [SERVER|- [IPV4 [IPV6]]]

local ref = arg[1] ~= "-" and arg[1] or nil
local ipv4 = arg[2] or "192.168.100.2"
local ipv6 = arg[3] or "fe80:0:0:0:0:0:c0a8:6402"
local server = ref and servers.get(ref) or servers.create{name = "access-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  servers.update(server, {accessIPv4 = ipv4, accessIPv6 = ipv6})
  local updated = servers.get(server.id)
  print(string.format("%s accessIPv4: %s", updated.name, updated.accessIPv4))
  print(string.format("%s accessIPv6: %s", updated.name, updated.accessIPv6))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
