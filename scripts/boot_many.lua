-- Boot many servers at once with parallel.map, wait until all are ACTIVE, and show their addresses.
-- usage: novalua scripts/boot_many.lua [IMAGE [FLAVOR [PREFIX [COUNT]]]]   (10 worker-NNN)

local image_name = arg[1] ~= "-" and arg[1] or "ubuntu-11.04-server"
local flavor_name = arg[2] ~= "-" and arg[2] or "m1.tiny"
local prefix = arg[3] ~= "-" and arg[3] or "worker"
local count = tonumber(arg[4] ~= "-" and arg[4] or "10")
if not count or count < 1 or count % 1 ~= 0 then
  error(string.format("boot_many.lua: COUNT must be a whole number, 1 or more (got %q)", arg[4]), 0)
end

-- Look the image and flavor up once, not once per server.
local image = images.find(image_name)
local flavor = flavors.find(flavor_name)

local names = {}
for i = 1, count do
  names[i] = string.format("%s-%03d", prefix, i)
end

-- first_ipv4 is the first IPv4 address of a server, networks in name order.
local function first_ipv4(server)
  local networks = {}
  for network in pairs(server.addresses or {}) do
    networks[#networks + 1] = network
  end
  table.sort(networks)
  for _, network in ipairs(networks) do
    for _, address in ipairs(server.addresses[network]) do
      if address.version == 4 then return address.addr .. " (" .. network .. ")" end
    end
  end
  return "no IPv4 address yet"
end

local started = os.time()
-- collect=true: a create that fails (over quota, say) does not stop the others.
local created, create_errors = parallel.map(names, function(name)
  return servers.create{name = name, image = image, flavor = flavor}
end, {workers = 16, collect = true})

-- wait_all polls with one listing however many servers there are; with
-- collect=true a server that fails does not stop the report on the others.
local booting, slot = {}, {}
for i = 1, count do
  if created[i] then
    booting[#booting + 1] = created[i]
    slot[i] = #booting
  end
end
local ready, failures = {}, {}
if #booting > 0 then
  ready, failures = servers.wait_all(booting, "ACTIVE", {collect = true})
end

local active = 0
for i, name in ipairs(names) do
  local j = slot[i]
  if not j then
    print(string.format("%-12s NOT CREATED  %s", name, tostring(create_errors[i])))
  elseif ready[j] then
    active = active + 1
    print(string.format("%-12s ACTIVE  %s", name, first_ipv4(ready[j])))
  else
    print(string.format("%-12s %s  %s", name, failures[j].status,
      failures[j].fault or failures[j].message))
  end
end
print(string.format("%d of %d servers ACTIVE in %d s", active, count, os.time() - started))
