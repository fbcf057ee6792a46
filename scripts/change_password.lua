-- Change the root (administrator) password of a server; the password is never printed.
-- usage: novalua scripts/change_password.lua [SERVER|- [PASSWORD]]

local ref = arg[1] ~= "-" and arg[1] or nil
local password = arg[2] or "dontusesshhhforpassword"
local server = ref and servers.get(ref) or servers.create{name = "password-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  servers.change_password(server, password)
  print(string.format("changed the password of %s (%d characters)", server.name, #password))
  print(string.format("%s is %s", server.name, servers.get(server.id).status))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
