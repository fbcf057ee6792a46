package compute

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pollCloud answers the detailed server listing from a script of rounds: each
// round maps a server id to its status ("" leaves the server out), and the
// last round repeats. GET servers/{id} answers from the current round too.
type pollCloud struct {
	t      *testing.T
	rounds []map[string]string
	faults map[string]string

	mu    sync.Mutex
	lists int
	gets  []string
}

func (c *pollCloud) round() map[string]string {
	return c.rounds[min(max(c.lists-1, 0), len(c.rounds)-1)]
}

func (c *pollCloud) Do(_ context.Context, req Request) (*Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	assert.Equal(c.t, http.MethodGet, req.Method)

	if req.Path == "servers/detail" {
		c.lists++
		var servers []any
		for id, status := range c.round() {
			if status != "" {
				servers = append(servers, c.server(id, status))
			}
		}
		return &Response{Status: 200, Body: Object{"servers": servers}}, nil
	}

	id, ok := strings.CutPrefix(req.Path, "servers/")
	require.True(c.t, ok, "unexpected path %s", req.Path)
	c.gets = append(c.gets, id)
	if status := c.round()[id]; status != "" {
		return &Response{Status: 200, Body: Object{"server": c.server(id, status)}}, nil
	}
	return nil, &APIError{Status: http.StatusNotFound, Kind: "itemNotFound",
		Message: "Instance " + id + " could not be found."}
}

func (c *pollCloud) server(id, status string) Object {
	server := Object{"id": id, "name": "n-" + id, "status": status}
	if fault := c.faults[id]; fault != "" {
		server["fault"] = Object{"code": 500, "message": fault}
	}
	return server
}

var fastWait = WaitOpts{Timeout: time.Second, Interval: time.Millisecond}

func TestWaitServersOneListingPerRound(t *testing.T) {
	cloud := &pollCloud{t: t, rounds: []map[string]string{
		{"a": "BUILD", "b": "BUILD", "c": "BUILD", "other": "ACTIVE"},
		{"a": "ACTIVE", "b": "BUILD", "c": "BUILD"},
		{"a": "ACTIVE", "b": "ACTIVE", "c": "ACTIVE"},
	}}

	servers, err := WaitServers(context.Background(), cloud, []string{"c", "a", "b"}, "active",
		fastWait)
	require.NoError(t, err)
	require.Len(t, servers, 3)
	for i, id := range []string{"c", "a", "b"} {
		assert.Equal(t, id, servers[i]["id"])
		assert.Equal(t, "ACTIVE", servers[i]["status"])
	}
	assert.Equal(t, 3, cloud.lists)
	assert.Empty(t, cloud.gets)
}

func TestWaitServersReportsEveryFailure(t *testing.T) {
	cloud := &pollCloud{t: t, faults: map[string]string{"bad": "No valid host was found."},
		rounds: []map[string]string{
			{"ok": "BUILD", "bad": "BUILD", "gone": "BUILD", "slow": "BUILD"},
			{"ok": "BUILD", "bad": "ERROR", "slow": "BUILD"},
			{"ok": "ACTIVE", "bad": "ERROR", "slow": "BUILD"},
		}}
	ids := []string{"ok", "bad", "gone", "slow"}

	servers, err := WaitServers(context.Background(), cloud, ids, "ACTIVE",
		WaitOpts{Timeout: 300 * time.Millisecond, Interval: 5 * time.Millisecond})
	var waitErr *WaitAllError
	require.True(t, errors.As(err, &waitErr), "error %v", err)

	require.Len(t, servers, 4)
	assert.Equal(t, "ACTIVE", servers[0]["status"])
	assert.Nil(t, servers[1])
	assert.Nil(t, servers[2])
	assert.Nil(t, servers[3])

	require.Len(t, waitErr.Failed, 3)
	bad, gone, slow := waitErr.Failed[0], waitErr.Failed[1], waitErr.Failed[2]
	assert.Equal(t, WaitFailure{Index: 1, ID: "bad", Status: "ERROR",
		Fault: "No valid host was found.", Err: bad.Err}, bad)
	assert.Equal(t, 2, gone.Index)
	assert.Equal(t, "DELETED", gone.Status)
	assert.Equal(t, 3, slow.Index)
	assert.Equal(t, "BUILD", slow.Status)

	assert.Equal(t, "3 of 4 servers did not reach ACTIVE: "+
		"server bad went to ERROR while waiting for ACTIVE: No valid host was found.; "+
		"server gone was deleted while waiting for ACTIVE; "+
		"server slow is still BUILD after 300ms waiting for ACTIVE", err.Error())
	// Only the server missing from a listing was looked up on its own, once.
	assert.Equal(t, []string{"gone"}, cloud.gets)
}

