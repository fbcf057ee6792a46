-- Get the value of one metadata key of an image; a missing key is reported, not raised.
-- usage: novalua scripts/get_image_metadata_item.lua [IMAGE|- [KEY]]   (KEY: creator)

local ref = arg[1] ~= "-" and arg[1] or nil
local key = arg[2] or "creator"
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {creator = "joe"}), "ACTIVE")
end

local ok, err = pcall(function()
  local value, missing = meta.get(image, key)
  if value then
    print(string.format("%s: %s = %s", image.name, key, value))
  else
    print(missing)
  end
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
