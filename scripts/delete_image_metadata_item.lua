-- Delete one metadata item of an image and show what is left.
-- usage: novalua scripts/delete_image_metadata_item.lua [IMAGE|- [KEY]]   (KEY: creator)

local ref = arg[1] ~= "-" and arg[1] or nil
local key = arg[2] or "creator"
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {version = "1.0.0", creator = "joe"}), "ACTIVE")
end

local ok, err = pcall(function()
  meta.delete(image, key)
  print(string.format("deleted %s from %s", key, image.name))
  local items = {}
  for k, v in pairs(meta.list(image)) do items[#items + 1] = k .. "=" .. v end
  table.sort(items)
  print("left: " .. table.concat(items, ", "))
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
