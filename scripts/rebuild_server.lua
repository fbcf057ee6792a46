-- Rebuild a server from an image: same id and addresses, fresh disk, new admin password.
-- usage: novalua scripts/rebuild_server.lua [SERVER|- [IMAGE]]   (IMAGE: the server's own)

local ref = arg[1] ~= "-" and arg[1] or nil
local server = ref and servers.get(ref) or servers.create{name = "rebuild-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}
local image = images.get(arg[2] or server.image.id)

local ok, err = pcall(function()
  local rebuilt = servers.rebuild(server, {image = image, name = server.name,
    metadata = {rebuilt = "yes"}})
  print(string.format("rebuilding %s from %s: %s", server.name, image.name, rebuilt.status))
  print(rebuilt.adminPass and
    string.format("new admin password: %d characters (not shown)", #rebuilt.adminPass) or
    "new admin password: not given by this cloud")

  local done = servers.wait(server, "ACTIVE")
  print(string.format("%s is %s, image %s, rebuilt = %s", done.name, done.status,
    done.image.id == image.id and image.name or done.image.id, done.metadata.rebuilt))
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
