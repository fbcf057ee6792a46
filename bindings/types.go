package bindings

// Types lists the table types that functions return or take besides their
// options tables, for the reference and the editor stubs. Fields are those a
// script most often reads; the cloud's answers keep every other field too,
// such as the extensions named "OS-EXT-...".
func Types() []Class {
	return []Class{
		{Name: "ServerRef", Alias: "string|integer|Server",
			Doc: "A server: its id (or, where a function says so, its name), or a server table."},
		{Name: "ImageRef", Alias: "string|integer|Image",
			Doc: "An image: its id, name or href, or an image table."},
		{Name: "FlavorRef", Alias: "string|integer|Flavor",
			Doc: "A flavor: its id, name or href, or a flavor table."},
		{Name: "MetaTarget", Alias: "Server|Image|{server: string}|{image: string}",
			Doc: "Whose metadata: a server or image table, or {server = id} or {image = id}."},
		serverType(),
		{Name: "Image", Doc: "An image, as the compute API's image calls return it.",
			Fields: []Param{
				{Name: "id", Type: "string", Doc: "the image's id"},
				{Name: "name", Type: "string", Doc: "its name"},
				{Name: "status", Type: "string", Doc: "ACTIVE, SAVING, ERROR or DELETED"},
				{Name: "progress", Type: "integer", Doc: "upload progress in percent"},
				{Name: "minRam", Type: "integer", Doc: "the RAM in MB a server needs to boot it"},
				{Name: "minDisk", Type: "integer", Doc: "the disk in GB a server needs"},
				{Name: "metadata", Type: "table<string, string>", Doc: "its metadata"},
				{Name: "server", Type: "Ref", Optional: true,
					Doc: "for a snapshot, the server it was made from"},
				{Name: "created", Type: "string", Doc: "when it was made (ISO 8601)"},
				{Name: "updated", Type: "string", Doc: "when it last changed (ISO 8601)"},
				{Name: "links", Type: "Link[]", Doc: "its self and bookmark links"},
			}},
		{Name: "Flavor", Doc: "A flavor: a size that servers come in.",
			Fields: []Param{
				{Name: "id", Type: "string", Doc: "the flavor's id"},
				{Name: "name", Type: "string", Doc: "its name, such as m1.tiny"},
				{Name: "ram", Type: "integer", Doc: "RAM in MB"},
				{Name: "vcpus", Type: "integer", Doc: "virtual CPUs"},
				{Name: "disk", Type: "integer", Doc: "root disk in GB"},
				{Name: "links", Type: "Link[]", Doc: "its self and bookmark links"},
			}},
		{Name: "Ref", Doc: "A reference to another item, such as a server's flavor.",
			Fields: []Param{
				{Name: "id", Type: "string", Doc: "the item's id"},
				{Name: "links", Type: "Link[]", Doc: "links to the item"},
			}},
		{Name: "Link", Doc: "A link to an item.",
			Fields: []Param{
				{Name: "href", Type: "string", Doc: "the address of the item"},
				{Name: "rel", Type: "string", Doc: "self or bookmark"},
			}},
		{Name: "Address", Doc: "One address of a server on one network.",
			Fields: []Param{
				{Name: "addr", Type: "string", Doc: "the address, such as 192.0.2.1"},
				{Name: "version", Type: "integer", Doc: "4 or 6"},
			}},
		limitsType(), rateLimitType(), cloudInfoType(), apiErrorType(), waitFailureType(),
	}
}

func serverType() Class {
	return Class{Name: "Server", Doc: "A server, as the compute API describes it in detail.",
		Fields: []Param{
			{Name: "id", Type: "string", Doc: "the server's id"},
			{Name: "name", Type: "string", Doc: "its name"},
			{Name: "status", Type: "string",
				Doc: "BUILD, ACTIVE, REBOOT, REBUILD, RESIZE, VERIFY_RESIZE, ERROR and others"},
			{Name: "adminPass", Type: "string", Optional: true,
				Doc: "the administrator password, only in what create and rebuild return"},
			{Name: "flavor", Type: "Ref", Doc: "its flavor: {id =, links =}"},
			{Name: "image", Type: "Ref|string",
				Doc: "its image: {id =, links =}, or \"\" when it boots from a volume"},
			{Name: "addresses", Type: "table<string, Address[]>",
				Doc: "its addresses by network name"},
			{Name: "metadata", Type: "table<string, string>", Doc: "its metadata"},
			{Name: "accessIPv4", Type: "string", Doc: "the IPv4 address to reach it at, or \"\""},
			{Name: "accessIPv6", Type: "string", Doc: "the IPv6 address to reach it at, or \"\""},
			{Name: "hostId", Type: "string", Doc: "its host, hashed per project"},
			{Name: "progress", Type: "integer", Optional: true,
				Doc: "progress of a build or resize in percent"},
			{Name: "fault", Type: "{code: integer, message: string}", Optional: true,
				Doc: "why it is in ERROR"},
			{Name: "created", Type: "string", Doc: "when it was created (ISO 8601)"},
			{Name: "updated", Type: "string", Doc: "when it last changed (ISO 8601)"},
			{Name: "tenant_id", Type: "string", Doc: "its project"},
			{Name: "user_id", Type: "string", Doc: "the user who created it"},
			{Name: "links", Type: "Link[]", Doc: "its self and bookmark links"},
		}}
}

