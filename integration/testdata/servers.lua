-- Boot, list, find, metadata, reboot, rebuild, a 404 and delete, against a real Nova.
-- usage: novalua servers.lua IMAGE FLAVOR PREFIX
local image, flavor, prefix = arg[1], arg[2], arg[3]
local name = prefix .. "-servers"

local server = servers.create{name = name, image = image, flavor = flavor,
  metadata = {role = "it"}, wait = true}
assert(server.status == "ACTIVE", "boot: status is " .. tostring(server.status))
print("booted " .. server.id)

local ok, err = pcall(function()
  local listed = false
  for _, s in ipairs(servers.list()) do
    listed = listed or s.id == server.id
  end
  assert(listed, "list: the new server is not listed")
  assert(servers.find(name).id == server.id, "find: another server has the name")

  assert(meta.get(server, "role") == "it", "metadata given at boot is missing")
  assert(meta.set(server, "owner", "joe") == "joe", "meta.set of one key")
  local merged = meta.update(server, {tier = "web"})
  assert(merged.role == "it" and merged.owner == "joe" and merged.tier == "web",
    "meta.update keeps the other keys")
  meta.delete(server, "owner")
  local value, message = meta.get(server, "owner")
  assert(value == nil and message, "a deleted key is gone")
  local replaced = meta.set(server, {only = "this"})
  assert(replaced.only == "this" and replaced.role == nil, "meta.set of a table replaces")
  assert(meta.list(server).only == "this", "meta.list")
  print("metadata ok")

  servers.reboot(server, "SOFT")
  assert(servers.wait(server, "ACTIVE").status == "ACTIVE")
  servers.reboot(server, "HARD")
  assert(servers.wait(server, "ACTIVE").status == "ACTIVE")
  print("reboots ok")

  local rebuilt = servers.rebuild(server, {image = image, name = name .. "-rebuilt"})
  assert(type(rebuilt.adminPass) == "string" and #rebuilt.adminPass > 0,
    "rebuild returns a new adminPass")
  assert(servers.wait(server, "ACTIVE").name == name .. "-rebuilt", "rebuild renames")
  print("rebuild ok")

  local found, missing = pcall(servers.get, "00000000-0000-0000-0000-000000000000")
  assert(not found and missing.code == 404 and missing.kind == "itemNotFound",
    "a missing server is a 404 itemNotFound: " .. tostring(missing))
  print("404 ok")
end)

servers.delete(server)
servers.wait(server.id, "DELETED")
-- Nova may show the server as DELETED for a moment before it answers 404.
local still, gone
for _ = 1, 60 do
  still, gone = pcall(servers.get, server.id)
  if not still or gone.status ~= "DELETED" then break end
  os.execute("sleep 1")
end
assert(not still and gone.code == 404, "a deleted server answers 404: " .. tostring(gone))
print("delete ok")
if not ok then error(err, 0) end
print("ok")
