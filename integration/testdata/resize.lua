-- Resize then confirm, resize then revert, and a 409 for a confirm with nothing to confirm.
-- usage: novalua resize.lua IMAGE FLAVOR PREFIX
local image, flavor, prefix = arg[1], arg[2], arg[3]

local server = servers.create{name = prefix .. "-resize", image = image, flavor = flavor,
  wait = true}
print("booted " .. server.id)

local ok, err = pcall(function()
  local early, conflict = pcall(servers.confirm_resize, server)
  assert(not early and conflict.code == 409 and conflict.kind == "conflictingRequest",
    "confirm without a resize is a 409 conflictingRequest: " .. tostring(conflict))
  print("409 ok")

  local old = flavors.get(server.flavor.id)
  local bigger = flavors.pick{min_ram = old.ram + 1}
  servers.resize(server, bigger)
  servers.wait(server, "VERIFY_RESIZE")
  servers.confirm_resize(server)
  local confirmed = servers.wait(server, "ACTIVE")
  assert(confirmed.flavor.id == bigger.id, "confirm keeps the new flavor")
  print("resize-confirm ok: " .. old.name .. " -> " .. bigger.name)

  local biggest = flavors.pick{min_ram = bigger.ram + 1}
  servers.resize(server, biggest)
  servers.wait(server, "VERIFY_RESIZE")
  servers.revert_resize(server)
  local reverted = servers.wait(server, "ACTIVE")
  assert(reverted.flavor.id == bigger.id, "revert goes back to the old flavor")
  print("resize-revert ok")
end)

servers.delete(server)
servers.wait(server.id, "DELETED")
if not ok then error(err, 0) end
print("ok")
