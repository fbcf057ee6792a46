-- Set one metadata item of an image, leaving its other keys as they are.
-- usage: novalua scripts/set_image_metadata_item.lua [IMAGE|- [KEY [VALUE]]]   (creator joe)

local ref = arg[1] ~= "-" and arg[1] or nil
local key, value = arg[2] or "creator", arg[3] or "joe"
local server
local image = ref and images.get(ref)
if not image then
  server = servers.create{name = "image-metadata-demo", image = "ubuntu-11.04-server",
    flavor = "m1.tiny", wait = true}
  image = images.wait(servers.create_image(server, "metadata-demo-snap",
    {version = "1.0.0"}), "ACTIVE")
end

local ok, err = pcall(function()
  print(string.format("set %s = %s on %s", key, meta.set(image, key, value), image.name))
  local items = {}
  for k, v in pairs(meta.list(image)) do items[#items + 1] = k .. "=" .. v end
  table.sort(items)
  print("now: " .. table.concat(items, ", "))
end)
if server then servers.delete(server); images.delete(image) end
if not ok then error(err, 0) end
