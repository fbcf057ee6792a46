package compute

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ListOpts narrows a listing of servers or images.
type ListOpts struct {
	Detail bool
	Name   string
	Status string
	Limit  int // page size asked of the cloud; every page is followed
}

func (o ListOpts) query() url.Values {
	query := url.Values{}
	if o.Name != "" {
		query.Set("name", o.Name)
	}
	if o.Status != "" {
		query.Set("status", o.Status)
	}
	if o.Limit > 0 {
		query.Set("limit", strconv.Itoa(o.Limit))
	}
	return query
}

// ListServers returns every server that matches opts, following pagination.
func ListServers(ctx context.Context, r Requester, opts ListOpts) ([]Object, error) {
	return listAll(ctx, r, "servers", "servers", opts.Detail, opts.query())
}

// listAll follows the cloud's "next" links until the last page.
func listAll(ctx context.Context, r Requester, resource, key string, detail bool,
	query url.Values) ([]Object, error) {
	path := resource
	if detail {
		path += "/detail"
	}

	var all []Object
	for {
		resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: withQuery(path, query)})
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", resource, err)
		}
		page, err := list(resp.Body, key)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", resource, err)
		}
		all = append(all, page...)

		marker := nextMarker(resp.Body, key+"_links")
		if marker == "" || len(page) == 0 {
			return all, nil
		}
		query.Set("marker", marker)
	}
}

// GetServer returns the details of one server.
func GetServer(ctx context.Context, r Requester, id string) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: "servers/" + escape(id)})
	if err != nil {
		return nil, fmt.Errorf("get server %s: %w", id, err)
	}
	return field(resp.Body, "server")
}

// DeleteServer deletes one server. The cloud answers before the server is gone.
func DeleteServer(ctx context.Context, r Requester, id string) error {
	_, err := r.Do(ctx, Request{Method: http.MethodDelete, Path: "servers/" + escape(id)})
	if err != nil {
		return fmt.Errorf("delete server %s: %w", id, err)
	}
	return nil
}

// CreateServer sends a create request whose body was built by the caller from
// the create schema ({"server": {...}}) and returns the answer's server, which
// holds the adminPass that the cloud shows only once.
func CreateServer(ctx context.Context, r Requester, body Object) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodPost, Path: "servers", Body: body})
	if err != nil {
		return nil, fmt.Errorf("create server: %w", err)
	}
	return field(resp.Body, "server")
}
