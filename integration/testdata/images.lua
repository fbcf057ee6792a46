-- Images, limits, and an image made from a server, against a real Nova.
-- usage: novalua images.lua IMAGE FLAVOR PREFIX
local image, flavor, prefix = arg[1], arg[2], arg[3]

local base = images.find(image)
assert(base.status == "ACTIVE", "the base image is ACTIVE")
local listed = false
for _, i in ipairs(images.list()) do
  listed = listed or i.id == base.id
end
assert(listed, "images.list shows the base image")
assert(images.get(base.id).name == image, "images.get by id")
print("images ok")

local l = limits.get()
assert(type(l.absolute.maxTotalInstances) == "number", "limits: maxTotalInstances")
assert(type(l.absolute.totalInstancesUsed) == "number", "limits: totalInstancesUsed")
print("limits ok: " .. l.absolute.totalInstancesUsed .. " of " .. l.absolute.maxTotalInstances)

local server = servers.create{name = prefix .. "-images", image = image, flavor = flavor,
  wait = true}
local ok, err = pcall(function()
  local snapshot = servers.create_image(server, prefix .. "-snapshot", {purpose = "it"})
  assert(type(snapshot.id) == "string", "create_image returns the new image")
  -- The fake virt driver uploads nothing: the snapshot stays SAVING, never ACTIVE.
  local shown = images.get(snapshot.id)
  assert(shown.name == prefix .. "-snapshot", "the snapshot has its name")
  print("create image ok: " .. shown.status)

  images.delete(snapshot.id)
  images.wait(snapshot.id, "DELETED", {timeout = 120})
  print("delete image ok")
end)

servers.delete(server)
servers.wait(server.id, "DELETED")
if not ok then error(err, 0) end
print("ok")
