-- List all metadata of an image: every key and its value (GET /images/{id}/metadata).
-- usage: novalua scripts/list_image_metadata.lua [IMAGE]   (without IMAGE: a new snapshot)

local ref = arg[1] ~= "-" and arg[1] or nil
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {version = "1.0.0", creator = "joe"}), "ACTIVE")
end

local ok, err = pcall(function()
  local metadata = meta.list(image)
  local keys = {}
  for key in pairs(metadata) do keys[#keys + 1] = key end
  table.sort(keys)

  print(string.format("%s has %d metadata items", image.name, #keys))
  for _, key in ipairs(keys) do
    print(string.format("  %s = %s", key, metadata[key]))
  end
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
