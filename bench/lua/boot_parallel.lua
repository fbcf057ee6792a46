-- Boots count servers named prefix-001... with parallel.map, up to workers
-- creates in flight at once, then waits until every one is ACTIVE.
--   novalua bench/lua/boot_parallel.lua PREFIX COUNT [WORKERS [IMAGE [FLAVOR]]]
local prefix, count = arg[1], tonumber(arg[2])
local workers = tonumber(arg[3] or "16")

-- servers.create looks an image name or id up in a listing of every image on
-- each call, and on a real cloud that listing is a slow proxy to Glance; an
-- href (the book's imageRef) is used as it is. So look both up once.
local function href(item)
  for _, link in ipairs(item.links) do
    if link.rel == "self" then return link.href end
  end
  return item.id
end
local image = href(images.find(arg[4] or "realstack-tiny"))
local flavor = href(flavors.find(arg[5] or "m1.tiny"))

local names = {}
for i = 1, count do names[i] = string.format("%s-%03d", prefix, i) end

local created = parallel.map(names, function(name)
  return servers.create{name = name, image = image, flavor = flavor}
end, {workers = workers})
servers.wait_all(created, "ACTIVE", {timeout = 1800})
print(#created .. " servers ACTIVE")
