package bindings

import (
	"context"
	"encoding/base64"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

const createArgs = "{name=, image=, flavor=, metadata=, personality=, wait=, count=, " +
	"min_count=, max_count=, availability_zone=, key_name=, user_data=, " +
	"accessIPv4=, accessIPv6=, networks=}"

// createRequest is what servers.create read from its arguments, before any
// request is sent.
type createRequest struct {
	server compute.Object // the "server" object of the body, without refs
	image  string
	flavor string
	wait   bool
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

	server := compute.Object{"name": opts.String("name", true)}
	if server["name"] == "" {
		argError(L, fn, "'name' must not be empty")
	}
	if metadata, ok := opts.StringMap("metadata"); ok {
		server["metadata"] = metadata
	}
	if opts.has("personality") {
		server["personality"] = checkPersonality(opts)
	}
	for _, key := range []string{"availability_zone", "key_name", "accessIPv4", "accessIPv6"} {
		if value := opts.String(key, false); value != "" {
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

	return createRequest{
		server: server,
		image:  opts.Ref("image", true),
		flavor: opts.Ref("flavor", true),
		wait:   opts.Bool("wait"),
	}
}

// checkCounts reads count (shorthand for min_count = max_count) or the two
// bounds of Nova's multi-create.
func checkCounts(opts *options, server compute.Object) {
	count := opts.Int("count", 0)
	minCount := opts.Int("min_count", count)
	maxCount := opts.Int("max_count", max(count, minCount))
	if count < 0 || minCount < 0 || maxCount < 0 {
		argError(opts.L, opts.fn, "counts must not be negative")
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
// a table from path to contents. Contents are any bytes; they are sent in base64.
func checkPersonality(opts *options) []compute.Object {
	table, ok := opts.table.RawGetString("personality").(*lua.LTable)
	if !ok {
		opts.wrongType("personality", "a table", opts.table.RawGetString("personality"))
	}

	var files []compute.Object
	if table.Len() > 0 {
		table.ForEach(func(_, item lua.LValue) {
			file, ok := item.(*lua.LTable)
			if !ok {
				argError(opts.L, opts.fn, "'personality' entries must be {path=, contents=}")
			}
			entry := tableOptions(opts.L, opts.fn, file, "path", "contents")
			files = append(files, personalityFile(entry.String("path", true),
				entry.String("contents", true)))
		})
		return files
	}

	byPath := checkStringMap(opts.L, opts.fn, "personality", table)
	paths := make([]string, 0, len(byPath))
	for path := range byPath {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		files = append(files, personalityFile(path, byPath[path]))
	}
	return files
}

func personalityFile(path, contents string) compute.Object {
	return compute.Object{
		"path":     path,
		"contents": base64.StdEncoding.EncodeToString([]byte(contents)),
	}
}

// checkNetworks reads a list of network uuids or {uuid=, port=, fixed_ip=}, or
// the strings "auto" and "none" that newer microversions accept.
func checkNetworks(opts *options) any {
	value := opts.table.RawGetString("networks")
	if s, ok := value.(lua.LString); ok {
		return string(s)
	}
	table, ok := value.(*lua.LTable)
	if !ok {
		opts.wrongType("networks", "a table or a string", value)
	}
	var networks []compute.Object
	table.ForEach(func(_, item lua.LValue) {
		switch v := item.(type) {
		case lua.LString:
			networks = append(networks, compute.Object{"uuid": string(v)})
		case *lua.LTable:
			entry := compute.Object{}
			for key, value := range checkStringMap(opts.L, opts.fn, "networks", v) {
				entry[key] = value
			}
			networks = append(networks, entry)
		default:
			argError(opts.L, opts.fn, "'networks' entries must be strings or tables, got %s",
				typeName(item))
		}
	})
	return networks
}

// send resolves the image and flavor, creates the server and, when asked,
// waits for it to become ACTIVE. The answer's adminPass is kept on the result.
func (r createRequest) send(ctx context.Context, cloud compute.Requester) (any, error) {
	image, err := resolveImage(ctx, cloud, r.image)
	if err != nil {
		return nil, err
	}
	flavor, err := resolveFlavor(ctx, cloud, r.flavor)
	if err != nil {
		return nil, err
	}

	server := compute.Object{"imageRef": image, "flavorRef": flavor}
	for key, value := range r.server {
		server[key] = value
	}
	created, err := compute.CreateServer(ctx, cloud, compute.Object{"server": server})
	if err != nil {
		return nil, err
	}
	id := compute.String(created, "id")
	if id == "" {
		return created, nil
	}

	var details compute.Object
	if r.wait {
		details, err = compute.WaitServer(ctx, cloud, id, "ACTIVE", compute.WaitOpts{})
	} else {
		details, err = compute.GetServer(ctx, cloud, id)
	}
	if err != nil {
		return nil, err
	}
	if password, ok := created["adminPass"]; ok {
		details["adminPass"] = password
	}
	return details, nil
}
