package bindings

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"unicode"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

const createArgs = "{name=, image=, flavor=, metadata=, personality=, wait=, count=, " +
	"min_count=, max_count=, availability_zone=, key_name=, user_data=, " +
	"accessIPv4=, accessIPv6=, networks=}"

// createParams documents the one argument of servers.create.
var createParams = []Param{{Name: "opts", Type: "ServerCreateOptions",
	Doc: "what to boot", Fields: []Param{
		{Name: "name", Type: "string", Doc: "the server's name; with count, a prefix"},
		{Name: "image", Type: "ImageRef", Doc: "the image to boot: id, name, href or table"},
		{Name: "flavor", Type: "FlavorRef", Doc: "its size: id, name, href or table"},
		metadataField, personalityField,
		{Name: "wait", Type: "boolean", Optional: true, Default: "false",
			Doc: "return only once the server is ACTIVE"},
		{Name: "count", Type: "integer", Optional: true, Default: "1",
			Doc: "boot this many at once (min_count = max_count = count)"},
		{Name: "min_count", Type: "integer", Optional: true,
			Doc: "boot at least this many, or none"},
		{Name: "max_count", Type: "integer", Optional: true,
			Doc: "boot at most this many"},
		{Name: "availability_zone", Type: "string", Optional: true,
			Doc: "where to boot it"},
		{Name: "key_name", Type: "string", Optional: true,
			Doc: "the key pair whose public key the server gets"},
		{Name: "user_data", Type: "string", Optional: true,
			Doc: "data for cloud-init and the like; sent in base64"},
		{Name: "accessIPv4", Type: "string", Optional: true,
			Doc: "the IPv4 address users reach it at"},
		{Name: "accessIPv6", Type: "string", Optional: true,
			Doc: "the IPv6 address users reach it at"},
		{Name: "networks", Type: "string|(string|{uuid: string, port: string, " +
			"fixed_ip: string})[]", Optional: true,
			Doc: "network uuids or {uuid=, port=, fixed_ip=}, or \"auto\" or \"none\""},
	}}}

// createRequest is what servers.create read from its arguments, before any
// request is sent.
type createRequest struct {
	server compute.Object // the "server" object of the body, without refs
	image  string
	flavor string
	// imageID and flavorID say the refs came as tables from other bindings,
	// so they are ids that need no lookup.
	imageID, flavorID bool
	wait              bool
	multiple          bool              // max_count above 1: the answer is a list
	metadata          map[string]string // for the limit checks
	files             map[string]int    // personality sizes by path, for the limit checks
	limits            *limitsCache
}

func (e *Env) createServer(L *lua.LState) int {
	const fn = "servers.create"
	req := checkCreate(L, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return req.send(ctx, cloud)
	})
}

func checkCreate(L *lua.LState, fn string) createRequest {
	opts := checkOptions(L, 1, fn, true, "name", "image", "flavor", "metadata",
		"personality", "wait", "count", "min_count", "max_count", "availability_zone",
		"key_name", "user_data", "accessIPv4", "accessIPv6", "networks")

	server := compute.Object{"name": checkServerName(opts, "name")}
	metadata, files := checkServerExtras(opts, server)
	for _, key := range []string{"availability_zone", "key_name", "accessIPv4", "accessIPv6"} {
		if value := checkText(opts, key, false); value != "" {
			server[key] = value
		}
	}
	if opts.has("user_data") {
		userData := opts.String("user_data", true)
		server["user_data"] = base64.StdEncoding.EncodeToString([]byte(userData))
	}
	if opts.has("networks") {
		server["networks"] = checkNetworks(opts)
	}
	checkCounts(opts, server)

	maxCount, _ := server["max_count"].(int)
	return createRequest{
		server:   server,
		image:    opts.Ref("image", true),
		flavor:   opts.Ref("flavor", true),
		imageID:  opts.isTable("image"),
		flavorID: opts.isTable("flavor"),
		wait:     opts.Bool("wait"),
		multiple: maxCount > 1,
		metadata: metadata,
		files:    files,
		limits:   cloudLimits(L),
	}
}

