-- Delete an image and wait until it is gone.
-- usage: novalua scripts/delete_image.lua [IMAGE]   (without IMAGE: snapshots a server first)

local ref = arg[1] ~= "-" and arg[1] or nil
local image
if ref then
  image = images.get(ref)
else
  local server = servers.create{name = "image-delete-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "doomed-snapshot"), "ACTIVE")
  servers.delete(server)
end

images.delete(image)
print(string.format("deleting image %s", image.name))
images.wait(image.id, "DELETED")
print(string.format("image %s is gone", image.name))
