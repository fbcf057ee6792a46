-- Log in and show what the token gives: the compute endpoint and when the token expires.
-- usage: novalua scripts/authenticate.lua

-- The first call that needs the cloud logs in; cloud.info never shows the token itself.
local info = cloud.info()
local token = cloud.token()

print(string.format("cloud:            %s", info.cloud))
print(string.format("identity service: %s", info.auth_url))
print(string.format("user:             %s (project %s)", info.user_name or info.user_id or "?",
  info.project_name or info.project_id or "?"))
print(string.format("compute endpoint: %s", info.compute_endpoint))

if info.token_expires then
  local y, mo, d, h, mi, s = info.token_expires:match("^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)")
  -- Both times are read as local time, so the difference between them is right.
  local expires = os.time{year = y, month = mo, day = d, hour = h, min = mi, sec = s}
  local minutes = math.floor(os.difftime(expires, os.time(os.date("!*t"))) / 60)
  print(string.format("token expires:    %s (in %d minutes)", info.token_expires, minutes))
else
  print("token expires:    the cloud did not say")
end
print(string.format("token:            %d characters, %s (not shown: treat it as a password)",
  #token, info.token_from_cache and "reused from an earlier run" or "new"))
