-- List the project's servers: how many there are, then each with its status and flavor.
-- usage: novalua scripts/list_servers.lua [NAME]   (NAME: a regular expression)

local name = arg[1]

-- The summary listing holds only ids, names and links; it is cheap to count.
local summary = servers.list{detail = false, name = name}
print(string.format("%d server%s", #summary, #summary == 1 and "" or "s"))

local details = servers.list{name = name}
table.sort(details, function(a, b) return a.name < b.name end)
for _, server in ipairs(details) do
  print(string.format("%-20s %-14s flavor %-4s %s", server.name, server.status,
    server.flavor.id, server.id))
end