func TestWaitServersDeleted(t *testing.T) {
	cloud := &pollCloud{t: t, rounds: []map[string]string{
		{"a": "ACTIVE", "b": "DELETING"},
		{"b": "DELETING"},
		{},
	}}

	servers, err := WaitServers(context.Background(), cloud, []string{"a", "b"}, "DELETED",
		fastWait)
	require.NoError(t, err)
	assert.Equal(t, []Object{{"id": "a", "status": "DELETED"}, {"id": "b", "status": "DELETED"}},
		servers)
	assert.Equal(t, 3, cloud.lists)
	assert.Empty(t, cloud.gets, "an absent server is what DELETED waits for")
}

// TestWaitServersDeletedMeansGone checks that a server Nova still lists with
// status DELETED is waited for until the listing no longer has it.
func TestWaitServersDeletedMeansGone(t *testing.T) {
	cloud := &pollCloud{t: t, rounds: []map[string]string{
		{"a": "DELETED"},
		{"a": "DELETED"},
		{},
	}}

	servers, err := WaitServers(context.Background(), cloud, []string{"a"}, "DELETED", fastWait)
	require.NoError(t, err)
	assert.Equal(t, []Object{{"id": "a", "status": "DELETED"}}, servers)
	assert.Equal(t, 3, cloud.lists)
}

func TestWaitServersListedLateIsLookedUp(t *testing.T) {
	// A listing that leaves a server out (another page, another scope) does not
	// fail it while GET still finds it.
	cloud := &pollCloud{t: t, rounds: []map[string]string{{"a": "ACTIVE"}}}
	listing := &hidingCloud{pollCloud: cloud, hidden: "a"}

	servers, err := WaitServers(context.Background(), listing, []string{"a"}, "ACTIVE", fastWait)
	require.NoError(t, err)
	assert.Equal(t, "ACTIVE", servers[0]["status"])
	assert.Equal(t, []string{"a"}, cloud.gets)
}

// hidingCloud leaves one server out of every listing.
type hidingCloud struct {
	*pollCloud
	hidden string
}

func (c *hidingCloud) Do(ctx context.Context, req Request) (*Response, error) {
	resp, err := c.pollCloud.Do(ctx, req)
	if err != nil || req.Path != "servers/detail" {
		return resp, err
	}
	var kept []any
	for _, server := range resp.Body.(Object)["servers"].([]any) {
		if server.(Object)["id"] != c.hidden {
			kept = append(kept, server)
		}
	}
	return &Response{Status: 200, Body: Object{"servers": kept}}, nil
}

func TestWaitServersListErrorEndsTheWait(t *testing.T) {
	failing := requesterFunc(func(context.Context, Request) (*Response, error) {
		return nil, &APIError{Status: 403, Kind: "forbidden", Message: "Policy does not allow"}
	})
	_, err := WaitServers(context.Background(), failing, []string{"a"}, "ACTIVE", fastWait)
	require.Error(t, err)
	assert.Equal(t, "wait for servers: list servers: forbidden (403): Policy does not allow",
		err.Error())
}

func TestWaitServersStopsWithContext(t *testing.T) {
	cloud := &pollCloud{t: t, rounds: []map[string]string{{"a": "BUILD"}}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()

	_, err := WaitServers(ctx, cloud, []string{"a"}, "ACTIVE", WaitOpts{Interval: time.Hour})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

type requesterFunc func(context.Context, Request) (*Response, error)

func (f requesterFunc) Do(ctx context.Context, req Request) (*Response, error) {
	return f(ctx, req)
}
