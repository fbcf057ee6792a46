-- Prints the name of every server, one a line.
for _, server in ipairs(servers.list()) do print(server.name) end
