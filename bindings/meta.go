package bindings

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

const targetArg = "target"

func (e *Env) metaModule() Module {
	target := Param{Name: "target", Type: "MetaTarget", Doc: "whose metadata"}
	errMissing := errCloud + " (404 itemNotFound when the server or image is not there)"
	errs := []string{errArgs, errMissing, errNet}
	return Module{
		Name: "meta",
		Doc: "Metadata of servers and images. The target is a server or image table " +
			"from the other modules, or {server = id} or {image = id}.",
		Functions: []Function{
			{Name: "list", Args: "target", Returns: "metadata table",
				Doc: "Returns all metadata.", Fn: e.listMeta,
				Params: []Param{target},
				Results: []Value{{Type: "table<string, string>", Name: "metadata",
					Doc: "every key and its value"}},
				Errors: errs,
				Example: `meta.set(server, "owner", "joe")
print(meta.list(server).owner)
--> joe`},
			{Name: "get", Args: "target, key", Returns: "value | nil, message",
				Doc: "Returns the value of one key, or nil and a message when the key " +
					"does not exist.", Fn: e.getMeta,
				Params: []Param{target, {Name: "key", Type: "string", Doc: "the key"}},
				Results: []Value{
					{Type: "string?", Name: "value", Doc: "the value, or nil"},
					{Type: "string?", Name: "message", Doc: "why there is none"},
				},
				Errors: errs,
				Example: `meta.set({server = server.id}, "owner", "joe")
print(meta.get(server, "owner"))
--> joe
print(meta.get(server, "color"))
--> nil no metadata 'color' on server ...`},
			{Name: "set", Args: "target, metadata | target, key, value",
				Returns: "metadata table | value",
				Doc: "With a table, replaces all metadata (keys not in it are removed) " +
					"and returns the new set; with a key and a value, sets that one " +
					"item and returns its value.", Fn: e.setMeta,
				Params: []Param{target,
					{Name: "metadata", Type: "table<string, string>|string",
						Doc: "the whole new set, or the key of one item"},
					{Name: "value", Type: "string", Optional: true,
						Doc: "the item's value, when the second argument is a key"},
				},
				Results: []Value{{Type: "table<string, string>|string", Name: "result",
					Doc: "the new set, or the item's value"}},
				Errors: []string{errArgs, errLimit, errMissing, errNet},
				Example: `meta.set(server, {owner = "joe", group = "www"})
meta.set(server, "owner", "adam")
local m = meta.list(server)
print(m.owner, m.group)
--> adam www`},
			{Name: "update", Args: "target, metadata", Returns: "metadata table",
				Doc: "Merges the table into the metadata, keeping other keys, and " +
					"returns the resulting set.", Fn: e.updateMeta,
				Params: []Param{target, {Name: "metadata", Type: "table<string, string>",
					Doc: "the items to add or change"}},
				Results: []Value{{Type: "table<string, string>", Name: "metadata",
					Doc: "the whole set after the merge"}},
				Errors: []string{errArgs, errLimit, errMissing, errNet},
				Example: `meta.set(server, {owner = "joe"})
local m = meta.update(server, {group = "www"})
print(m.owner, m.group)
--> joe www`},
			{Name: "delete", Args: "target, key", Returns: "nothing",
				Doc: "Removes one key.", Fn: e.deleteMeta,
				Params: []Param{target, {Name: "key", Type: "string", Doc: "the key"}},
				Errors: []string{errArgs, errMissing + "; 404 too when the key is not there",
					errNet},
				Example: `meta.set(server, {owner = "joe", group = "www"})
meta.delete(server, "owner")
print(meta.get(server, "owner"))
--> nil ...`},
		},
	}
}

func (e *Env) listMeta(L *lua.LState) int {
	const fn = "meta.list"
	target := checkTarget(L, 1, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.ListMetadata(ctx, cloud, target)
	})
}

func (e *Env) getMeta(L *lua.LState) int {
	const fn = "meta.get"
	target := checkTarget(L, 1, fn)
	key := checkMetaKey(L, 2, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		value, err := compute.GetMetadataItem(ctx, cloud, target, key)
		if compute.IsNotFound(err) {
			return Results{nil, "no metadata " + quote(key) + " on " + target.String()}, nil
		}
		return value, err
	})
}

func (e *Env) setMeta(L *lua.LState) int {
	const fn = "meta.set"
	target := checkTarget(L, 1, fn)
	if table, ok := L.Get(2).(*lua.LTable); ok {
		if L.GetTop() > 2 {
			argError(L, fn, "takes a table or a key and a value, not both")
		}
		metadata := checkMetadata(L, fn, "metadata", table)
		limits := cloudLimits(L)
		return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
			if err := limits.checkMeta(ctx, cloud, target.Kind, len(metadata)); err != nil {
				return nil, err
			}
			return compute.ReplaceMetadata(ctx, cloud, target, metadata)
		})
	}

	key := checkMetaKey(L, 2, fn)
	value, ok := stringish(L.Get(3))
	if !ok {
		argError(L, fn, "'value' must be a string, got %s", typeName(L.Get(3)))
	}
	checkMetaValue(L, fn, key, value)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.SetMetadataItem(ctx, cloud, target, key, value)
	})
}

