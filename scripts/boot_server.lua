-- Boot a new server: look up an image and a flavor by name, create tornado001
-- with a little metadata, wait until it is ACTIVE, and show it.
-- usage: novalua scripts/boot_server.lua [IMAGE [FLAVOR [NAME]]]

local image_name = arg[1] or "ubuntu-11.04-server"
local flavor_name = arg[2] or "m1.tiny"
local name = arg[3] or "tornado001"

local image = images.find(image_name)
local flavor = flavors.find(flavor_name)

local server = servers.create{
  name = name,
  image = image,
  flavor = flavor,
  metadata = {role = "webserver", owner = "joe"},
  wait = true,
}

-- The cloud shows the admin password this once; keep it off the screen.
local admin_password = server.adminPass
server.adminPass = nil
jsonpp.print(server)
if admin_password then
  print(string.format("admin password: %d characters, in server.adminPass (not shown)",
    #admin_password))
end

local networks = {}
for network in pairs(server.addresses or {}) do
  table.insert(networks, network)
end
table.sort(networks)

for _, network in ipairs(networks) do
  for _, address in ipairs(server.addresses[network]) do
    if address.version == 4 then
      print(string.format("first IPv4 address: %s (%s)", address.addr, network))
      return
    end
  end
end
print("the server has no IPv4 address yet")
