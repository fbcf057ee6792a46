package compute

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// ListImages returns every image that matches opts, following pagination.
// It uses the compute API's image calls, which Nova serves up to microversion
// 2.35; a cloud that answers them with 404 gets an error that says so.
func ListImages(ctx context.Context, r Requester, opts ListOpts) ([]Object, error) {
	images, err := listAll(ctx, r, "images", "images", opts.Detail, opts.query())
	if IsNotFound(err) {
		return nil, fmt.Errorf("%w (this cloud does not serve the compute API's image "+
			"calls, /images, which novalua uses)", err)
	}
	return images, err
}

// DeleteImage deletes one image.
func DeleteImage(ctx context.Context, r Requester, id string) error {
	_, err := r.Do(ctx, Request{Method: http.MethodDelete, Path: "images/" + escape(id),
		OK: []int{http.StatusNoContent, http.StatusOK}})
	if err != nil {
		return fmt.Errorf("delete image %s: %w", id, err)
	}
	return nil
}

// GetImage returns the details of one image.
func GetImage(ctx context.Context, r Requester, id string) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: "images/" + escape(id)})
	if err != nil {
		return nil, fmt.Errorf("get image %s: %w", id, err)
	}
	return field(resp.Body, "image")
}

// ListFlavors returns every flavor, following pagination.
func ListFlavors(ctx context.Context, r Requester, detail bool) ([]Object, error) {
	return listAll(ctx, r, "flavors", "flavors", detail, nil)
}

// GetFlavor returns the details of one flavor.
func GetFlavor(ctx context.Context, r Requester, id string) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: "flavors/" + escape(id)})
	if err != nil {
		return nil, fmt.Errorf("get flavor %s: %w", id, err)
	}
	return field(resp.Body, "flavor")
}

// ResolveError says that a name matched no item or several.
type ResolveError struct {
	Kind       string // "image", "flavor" or "server"
	Ref        string
	Candidates []string // "name (id)" of every item that was considered
	Ambiguous  bool
}

// Error returns a line that names the reference and lists the candidates.
func (e *ResolveError) Error() string {
	what := "no"
	if e.Ambiguous {
		what = "more than one"
	}
	label := "available"
	if e.Ambiguous {
		label = "matches"
	}
	if len(e.Candidates) == 0 {
		return fmt.Sprintf("no %s matches %q (there are none)", e.Kind, e.Ref)
	}
	return fmt.Sprintf("%s %s matches %q (%s: %s)", what, e.Kind, e.Ref, label,
		strings.Join(e.Candidates, ", "))
}

