package bindings

import (
	"context"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

func (e *Env) imagesModule() Module {
	return Module{
		Name: "images",
		Doc:  "Images that servers boot from.",
		Functions: []Function{
			{Name: "list", Args: "[{detail=, name=, status=}]", Returns: "list of images",
				Doc: "Lists images; every page is followed.", Fn: e.listImages,
				Params: []Param{{Name: "opts", Type: "ImageListOptions", Optional: true,
					Doc: "which images, and how much of each", Fields: []Param{
						{Name: "detail", Type: "boolean", Optional: true, Default: "true",
							Doc: "false lists only ids, names and links, which is cheaper"},
						{Name: "name", Type: "string", Optional: true,
							Doc: "only the images with this name"},
						{Name: "status", Type: "string", Optional: true,
							Doc: "only the images with this status, such as ACTIVE"},
					}}},
				Results: []Value{{Type: "Image[]", Name: "images", Doc: "the images"}},
				Errors:  []string{errArgs, errCloud, errNet},
				Example: `print(#images.list{status = "ACTIVE"})
--> 3
print(images.list{name = "ubuntu-11.04-server"}[1].status)
--> ACTIVE`},
			{Name: "get", Args: "ref", Returns: "image",
				Doc: "Returns one image by id, name or href. The id is tried first, so " +
					"a ref that is neither an id nor a name raises the cloud's 404.",
				Fn:      e.getImage,
				Params:  []Param{{Name: "ref", Type: "ImageRef", Doc: "the image"}},
				Results: []Value{{Type: "Image", Name: "image", Doc: "the image, in detail"}},
				Errors:  []string{errArgs, errRef, errAPIImage, errNet},
				Example: `local image = images.get(server.image.id)
print(image.name, image.minDisk)
--> ubuntu-11.04-server 0`},
			{Name: "find", Args: "name", Returns: "image",
				Doc: "Returns the one image with this name; none or several is an error.",
				Fn:  e.findImage,
				Params: []Param{{Name: "name", Type: "string",
					Doc: "the image's name (an id or href works too)"}},
				Results: []Value{{Type: "Image", Name: "image", Doc: "the image, in detail"}},
				Errors:  []string{errArgs, errRef, errCloud, errNet},
				Example: `print(images.find("ubuntu-11.04-server").status)
--> ACTIVE`},
			{Name: "delete", Args: "ref", Returns: "nothing",
				Doc: "Deletes an image, by id, name or href.", Fn: e.deleteImage,
				Params: []Param{{Name: "ref", Type: "ImageRef", Doc: "the image"}},
				Errors: []string{errArgs, errRef, errAPIImage, errNet},
				Example: `local snapshot = servers.create_image(server, "old")
images.wait(snapshot, "ACTIVE")
images.delete(snapshot)
images.wait(snapshot.id, "DELETED")
local ok, err = pcall(images.get, snapshot.id)
print(ok, err.code, err.kind)
--> false 404 itemNotFound`},
			{Name: "wait", Args: "ref, status [, {timeout=, interval=}]", Returns: "image",
				Doc: "Polls an image until it reaches status, such as ACTIVE after " +
					"servers.create_image (DELETED waits until it is gone). An image in " +
					"ERROR ends the wait; a timeout says which status it was stuck in.",
				Fn: e.waitImage,
				Params: []Param{
					{Name: "ref", Type: "ImageRef", Doc: "the image"},
					{Name: "status", Type: "string", Doc: "the status to wait for"},
					{Name: "opts", Type: "WaitOptions", Optional: true,
						Doc: "how long to wait and how often to look", Fields: waitFields},
				},
				Results: []Value{{Type: "Image", Name: "image",
					Doc: "the image in that status ({id =, status = \"DELETED\"} once gone)"}},
				Errors: []string{errArgs, "a string error when the image goes to ERROR, or " +
					"is still in another status when the timeout passes", errCloud, errNet},
				Example: `local image = servers.create_image(server, "nightly")
print(image.status)
--> SAVING
print(images.wait(image, "ACTIVE", {timeout = 60}).status)
--> ACTIVE`},
		},
	}
}

func (e *Env) flavorsModule() Module {
	return Module{
		Name: "flavors",
		Doc:  "Flavors: the sizes servers come in.",
		Functions: []Function{
			{Name: "list", Args: "[{detail=}]", Returns: "list of flavors",
				Doc: "Lists flavors; every page is followed.", Fn: e.listFlavors,
				Params: []Param{{Name: "opts", Type: "FlavorListOptions", Optional: true,
					Doc: "how much of each flavor", Fields: []Param{
						{Name: "detail", Type: "boolean", Optional: true, Default: "true",
							Doc: "false lists only ids, names and links"},
					}}},
				Results: []Value{{Type: "Flavor[]", Name: "flavors", Doc: "the flavors"}},
				Errors:  []string{errArgs, errCloud, errNet},
				Example: `local by_name = {}
for _, flavor in ipairs(flavors.list()) do by_name[flavor.name] = flavor end
print(by_name["m1.small"].ram, by_name["m1.small"].vcpus)
--> 2048 1`},
			{Name: "get", Args: "ref", Returns: "flavor",
				Doc: "Returns one flavor by id, name or href, with its details. The id " +
					"is tried first, so a ref that is neither raises the cloud's 404.",
				Fn:      e.getFlavor,
				Params:  []Param{{Name: "ref", Type: "FlavorRef", Doc: "the flavor"}},
				Results: []Value{{Type: "Flavor", Name: "flavor", Doc: "the flavor, in detail"}},
				Errors: []string{errArgs, errRef, "an ApiError when the cloud answers with " +
					"an error status (404 itemNotFound when the flavor is not there)", errNet},
				Example: `print(flavors.get(server.flavor.id).name)
--> m1.tiny`},
			{Name: "find", Args: "name", Returns: "flavor",
				Doc: "Returns the one flavor with this name; none or several is an error.",
				Fn:  e.findFlavor,
				Params: []Param{{Name: "name", Type: "string",
					Doc: "the flavor's name (an id or href works too)"}},
				Results: []Value{{Type: "Flavor", Name: "flavor", Doc: "the flavor, in detail"}},
				Errors:  []string{errArgs, errRef, errCloud, errNet},
				Example: `print(flavors.find("m1.large").disk)
--> 80`},
			{Name: "pick", Args: "{min_ram=, min_vcpus=, min_disk=}", Returns: "flavor",
				Doc: "Returns the smallest flavor with at least min_ram MB of RAM, " +
					"min_vcpus vCPUs and min_disk GB of disk (ties go to less RAM, then " +
					"fewer vCPUs, then less disk, then the name); no match is an error.",
				Fn: e.pickFlavor,
				Params: []Param{{Name: "bounds", Type: "FlavorBounds", Optional: true,
					Doc: "the least the flavor must have", Fields: []Param{
						{Name: "min_ram", Type: "integer", Optional: true, Default: "0",
							Doc: "RAM in MB"},
						{Name: "min_vcpus", Type: "integer", Optional: true, Default: "0",
							Doc: "virtual CPUs"},
						{Name: "min_disk", Type: "integer", Optional: true, Default: "0",
							Doc: "root disk in GB"},
					}}},
				Results: []Value{{Type: "Flavor", Name: "flavor", Doc: "the smallest that fits"}},
				Errors: []string{errArgs, "a string error when no flavor is big enough",
					errCloud, errNet},
				Example: `print(flavors.pick{min_ram = 1024, min_vcpus = 2}.name)
--> m1.medium`},
		},
	}
}

func (e *Env) listImages(L *lua.LState) int {
	const fn = "images.list"
	opts := checkOptions(L, 1, fn, false, "detail", "name", "status")
	list := compute.ListOpts{
		Detail: !opts.has("detail") || opts.Bool("detail"),
		Name:   opts.String("name", false),
		Status: opts.String("status", false),
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.ListImages(ctx, cloud, list)
	})
}

