-- Replace all metadata of an image: keys that are not in the new set are removed.
-- usage: novalua scripts/replace_image_metadata.lua [IMAGE]   (without IMAGE: a new snapshot)

local ref = arg[1] ~= "-" and arg[1] or nil
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {version = "1.0.0"}), "ACTIVE")
end

local function show(label, metadata)
  local items = {}
  for key, value in pairs(metadata) do items[#items + 1] = key .. "=" .. value end
  table.sort(items)
  print(string.format("%-7s %s", label, table.concat(items, ", ")))
end

local ok, err = pcall(function()
  show("before:", meta.list(image))
  show("after:", meta.set(image, {version = "2.0.0", creator = "joe"}))
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
