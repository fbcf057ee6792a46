package bindings

import (
	"context"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

// actionFunctions are the servers functions that post a server action.
func (e *Env) actionFunctions() []Function {
	errs := []string{errArgs, errAPI + "; 409 conflict when the server's state " +
		"does not allow it", errNet}
	return []Function{
		{Name: "reboot", Args: `id [, "SOFT"|"HARD"]`, Returns: "nothing",
			Doc: "Reboots a server, SOFT by default; it shows REBOOT or HARD_REBOOT, " +
				"then ACTIVE.", Fn: e.rebootServer,
			Params: []Param{serverParam, {Name: "type", Type: `"SOFT"|"HARD"`, Optional: true,
				Default: `"SOFT"`, Doc: "SOFT asks the system to restart, HARD cuts the power"}},
			Errors: errs,
			Example: `servers.reboot(server, "HARD")
print(servers.get(server.id).status)
--> HARD_REBOOT
print(servers.wait(server, "ACTIVE").status)
--> ACTIVE`},
		{Name: "rebuild", Args: rebuildArgs, Returns: "server",
			Doc: "Reinstalls a server from an image, keeping its id and addresses; " +
				"returns the server with its new adminPass.", Fn: e.rebuildServer,
			Params: []Param{serverParam, {Name: "opts", Type: "RebuildOptions",
				Doc: "the image and what else to change", Fields: []Param{
					{Name: "image", Type: "ImageRef", Doc: "the image to install"},
					{Name: "name", Type: "string", Optional: true, Doc: "a new name"},
					{Name: "adminPass", Type: "string", Optional: true,
						Doc: "the new administrator password; the cloud makes one up without it"},
					metadataField, personalityField,
				}}},
			Results: []Value{{Type: "Server", Name: "server",
				Doc: "the server, in REBUILD, with adminPass"}},
			Errors: []string{errArgs, errLimit, errRef, errAPI, errNet},
			Example: `local rebuilt = servers.rebuild(server, {image = "ubuntu-11.04-server",
  metadata = {rebuilt = "yes"}})
print(rebuilt.status, #rebuilt.adminPass > 0)
--> REBUILD true`},
		{Name: "resize", Args: "id, flavor", Returns: "nothing",
			Doc: "Moves a server to another flavor; it shows RESIZE, then VERIFY_RESIZE " +
				"until confirm_resize or revert_resize.", Fn: e.resizeServer,
			Params: []Param{serverParam,
				{Name: "flavor", Type: "FlavorRef", Doc: "the new flavor, by id, name or href"}},
			Errors: []string{errArgs, errRef, errAPI + "; 400 when the flavor is the " +
				"same", errNet},
			Example: `servers.resize(server, "m1.small")
print(servers.wait(server, "VERIFY_RESIZE").status)
--> VERIFY_RESIZE`},
		{Name: "confirm_resize", Args: "id", Returns: "nothing",
			Doc: "Keeps a server in VERIFY_RESIZE on its new flavor.", Fn: e.confirmResize,
			Params: []Param{serverParam}, Errors: errs,
			Example: `servers.resize(server, "m1.small")
servers.wait(server, "VERIFY_RESIZE")
servers.confirm_resize(server)
print(flavors.get(servers.wait(server, "ACTIVE").flavor.id).name)
--> m1.small`},
		{Name: "revert_resize", Args: "id", Returns: "nothing",
			Doc: "Puts a server in VERIFY_RESIZE back on its old flavor.", Fn: e.revertResize,
			Params: []Param{serverParam}, Errors: errs,
			Example: `servers.resize(server, "m1.small")
servers.wait(server, "VERIFY_RESIZE")
servers.revert_resize(server)
print(flavors.get(servers.wait(server, "ACTIVE").flavor.id).name)
--> m1.tiny`},
		{Name: "change_password", Args: "id, password", Returns: "nothing",
			Doc: "Sets the administrator (root) password of a server.",
			Fn:  e.changePassword,
			Params: []Param{serverParam,
				{Name: "password", Type: "string", Doc: "the new password; never printed"}},
			Errors: errs,
			Example: `servers.change_password(server, "correct horse battery")
print(servers.get(server.id).status)
--> ACTIVE`},
		{Name: "create_image", Args: "id, name [, metadata]", Returns: "image",
			Doc: "Snapshots a server into a new image and returns the image, which is " +
				"SAVING until the snapshot is uploaded.", Fn: e.createImage,
			Params: []Param{serverParam,
				{Name: "name", Type: "string", Doc: "the image's name"},
				{Name: "metadata", Type: "table<string, string>", Optional: true,
					Doc: "the image's metadata"},
			},
			Results: []Value{{Type: "Image", Name: "image", Doc: "the new image, SAVING"}},
			Errors: []string{errArgs, "a string error when the metadata is more than " +
				"maxImageMeta allows; nothing is sent", errAPI + "; 409 conflict while " +
				"another snapshot is being made", errNet},
			Example: `local image = servers.create_image(server, "web-snap", {version = "1.0"})
print(image.name, image.status, image.metadata.version)
--> web-snap SAVING 1.0`},
	}
}

const rebuildArgs = "id, {image=, name=, adminPass=, metadata=, personality=}"

func (e *Env) rebootServer(L *lua.LState) int {
	const fn = "servers.reboot"
	id := checkRef(L, 1, fn, "id")
	kind := compute.RebootSoft
	if L.Get(2) != lua.LNil {
		kind = strings.ToUpper(checkString(L, 2, fn, "type"))
		if kind != compute.RebootSoft && kind != compute.RebootHard {
			argError(L, fn, "'type' must be \"SOFT\" or \"HARD\", got %q", L.Get(2).String())
		}
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.RebootServer(ctx, cloud, id, kind)
	})
}

