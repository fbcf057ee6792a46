package compute

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// ListImages returns every image that matches opts, following pagination.
func ListImages(ctx context.Context, r Requester, opts ListOpts) ([]Object, error) {
	return listAll(ctx, r, "images", "images", opts.Detail, opts.query())
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
	if i := strings.LastIndex(ref, "/"); strings.Contains(ref, "://") && i >= 0 {
		id = ref[i+1:]
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
