-- Reboot a server, SOFT (shutdown -r) or HARD (power off and on), until it is ACTIVE again.
-- usage: novalua scripts/reboot_server.lua [SERVER|- [SOFT|HARD]]   (default: SOFT)

local ref = arg[1] ~= "-" and arg[1] or nil
local kind = (arg[2] or "SOFT"):upper()
local server = ref and servers.get(ref) or servers.create{name = "reboot-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  servers.reboot(server, kind)
  print(string.format("%s reboot of %s: %s", kind, server.name, servers.get(server.id).status))
  local done = servers.wait(server, "ACTIVE")
  print(string.format("%s is %s again", done.name, done.status))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