func (e *Env) rebuildServer(L *lua.LState) int {
	const fn = "servers.rebuild"
	id := checkRef(L, 1, fn, "id")
	opts := checkOptions(L, 2, fn, true, "image", "name", "adminPass", "metadata",
		"personality")
	image := opts.Ref("image", true)
	rebuild := compute.Object{}
	if opts.has("name") {
		rebuild["name"] = checkServerName(opts, "name")
	}
	if opts.has("adminPass") {
		rebuild["adminPass"] = checkText(opts, "adminPass", true)
	}
	metadata, files := checkServerExtras(opts, rebuild)
	limits := cloudLimits(L)

	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		if err := limits.check(ctx, cloud, metadata, files); err != nil {
			return nil, err
		}
		imageID, err := resolveImage(ctx, cloud, image)
		if err != nil {
			return nil, err
		}
		rebuild["imageRef"] = imageID
		return compute.RebuildServer(ctx, cloud, id, rebuild)
	})
}

func (e *Env) resizeServer(L *lua.LState) int {
	const fn = "servers.resize"
	id := checkRef(L, 1, fn, "id")
	flavor := checkRef(L, 2, fn, "flavor")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		flavorID, err := resolveFlavor(ctx, cloud, flavor)
		if err != nil {
			return nil, err
		}
		return Results{}, compute.ResizeServer(ctx, cloud, id, flavorID)
	})
}

func (e *Env) confirmResize(L *lua.LState) int {
	const fn = "servers.confirm_resize"
	id := checkRef(L, 1, fn, "id")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.ConfirmResize(ctx, cloud, id)
	})
}

func (e *Env) revertResize(L *lua.LState) int {
	const fn = "servers.revert_resize"
	id := checkRef(L, 1, fn, "id")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.RevertResize(ctx, cloud, id)
	})
}

func (e *Env) changePassword(L *lua.LState) int {
	const fn = "servers.change_password"
	id := checkRef(L, 1, fn, "id")
	password := checkString(L, 2, fn, "password")
	if password == "" {
		argError(L, fn, "'password' must not be empty")
	}
	if !validText(password) {
		argError(L, fn, "'password' is not valid UTF-8")
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.ChangePassword(ctx, cloud, id, password)
	})
}

func (e *Env) createImage(L *lua.LState) int {
	const fn = "servers.create_image"
	id := checkRef(L, 1, fn, "id")
	name := checkString(L, 2, fn, "name")
	if name == "" {
		argError(L, fn, "'name' must not be empty")
	}
	var metadata map[string]string
	if L.Get(3) != lua.LNil {
		table, ok := L.Get(3).(*lua.LTable)
		if !ok {
			argError(L, fn, "'metadata' must be a table, got %s", typeName(L.Get(3)))
		}
		metadata = checkMetadata(L, fn, "metadata", table)
	}
	limits := cloudLimits(L)

	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		if err := limits.checkImageMeta(ctx, cloud, len(metadata)); err != nil {
			return nil, err
		}
		imageID, err := compute.CreateImage(ctx, cloud, id, name, metadata)
		if err != nil {
			return nil, err
		}
		return compute.GetImage(ctx, cloud, imageID)
	})
}