func (e *Env) updateMeta(L *lua.LState) int {
	const fn = "meta.update"
	target := checkTarget(L, 1, fn)
	table, ok := L.Get(2).(*lua.LTable)
	if !ok {
		argError(L, fn, "'metadata' must be a table, got %s", typeName(L.Get(2)))
	}
	metadata := checkMetadata(L, fn, "metadata", table)
	limits := cloudLimits(L)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		// More new keys than the limit can never fit; the cloud checks the merged set.
		if err := limits.checkMeta(ctx, cloud, target.Kind, len(metadata)); err != nil {
			return nil, err
		}
		return compute.MergeMetadata(ctx, cloud, target, metadata)
	})
}

func (e *Env) deleteMeta(L *lua.LState) int {
	const fn = "meta.delete"
	target := checkTarget(L, 1, fn)
	key := checkMetaKey(L, 2, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.DeleteMetadataItem(ctx, cloud, target, key)
	})
}

// checkTarget reads argument n as the server or image whose metadata a call
// works on: a table returned by another binding, or {server = id} or
// {image = id}.
func checkTarget(L *lua.LState, n int, fn string) compute.MetaTarget {
	table, ok := L.Get(n).(*lua.LTable)
	if !ok {
		argError(L, fn, "'%s' must be a server or an image, or {server = id} or "+
			"{image = id}, got %s", targetArg, typeName(L.Get(n)))
	}
	CompleteRow(table)
	if id, ok := table.RawGetString("id").(lua.LString); ok && id != "" {
		kind := kindOf(table)
		if kind == "" {
			argError(L, fn, "cannot tell whether '%s' is a server or an image; "+
				"pass {server = id} or {image = id}", targetArg)
		}
		return compute.MetaTarget{Kind: kind, ID: string(id)}
	}

	opts := tableOptions(L, fn, table, "server", "image")
	if opts.has("server") == opts.has("image") {
		argError(L, fn, "'%s' must name one server or one image: {server = id} or "+
			"{image = id}", targetArg)
	}
	kind := "server"
	if opts.has("image") {
		kind = "image"
	}
	id := opts.Ref(kind, true)
	if id == "" {
		argError(L, fn, "'%s' must not be empty", kind)
	}
	return compute.MetaTarget{Kind: kind, ID: id}
}

// kindOf tells a server table from an image table by their links, which
// name the collection, or else by fields only one of them has.
func kindOf(table *lua.LTable) string {
	if links, ok := table.RawGetString("links").(*lua.LTable); ok {
		kind := ""
		links.ForEach(func(_, link lua.LValue) {
			href := ""
			if l, ok := link.(*lua.LTable); ok {
				href = lua.LVAsString(l.RawGetString("href"))
			}
			switch {
			case kind != "":
			case strings.Contains(href, "/servers/"):
				kind = "server"
			case strings.Contains(href, "/images/"):
				kind = "image"
			}
		})
		if kind != "" {
			return kind
		}
	}
	for _, key := range []string{"flavor", "addresses", "hostId"} {
		if table.RawGetString(key) != lua.LNil {
			return "server"
		}
	}
	for _, key := range []string{"minRam", "minDisk"} {
		if table.RawGetString(key) != lua.LNil {
			return "image"
		}
	}
	return ""
}

// maxMetaLength is the most characters the compute API takes in a metadata
// key or value.
const maxMetaLength = 255

// checkMetadata converts a table of metadata: string keys and values, numbers
// turned into strings, within the lengths the compute API takes.
func checkMetadata(L *lua.LState, fn, what string, table *lua.LTable) map[string]string {
	metadata := checkStringMap(L, fn, what, table)
	keys := make([]string, 0, len(metadata))
	for key := range metadata {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		checkMetaKeyText(L, fn, key)
		checkMetaValue(L, fn, key, metadata[key])
	}
	return metadata
}

// checkMetaKey reads argument n as a metadata key.
func checkMetaKey(L *lua.LState, n int, fn string) string {
	key, ok := stringish(L.Get(n))
	if !ok {
		argError(L, fn, "'key' must be a string, got %s", typeName(L.Get(n)))
	}
	checkMetaKeyText(L, fn, key)
	return key
}

func checkMetaKeyText(L *lua.LState, fn, key string) {
	switch {
	case key == "":
		argError(L, fn, "metadata keys must not be empty")
	case !validText(key):
		argError(L, fn, "metadata key %s is not valid UTF-8", quote(key))
	case utf8.RuneCountInString(key) > maxMetaLength:
		argError(L, fn, "metadata key %s... is longer than %d characters",
			quote(string([]rune(key)[:20])), maxMetaLength)
	}
}

func checkMetaValue(L *lua.LState, fn, key, value string) {
	switch {
	case !validText(value):
		argError(L, fn, "metadata value for %s is not valid UTF-8", quote(key))
	case utf8.RuneCountInString(value) > maxMetaLength:
		argError(L, fn, "metadata value for %s has %d characters, more than the %d "+
			"the compute API takes", quote(key), utf8.RuneCountInString(value), maxMetaLength)
	}
}

// validText reports whether s can travel in a JSON body unchanged.
func validText(s string) bool {
	return utf8.ValidString(s)
}

// quote puts a key between single quotes, as argument names are.
func quote(key string) string {
	return "'" + key + "'"
}