// Resolve finds the one item of items that ref names: ref can be an id, a name
// or an href whose last segment is an id (the book's imageRef and flavorRef).
func Resolve(kind, ref string, items []Object) (Object, error) {
	id := ref
	if fromHref, ok := HrefID(ref); ok {
		id = fromHref
	}
	for _, item := range items {
		if String(item, "id") == id {
			return item, nil
		}
	}

	var matches []Object
	for _, item := range items {
		if String(item, "name") == ref {
			matches = append(matches, item)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}

	candidates := items
	if len(matches) > 1 {
		candidates = matches
	}
	return nil, &ResolveError{Kind: kind, Ref: ref, Candidates: describe(candidates),
		Ambiguous: len(matches) > 1}
}

func describe(items []Object) []string {
	names := make([]string, 0, len(items))
	for _, item := range items {
		names = append(names, fmt.Sprintf("%s (%s)", String(item, "name"), String(item, "id")))
	}
	sort.Strings(names)
	return names
}

// FlavorBounds are the least RAM (MB), vCPUs and disk (GB) a flavor must have.
type FlavorBounds struct {
	RAM   int
	VCPUs int
	Disk  int
}

// String lists the bounds that are set, as "at least 2048 MB of RAM and 2 vCPUs".
func (b FlavorBounds) String() string {
	var parts []string
	if b.RAM > 0 {
		parts = append(parts, fmt.Sprintf("%d MB of RAM", b.RAM))
	}
	if b.VCPUs > 0 {
		parts = append(parts, plural(b.VCPUs, "vCPU"))
	}
	if b.Disk > 0 {
		parts = append(parts, fmt.Sprintf("%d GB of disk", b.Disk))
	}
	if len(parts) == 0 {
		return "no bounds"
	}
	last := len(parts) - 1
	if last == 0 {
		return "at least " + parts[0]
	}
	return "at least " + strings.Join(parts[:last], ", ") + " and " + parts[last]
}

// PickFlavor returns the smallest flavor that meets every bound: the one with
// the least RAM, then the fewest vCPUs, then the least disk, then the first
// name. flavors must hold their details (ram, vcpus, disk); disabled ones are
// skipped.
func PickFlavor(flavors []Object, bounds FlavorBounds) (Object, error) {
	var enabled, fits []Object
	for _, flavor := range flavors {
		if disabled, _ := flavor["OS-FLV-DISABLED:disabled"].(bool); disabled {
			continue
		}
		enabled = append(enabled, flavor)
		if Number(flavor, "ram") >= float64(bounds.RAM) &&
			Number(flavor, "vcpus") >= float64(bounds.VCPUs) &&
			Number(flavor, "disk") >= float64(bounds.Disk) {
			fits = append(fits, flavor)
		}
	}
	if len(fits) == 0 {
		return nil, fmt.Errorf("no flavor has %s (%s)", bounds, largest(enabled))
	}
	sort.SliceStable(fits, func(i, j int) bool { return flavorLess(fits[i], fits[j]) })
	return fits[0], nil
}

// flavorLess orders flavors by RAM, vCPUs, disk and name.
func flavorLess(a, b Object) bool {
	for _, key := range []string{"ram", "vcpus", "disk"} {
		if x, y := Number(a, key), Number(b, key); x != y {
			return x < y
		}
	}
	return String(a, "name") < String(b, "name")
}

// largest describes the biggest of flavors, for an error that has to say why
// none was big enough.
func largest(flavors []Object) string {
	if len(flavors) == 0 {
		return "the cloud has no enabled flavors"
	}
	sorted := append([]Object(nil), flavors...)
	sort.SliceStable(sorted, func(i, j int) bool { return flavorLess(sorted[j], sorted[i]) })
	top := sorted[0]
	return fmt.Sprintf("the largest is %s: %.0f MB, %s, %.0f GB", String(top, "name"),
		Number(top, "ram"), plural(int(Number(top, "vcpus")), "vCPU"), Number(top, "disk"))
}

// HrefID returns the last path segment of an href such as the book's imageRef
// "http://.../images/3", and false when ref is not an href.
func HrefID(ref string) (string, bool) {
	if !strings.Contains(ref, "://") {
		return "", false
	}
	ref = strings.TrimRight(ref, "/")
	return ref[strings.LastIndex(ref, "/")+1:], true
}

// FindImage returns the details of the one image named name.
func FindImage(ctx context.Context, r Requester, name string) (Object, error) {
	return named(ctx, r, "image", name, GetImage, func() ([]Object, error) {
		return ListImages(ctx, r, ListOpts{})
	})
}

// FindFlavor returns the details of the one flavor named name.
func FindFlavor(ctx context.Context, r Requester, name string) (Object, error) {
	return named(ctx, r, "flavor", name, GetFlavor, func() ([]Object, error) {
		return ListFlavors(ctx, r, false)
	})
}

// GetImageByRef returns an image by id or href or, when the cloud knows no
// such id, by name. A ref that is neither gives the cloud's own 404.
func GetImageByRef(ctx context.Context, r Requester, ref string) (Object, error) {
	return byRef(ctx, r, ref, GetImage, func() (Object, error) {
		return FindImage(ctx, r, ref)
	})
}

// GetFlavorByRef returns a flavor by id or href or, when the cloud knows no
// such id, by name. A ref that is neither gives the cloud's own 404.
func GetFlavorByRef(ctx context.Context, r Requester, ref string) (Object, error) {
	return byRef(ctx, r, ref, GetFlavor, func() (Object, error) {
		return FindFlavor(ctx, r, ref)
	})
}

// byRef returns the item whose id or href ref is and, when the cloud knows no
// such id, the one byName finds. A ref that is neither an id nor a name gives
// the cloud's own 404, which says it best.
func byRef(ctx context.Context, r Requester, ref string,
	get func(context.Context, Requester, string) (Object, error),
	byName func() (Object, error)) (Object, error) {
	if id, ok := HrefID(ref); ok {
		return get(ctx, r, id)
	}
	item, err := get(ctx, r, ref)
	if err == nil || !IsNotFound(err) {
		return item, err
	}
	item, nameErr := byName()
	var unknown *ResolveError
	if errors.As(nameErr, &unknown) && !unknown.Ambiguous {
		return nil, err
	}
	return item, nameErr
}

// named lists the items and returns the details of the one called name.
func named(ctx context.Context, r Requester, kind, name string,
	get func(context.Context, Requester, string) (Object, error),
	list func() ([]Object, error)) (Object, error) {
	items, err := list()
	if err != nil {
		return nil, err
	}
	item, err := Resolve(kind, name, items)
	if err != nil {
		return nil, err
	}
	return get(ctx, r, String(item, "id"))
}
