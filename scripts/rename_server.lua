-- Rename a server (PUT /servers/{id}) and show that the cloud keeps the new name.
-- usage: novalua scripts/rename_server.lua [SERVER|- [NEW_NAME]]   (NEW_NAME: nginx000)

local ref = arg[1] ~= "-" and arg[1] or nil
local new_name = arg[2] or "nginx000"
local server = ref and servers.get(ref) or servers.create{name = "rename-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  local renamed = servers.update(server, {name = new_name})
  print(string.format("renamed %s to %s", server.name, renamed.name))
  print("the cloud now says: " .. servers.get(server.id).name)
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