// getImage asks for the image by id first, so that a missing id is the
// cloud's 404, and looks for a name only after that.
func (e *Env) getImage(L *lua.LState) int {
	const fn = "images.get"
	ref := checkRef(L, 1, fn, "ref")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.GetImageByRef(ctx, cloud, ref)
	})
}

func (e *Env) findImage(L *lua.LState) int {
	const fn = "images.find"
	name := checkString(L, 1, fn, "name")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.FindImage(ctx, cloud, name)
	})
}

func (e *Env) deleteImage(L *lua.LState) int {
	const fn = "images.delete"
	ref := checkRef(L, 1, fn, "ref")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		id, err := resolveImage(ctx, cloud, ref)
		if err != nil {
			return nil, err
		}
		return Results{}, compute.DeleteImage(ctx, cloud, id)
	})
}

func (e *Env) waitImage(L *lua.LState) int {
	const fn = "images.wait"
	ref := checkRef(L, 1, fn, "ref")
	status := checkString(L, 2, fn, "status")
	wait := checkWaitOpts(L, 3, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		image, err := compute.GetImageByRef(ctx, cloud, ref)
		if compute.IsNotFound(err) && strings.EqualFold(status, "DELETED") {
			return compute.Object{"id": ref, "status": "DELETED"}, nil
		}
		if err != nil {
			return nil, err
		}
		return compute.WaitImage(ctx, cloud, compute.String(image, "id"), status, wait)
	})
}

