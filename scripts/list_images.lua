-- List the images servers can boot from, with their status, size and minimum RAM and disk.
-- usage: novalua scripts/list_images.lua [NAME]   (NAME: only images with this exact name)

local list = images.list{name = arg[1]}
table.sort(list, function(a, b) return a.name < b.name end)

print(string.format("%d images", #list))
for _, image in ipairs(list) do
  local size = image["OS-EXT-IMG-SIZE:size"] or 0
  print(string.format("%-24s %-7s %8.1f MB  minRam %d  minDisk %d  %s", image.name,
    image.status, size / 1048576, image.minRam, image.minDisk, image.id))
end
