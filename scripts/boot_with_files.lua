-- Boot a server with files written into it at boot (personality), read from local files.
-- usage: novalua scripts/boot_with_files.lua [IMAGE [FLAVOR [NAME [LOCAL=/PATH...]]]]

local image = arg[1] ~= "-" and arg[1] or "ubuntu-11.04-server"
local flavor = arg[2] ~= "-" and arg[2] or "m1.tiny"
local name = arg[3] ~= "-" and arg[3] or "tornado003"

-- Without files named, send the two next to this script.
local here = arg[0]:match("^(.*)/") or "."
local files = {}
for i = 4, #arg do
  local from, to = arg[i]:match("^([^=]+)=(/.+)$")
  if not from then
    error(string.format("files must be LOCAL=/PATH/ON/SERVER, got %q", arg[i]), 0)
  end
  table.insert(files, {from = from, to = to})
end
if #files == 0 then
  files = {{from = here .. "/files/motd", to = "/etc/motd"},
    {from = here .. "/files/profile", to = "/home/joe/.profile"}}
end

local personality = {}
for _, file in ipairs(files) do
  local f, err = io.open(file.from, "rb")
  if not f then
    error(err, 0)
  end
  file.contents = f:read("*a")
  f:close()
  table.insert(personality, {path = file.to, contents = file.contents})
end

-- servers.create checks maxPersonality and maxPersonalitySize before it sends anything,
-- and sends the contents in base64 as the compute API wants.
local server = servers.create{name = name, image = image, flavor = flavor,
  personality = personality, wait = true}

print(string.format("%s is %s with %d files:", server.name, server.status, #files))
for _, file in ipairs(files) do
  print(string.format("  %-20s %5d bytes from %s", file.to, #file.contents, file.from))
end