// checkServerName reads a server name: a non-empty string without leading or
// trailing blanks, which the compute API refuses.
func checkServerName(opts *options, key string) string {
	name := checkText(opts, key, true)
	if name == "" {
		argError(opts.L, opts.fn, "'%s' must not be empty", key)
	}
	if strings.TrimFunc(name, unicode.IsSpace) != name {
		argError(opts.L, opts.fn, "'%s' must not begin or end with blanks, got %q", key, name)
	}
	return name
}

// checkText reads a string option that goes into a JSON body, which can only
// carry valid UTF-8. An option that is absent and not required is "".
func checkText(opts *options, key string, required bool) string {
	text := opts.String(key, required)
	if !validText(text) {
		argError(opts.L, opts.fn, "'%s' is not valid UTF-8", key)
	}
	return text
}

// checkServerExtras reads metadata and personality, which servers.create and
// servers.rebuild share, into body. It returns them for the limit checks.
func checkServerExtras(opts *options, body compute.Object) (map[string]string,
	map[string]int) {
	var metadata map[string]string
	if value := opts.table.RawGetString("metadata"); value != lua.LNil {
		table, ok := value.(*lua.LTable)
		if !ok {
			opts.wrongType("metadata", "a table", value)
		}
		metadata = checkMetadata(opts.L, opts.fn, "metadata", table)
		body["metadata"] = metadata
	}
	var sizes map[string]int
	if opts.has("personality") {
		var files []compute.Object
		files, sizes = checkPersonality(opts)
		body["personality"] = files
	}
	return metadata, sizes
}

// checkCounts reads count (shorthand for min_count = max_count) or the two
// bounds of Nova's multi-create.
func checkCounts(opts *options, server compute.Object) {
	if opts.has("count") && (opts.has("min_count") || opts.has("max_count")) {
		argError(opts.L, opts.fn, "give either 'count' or 'min_count'/'max_count', not both")
	}
	count := opts.Int("count", 0)
	minCount := opts.Int("min_count", count)
	maxCount := opts.Int("max_count", max(count, minCount))
	for i, key := range []string{"count", "min_count", "max_count"} {
		if n := []int{count, minCount, maxCount}[i]; opts.has(key) && n < 1 {
			argError(opts.L, opts.fn, "'%s' must be at least 1, got %d", key, n)
		}
	}
	if maxCount < minCount {
		argError(opts.L, opts.fn, "'max_count' (%d) is less than 'min_count' (%d)",
			maxCount, minCount)
	}
	if minCount > 0 {
		server["min_count"] = minCount
	}
	if maxCount > 0 {
		server["max_count"] = maxCount
	}
}

// checkPersonality reads files to inject, as a list of {path=, contents=} or
// a table from path to contents. Contents are any bytes; they are sent in
// base64. It returns the files for the body and their sizes by path.
func checkPersonality(opts *options) ([]compute.Object, map[string]int) {
	table, ok := opts.table.RawGetString("personality").(*lua.LTable)
	if !ok {
		opts.wrongType("personality", "a table", opts.table.RawGetString("personality"))
	}

	CompleteRow(table)
	contents := map[string]string{}
	if table.Len() > 0 {
		table.ForEach(func(_, item lua.LValue) {
			file, ok := item.(*lua.LTable)
			if !ok {
				argError(opts.L, opts.fn, "'personality' entries must be {path=, contents=}")
			}
			entry := tableOptions(opts.L, opts.fn, file, "path", "contents")
			path := entry.String("path", true)
			if _, twice := contents[path]; twice {
				argError(opts.L, opts.fn, "personality path %q is given twice", path)
			}
			contents[path] = entry.String("contents", true)
		})
	} else {
		contents = checkStringMap(opts.L, opts.fn, "personality", table)
	}

	paths := make([]string, 0, len(contents))
	for path := range contents {
		if path == "" || !validText(path) {
			argError(opts.L, opts.fn, "personality paths must be non-empty UTF-8, got %q", path)
		}
		paths = append(paths, path)
	}
	sort.Strings(paths)

	files := make([]compute.Object, 0, len(paths))
	sizes := make(map[string]int, len(paths))
	for _, path := range paths {
		files = append(files, compute.Object{
			"path":     path,
			"contents": base64.StdEncoding.EncodeToString([]byte(contents[path])),
		})
		sizes[path] = len(contents[path])
	}
	return files, sizes
}

