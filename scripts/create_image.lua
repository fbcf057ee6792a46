-- Create an image from a server, with metadata, and wait (30 s at most) for it to be ACTIVE.
-- usage: novalua scripts/create_image.lua [SERVER|- [IMAGE_NAME]]   (keeps the image)

local ref = arg[1] ~= "-" and arg[1] or nil
local name = arg[2] or "tornado-app-server"
local server = ref and servers.get(ref) or servers.create{name = "image-demo",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}

local ok, err = pcall(function()
  local image = servers.create_image(server, name, {version = "1.0.0", creator = "joe"})
  print(string.format("image %s of %s: %s", image.name, server.name, image.status))
  print("image id: " .. image.id)

  local waited, result = pcall(images.wait, image, "ACTIVE", {timeout = 30})
  if waited then
    print(string.format("image %s is ACTIVE, version %s", result.name, result.metadata.version))
  else
    print("not ACTIVE yet: " .. tostring(result))
  end
end)
if not ref then servers.delete(server) end
if not ok then error(err, 0) end
