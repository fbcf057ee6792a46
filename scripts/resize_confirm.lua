-- Resize a server to a bigger flavor, wait for VERIFY_RESIZE, then confirm the new size.
-- usage: novalua scripts/resize_confirm.lua [SERVER|- [FLAVOR]]   (FLAVOR: next one up in RAM)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "resize-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}
local old = flavors.get(server.flavor.id)

local ok, err = pcall(function()
  local new = arg[2] and flavors.get(arg[2]) or flavors.pick{min_ram = old.ram + 1}
  servers.resize(server, new)
  local verify = servers.wait(server, "VERIFY_RESIZE")
  print(string.format("%s: %s -> %s, %s", server.name, old.name, new.name, verify.status))

  servers.confirm_resize(server)
  local done = servers.wait(server, "ACTIVE")
  print(string.format("confirmed: %s is %s on %s", done.name, done.status,
    flavors.get(done.flavor.id).name))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