func limitsType() Class {
	return Class{Name: "Limits", Doc: "The limits of the project and how much of them is used.",
		Fields: []Param{
			{Name: "absolute", Type: "table<string, integer>",
				Doc: "maxTotalRAMSize, maxServerMeta, maxPersonality... and the " +
					"total...Used counters; -1 means no limit"},
			{Name: "rate", Type: "RateLimit[]", Doc: "rate limits, often none"},
		}}
}

func rateLimitType() Class {
	return Class{Name: "RateLimit", Doc: "The rate limits on the paths one regex matches.",
		Fields: []Param{
			{Name: "uri", Type: "string", Doc: "the paths, as the cloud writes them"},
			{Name: "regex", Type: "string", Doc: "a regular expression for them"},
			{Name: "limit", Type: "{verb: string, value: integer, unit: string, " +
				"remaining: integer}[]", Doc: "how many requests per unit of time"},
		}}
}

func cloudInfoType() Class {
	return Class{Name: "CloudInfo", Doc: "The connection: which cloud, endpoint, project " +
		"and user. It never holds a password or a token.",
		Fields: []Param{
			{Name: "cloud", Type: "string", Doc: "the cloud's name, or sandbox"},
			{Name: "region", Type: "string", Optional: true, Doc: "the region in use"},
			{Name: "interface", Type: "string", Optional: true,
				Doc: "public, internal or admin"},
			{Name: "auth_url", Type: "string", Doc: "the identity service's address"},
			{Name: "compute_endpoint", Type: "string",
				Doc: "the compute API's address, from the catalog"},
			{Name: "project_id", Type: "string", Optional: true, Doc: "the project's id"},
			{Name: "project_name", Type: "string", Optional: true, Doc: "the project's name"},
			{Name: "user_id", Type: "string", Optional: true, Doc: "the user's id"},
			{Name: "user_name", Type: "string", Optional: true, Doc: "the user's name"},
			{Name: "token_expires", Type: "string", Optional: true,
				Doc: "when the token expires (UTC, ISO 8601)"},
			{Name: "token_from_cache", Type: "boolean",
				Doc: "whether the token came from an earlier run"},
		}}
}

func apiErrorType() Class {
	return Class{Name: "ApiError", Doc: "What functions raise when the cloud answers with " +
		"an error status; pcall returns it. tostring gives one line with all of it.",
		Fields: []Param{
			{Name: "code", Type: "integer", Doc: "the HTTP status, such as 404"},
			{Name: "kind", Type: "string", Doc: "the cloud's fault name, such as itemNotFound"},
			{Name: "message", Type: "string", Doc: "the cloud's message"},
			{Name: "request_id", Type: "string", Doc: "the request id, for the cloud's logs"},
			{Name: "method", Type: "string", Doc: "the request's method"},
			{Name: "url", Type: "string", Doc: "the request's address"},
			{Name: "text", Type: "string", Doc: "the line tostring gives"},
			{Name: "item", Type: "integer", Optional: true,
				Doc: "in parallel.map, the position of the item that failed"},
		}}
}

func waitFailureType() Class {
	return Class{Name: "WaitFailure", Doc: "Why one server of servers.wait_all did not " +
		"get to the status.",
		Fields: []Param{
			{Name: "id", Type: "string", Doc: "the server's id"},
			{Name: "status", Type: "string", Doc: "its last status"},
			{Name: "fault", Type: "string", Optional: true, Doc: "its fault message, in ERROR"},
			{Name: "message", Type: "string", Doc: "what went wrong"},
		}}
}