func (e *Env) listFlavors(L *lua.LState) int {
	const fn = "flavors.list"
	opts := checkOptions(L, 1, fn, false, "detail")
	detail := !opts.has("detail") || opts.Bool("detail")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.ListFlavors(ctx, cloud, detail)
	})
}

func (e *Env) getFlavor(L *lua.LState) int {
	const fn = "flavors.get"
	ref := checkRef(L, 1, fn, "ref")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.GetFlavorByRef(ctx, cloud, ref)
	})
}

func (e *Env) findFlavor(L *lua.LState) int {
	const fn = "flavors.find"
	name := checkString(L, 1, fn, "name")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.FindFlavor(ctx, cloud, name)
	})
}

func (e *Env) pickFlavor(L *lua.LState) int {
	const fn = "flavors.pick"
	opts := checkOptions(L, 1, fn, false, "min_ram", "min_vcpus", "min_disk")
	bounds := compute.FlavorBounds{
		RAM:   opts.Int("min_ram", 0),
		VCPUs: opts.Int("min_vcpus", 0),
		Disk:  opts.Int("min_disk", 0),
	}
	if bounds.RAM < 0 || bounds.VCPUs < 0 || bounds.Disk < 0 {
		argError(L, fn, "bounds must not be negative")
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		flavors, err := compute.ListFlavors(ctx, cloud, true)
		if err != nil {
			return nil, err
		}
		return compute.PickFlavor(flavors, bounds)
	})
}

// resolveImage turns an image id, name or href into an id, listing the images
// only when ref is a name.
func resolveImage(ctx context.Context, cloud compute.Requester, ref string) (string, error) {
	if id, ok := compute.HrefID(ref); ok {
		return id, nil
	}
	images, err := compute.ListImages(ctx, cloud, compute.ListOpts{})
	if err != nil {
		return "", err
	}
	image, err := compute.Resolve("image", ref, images)
	if err != nil {
		return "", err
	}
	return compute.String(image, "id"), nil
}

// resolveFlavor turns a flavor id, name or href into an id.
func resolveFlavor(ctx context.Context, cloud compute.Requester, ref string) (string, error) {
	if id, ok := compute.HrefID(ref); ok {
		return id, nil
	}
	flavors, err := compute.ListFlavors(ctx, cloud, false)
	if err != nil {
		return "", err
	}
	flavor, err := compute.Resolve("flavor", ref, flavors)
	if err != nil {
		return "", err
	}
	return compute.String(flavor, "id"), nil
}
