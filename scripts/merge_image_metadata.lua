-- Update an image's metadata by merging: given keys change, other keys stay.
-- usage: novalua scripts/merge_image_metadata.lua [IMAGE]   (without IMAGE: a new snapshot)

local ref = arg[1] ~= "-" and arg[1] or nil
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {version = "1.0.0", creator = "joe"}), "ACTIVE")
end

local function show(label, metadata)
  local items = {}
  for key, value in pairs(metadata) do items[#items + 1] = key .. "=" .. value end
  table.sort(items)
  print(string.format("%-7s %s", label, table.concat(items, ", ")))
end

local ok, err = pcall(function()
  show("before:", meta.list(image))
  show("after:", meta.update(image, {version = "1.0.1"}))
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
