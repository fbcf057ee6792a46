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

	// ReservationID keeps the servers of one multi-create request.
	ReservationID string
}

func (o ListOpts) query() url.Values {
	query := url.Values{}
	if o.Name != "" {
		query.Set("name", o.Name)
	}
	if o.Status != "" {
		query.Set("status", o.Status)
	}
	if o.ReservationID != "" {
		query.Set("reservation_id", o.ReservationID)
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

// CreateServers sends a multi-create request (a body with min_count and
// max_count) and returns every server it made. Nova's answer to such a request
// names only one of them, so the servers are found by their reservation id.
func CreateServers(ctx context.Context, r Requester, body Object) ([]Object, error) {
	server, _ := body["server"].(Object)
	if server == nil {
		return nil, fmt.Errorf("create servers: the body has no \"server\" object")
	}
	withReservation := Object{"return_reservation_id": true}
	for key, value := range server {
		withReservation[key] = value
	}
	resp, err := r.Do(ctx, Request{Method: http.MethodPost, Path: "servers",
		Body: Object{"server": withReservation}})
	if err != nil {
		return nil, fmt.Errorf("create servers: %w", err)
	}

	doc, _ := resp.Body.(Object)
	reservation := String(doc, "reservation_id")
	if reservation == "" {
		return nil, fmt.Errorf("create servers: answer has no reservation_id")
	}
	servers, err := ListServers(ctx, r, ListOpts{Detail: true, ReservationID: reservation})
	if err != nil {
		return nil, fmt.Errorf("create servers: find reservation %s: %w", reservation, err)
	}
	return servers, nil
}

// FindServerByRef returns a server by id, or by name when no server has that id.
func FindServerByRef(ctx context.Context, r Requester, ref string) (Object, error) {
	return byRef(ctx, r, ref, GetServer, func() (Object, error) {
		return FindServer(ctx, r, ref)
	})
}

// ServerAddresses returns the addresses of a server by network name, as
// GET /servers/{id}/ips answers them.
func ServerAddresses(ctx context.Context, r Requester, id string) (Object, error) {
	path := "servers/" + escape(id) + "/ips"
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return nil, fmt.Errorf("addresses of server %s: %w", id, err)
	}
	addresses, err := field(resp.Body, "addresses")
	if err != nil {
		return nil, fmt.Errorf("addresses of server %s: %w", id, err)
	}
	return addresses, nil
}

// NetworkAddresses returns the addresses a server has on one network.
func NetworkAddresses(ctx context.Context, r Requester, id, network string) ([]any, error) {
	path := "servers/" + escape(id) + "/ips/" + escape(network)
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return nil, fmt.Errorf("addresses of server %s on network %s: %w", id, network, err)
	}
	doc, _ := resp.Body.(Object)
	addresses, ok := doc[network].([]any)
	if !ok {
		return nil, fmt.Errorf("addresses of server %s on network %s: answer has no %q list",
			id, network, network)
	}
	return addresses, nil
}

// UpdateOpts are the fields of a server that PUT /servers/{id} changes; nil
// fields are left as they are.
type UpdateOpts struct {
	Name       *string
	AccessIPv4 *string
	AccessIPv6 *string
}

func (o UpdateOpts) body() Object {
	server := Object{}
	for key, value := range map[string]*string{
		"name": o.Name, "accessIPv4": o.AccessIPv4, "accessIPv6": o.AccessIPv6,
	} {
		if value != nil {
			server[key] = *value
		}
	}
	return Object{"server": server}
}

// UpdateServer renames a server or sets its access addresses, and returns the
// server as the cloud answers it.
func UpdateServer(ctx context.Context, r Requester, id string, opts UpdateOpts) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodPut, Path: "servers/" + escape(id),
		Body: opts.body(), OK: []int{http.StatusOK}})
	if err != nil {
		return nil, fmt.Errorf("update server %s: %w", id, err)
	}
	server, err := field(resp.Body, "server")
	if err != nil {
		return nil, fmt.Errorf("update server %s: %w", id, err)
	}
	return server, nil
}