// checkNetworks reads a list of network uuids or {uuid=, port=, fixed_ip=}, or
// the strings "auto" and "none" that newer microversions accept.
func checkNetworks(opts *options) any {
	value := opts.table.RawGetString("networks")
	if s, ok := value.(lua.LString); ok {
		if s != "auto" && s != "none" {
			argError(opts.L, opts.fn, "'networks' must be a list, \"auto\" or \"none\", "+
				"got %q", clip(string(s)))
		}
		return string(s)
	}
	table, ok := value.(*lua.LTable)
	if !ok {
		opts.wrongType("networks", "a table or a string", value)
	}
	networks := []compute.Object{}
	CompleteRow(table)
	table.ForEach(func(_, item lua.LValue) {
		switch v := item.(type) {
		case lua.LString:
			networks = append(networks, compute.Object{"uuid": string(v)})
		case *lua.LTable:
			entry := tableOptions(opts.L, opts.fn, v, "uuid", "port", "fixed_ip")
			network := compute.Object{}
			for _, key := range []string{"uuid", "port", "fixed_ip"} {
				if value := entry.String(key, false); value != "" {
					network[key] = value
				}
			}
			networks = append(networks, network)
		default:
			argError(opts.L, opts.fn, "'networks' entries must be strings or tables, got %s",
				typeName(item))
		}
	})
	return networks
}

// refs returns the ids of the image and flavor, looking names up.
func (r createRequest) refs(ctx context.Context, cloud compute.Requester) (string, string,
	error) {
	image, flavor := r.image, r.flavor
	var err error
	if !r.imageID {
		if image, err = resolveImage(ctx, cloud, r.image); err != nil {
			return "", "", err
		}
	}
	if !r.flavorID {
		flavor, err = resolveFlavor(ctx, cloud, r.flavor)
	}
	return image, flavor, err
}

// send checks the cloud's limits, resolves the image and flavor, creates the
// server and, when asked, waits for it to become ACTIVE. The answer's
// adminPass is kept on the result.
func (r createRequest) send(ctx context.Context, cloud compute.Requester) (any, error) {
	if err := r.limits.check(ctx, cloud, r.metadata, r.files); err != nil {
		return nil, err
	}
	image, flavor, err := r.refs(ctx, cloud)
	if err != nil {
		return nil, err
	}

	server := compute.Object{"imageRef": image, "flavorRef": flavor}
	for key, value := range r.server {
		server[key] = value
	}
	if r.multiple {
		return r.sendMany(ctx, cloud, compute.Object{"server": server})
	}
	created, err := compute.CreateServer(ctx, cloud, compute.Object{"server": server})
	if err != nil {
		return nil, err
	}
	id := compute.String(created, "id")
	if id == "" {
		return created, nil
	}

	details, err := r.settle(ctx, cloud, id)
	switch {
	case err != nil && r.wait:
		// The server exists: say so, so that nobody creates it again.
		return nil, fmt.Errorf("server %s was created, but waiting for it failed: %w", id, err)
	case err != nil:
		// The create answer is all there is; it holds the id and adminPass.
		return created, nil
	}
	if password, ok := created["adminPass"]; ok {
		details["adminPass"] = password
	}
	return details, nil
}

// sendMany creates several servers with one request and returns them all,
// once they are all ACTIVE when r.wait is set.
func (r createRequest) sendMany(ctx context.Context, cloud compute.Requester,
	body compute.Object) (any, error) {
	servers, err := compute.CreateServers(ctx, cloud, body)
	if err != nil {
		return nil, err
	}
	if !r.wait {
		return servers, nil
	}
	ids := make([]string, len(servers))
	for i, server := range servers {
		ids[i] = compute.String(server, "id")
	}
	active, err := compute.WaitServers(ctx, cloud, ids, "ACTIVE", compute.WaitOpts{})
	if err != nil {
		return nil, fmt.Errorf("servers %s were created, but waiting for them failed: %w",
			strings.Join(ids, ", "), err)
	}
	return active, nil
}

// settle returns the server's details, once it is ACTIVE when r.wait is set.
func (r createRequest) settle(ctx context.Context, cloud compute.Requester,
	id string) (compute.Object, error) {
	if r.wait {
		return compute.WaitServer(ctx, cloud, id, "ACTIVE", compute.WaitOpts{})
	}
	return compute.GetServer(ctx, cloud, id)
}
