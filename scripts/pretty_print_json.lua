-- Pretty-print JSON from stdin (or from FILE), keeping its keys in the order they were written.
-- usage: novalua scripts/pretty_print_json.lua [FILE] < answer.json

local text
if arg[1] and arg[1] ~= "-" then
  local f, err = io.open(arg[1], "rb")
  if not f then
    error(err, 0)
  end
  text = f:read("*a")
  f:close()
else
  text = io.read("*a")
end
if text == nil or text:match("^%s*$") then
  error("no JSON to print: pipe some in, as in: curl -s URL | novalua " .. arg[0], 0)
end

-- Several documents in a row are each printed; bad JSON is an error with its line and column.
jsonpp.print(text)
