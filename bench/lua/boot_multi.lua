-- Boots count servers with one multi-create request (min_count = max_count =
-- count), then waits until every one is ACTIVE: the floor for booting many.
--   novalua bench/lua/boot_multi.lua PREFIX COUNT [IMAGE [FLAVOR]]
local prefix, count = arg[1], tonumber(arg[2])

-- Looked up as boot_parallel.lua does, so that both pay the same.
local function href(item)
  for _, link in ipairs(item.links) do
    if link.rel == "self" then return link.href end
  end
  return item.id
end
local image = href(images.find(arg[3] or "realstack-tiny"))
local flavor = href(flavors.find(arg[4] or "m1.tiny"))

local created = servers.create{name = prefix, image = image, flavor = flavor, count = count}
servers.wait_all(created, "ACTIVE", {timeout = 1800})
print(#created .. " servers ACTIVE")
