-- Delete a server, wait until it is gone, and show the cloud's answer for it afterwards.
-- usage: novalua scripts/delete_server.lua [SERVER]   (without SERVER: boots one to delete)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "delete-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

servers.delete(server)
print(string.format("deleting %s", server.name))
servers.wait(server, "DELETED")

local found, err = pcall(servers.get, server.id)
if found then
  print("the server is still there")
else
  print(string.format("%s is gone: %d %s", server.name, err.code, err.kind))
end
