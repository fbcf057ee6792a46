-- Resize a server, wait for VERIFY_RESIZE, then revert it to the flavor it had before.
-- usage: novalua scripts/resize_revert.lua [SERVER|- [FLAVOR]]   (FLAVOR: next one up in RAM)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "revert-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}
local old = flavors.get(server.flavor.id)

local ok, err = pcall(function()
  local new = arg[2] and flavors.get(arg[2]) or flavors.pick{min_ram = old.ram + 1}
  servers.resize(server, new)
  local verify = servers.wait(server, "VERIFY_RESIZE")
  print(string.format("%s: %s -> %s, %s", server.name, old.name, new.name, verify.status))

  servers.revert_resize(server)
  local done = servers.wait(server, "ACTIVE")
  print(string.format("reverted: %s is %s on %s", done.name, done.status,
    flavors.get(done.flavor.id).name))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
