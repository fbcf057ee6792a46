package sandbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	gflavors "github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/limits"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gopherClient authenticates with gophercloud exactly as an application would.
func gopherClient(t *testing.T, sb *Sandbox) *gophercloud.ServiceClient {
	t.Helper()
	ctx := context.Background()
	provider, err := openstack.AuthenticatedClient(ctx, gophercloud.AuthOptions{
		IdentityEndpoint: sb.AuthURL(),
		Username:         User,
		Password:         Password,
		DomainName:       "Default",
		TenantName:       Project,
		AllowReauth:      true,
	})
	require.NoError(t, err)
	compute, err := openstack.NewComputeV2(provider, gophercloud.EndpointOpts{Region: "RegionOne"})
	require.NoError(t, err)
	require.Equal(t, sb.ComputeURL()+"/", compute.Endpoint)
	return compute
}

func TestGophercloudServerLifecycle(t *testing.T) {
	sb := startSandbox(t, Options{BuildTime: 50 * time.Millisecond})
	compute := gopherClient(t, sb)
	ctx := context.Background()

	pages, err := gflavors.ListDetail(compute, nil).AllPages(ctx)
	require.NoError(t, err)
	fl, err := gflavors.ExtractFlavors(pages)
	require.NoError(t, err)
	require.Len(t, fl, 5)
	assert.Equal(t, "m1.small", fl[1].Name)
	assert.Equal(t, 2048, fl[1].RAM)

	srv, err := servers.Create(ctx, compute, servers.CreateOpts{
		Name: "gopher", ImageRef: imageServerID, FlavorRef: "2",
		Metadata: map[string]string{"role": "web"},
	}, nil).Extract()
	require.NoError(t, err)
	require.NotEmpty(t, srv.AdminPass)

	require.NoError(t, servers.WaitForStatus(ctx, compute, srv.ID, "ACTIVE"))
	got, err := servers.Get(ctx, compute, srv.ID).Extract()
	require.NoError(t, err)
	assert.Equal(t, "gopher", got.Name)
	assert.Equal(t, "2", got.Flavor["id"])
	assert.Equal(t, map[string]string{"role": "web"}, got.Metadata)
	assert.Contains(t, got.Addresses, "public")
	assert.Equal(t, "active", got.VmState)
	assert.False(t, got.LaunchedAt.IsZero())

	all, err := servers.List(compute, nil).AllPages(ctx)
	require.NoError(t, err)
	list, err := servers.ExtractServers(all)
	require.NoError(t, err)
	require.Len(t, list, 1)

	require.NoError(t, servers.Delete(ctx, compute, srv.ID).ExtractErr())
	_, err = servers.Get(ctx, compute, srv.ID).Extract()
	assert.True(t, gophercloud.ResponseCodeIs(err, 404), "got %v", err)
}

func TestGophercloudReauthenticatesExpiredToken(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	record := func(r Recorded) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
	}
	clock := newFakeClock()
	sb := startSandbox(t, Options{TokenTTL: time.Hour, OnRequest: record, now: clock.Now})
	compute := gopherClient(t, sb)
	ctx := context.Background()

	clock.Add(time.Hour)
	_, err := gflavors.Get(ctx, compute, "1").Extract()
	require.NoError(t, err, "gophercloud should re-authenticate after a 401")

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"POST /v3/auth/tokens 201",
		"GET /v2.1/flavors/1 401",
		"POST /v3/auth/tokens 201",
		"GET /v2.1/flavors/1 200",
	}, seen)
}

func TestGophercloudActionsAndMetadata(t *testing.T) {
	sb := startSandbox(t, Options{BuildTime: 20 * time.Millisecond})
	compute := gopherClient(t, sb)
	ctx := context.Background()
	wait := func(id, status string) {
		require.NoError(t, servers.WaitForStatus(ctx, compute, id, status))
	}

	srv, err := servers.Create(ctx, compute, servers.CreateOpts{
		Name: "acts", ImageRef: imageServerID, FlavorRef: "1"}, nil).Extract()
	require.NoError(t, err)
	wait(srv.ID, "ACTIVE")

	meta, err := servers.UpdateMetadata(ctx, compute, srv.ID,
		servers.MetadataOpts{"owner": "joe"}).Extract()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"owner": "joe"}, meta)
	item, err := servers.Metadatum(ctx, compute, srv.ID, "owner").Extract()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"owner": "joe"}, item)

	require.NoError(t, servers.Reboot(ctx, compute, srv.ID,
		servers.RebootOpts{Type: servers.HardReboot}).ExtractErr())
	wait(srv.ID, "ACTIVE")
	require.NoError(t, servers.Resize(ctx, compute, srv.ID,
		servers.ResizeOpts{FlavorRef: "2"}).ExtractErr())
	wait(srv.ID, "VERIFY_RESIZE")
	require.NoError(t, servers.ConfirmResize(ctx, compute, srv.ID).ExtractErr())
	wait(srv.ID, "ACTIVE")

	imageID, err := servers.CreateImage(ctx, compute, srv.ID,
		servers.CreateImageOpts{Name: "snap"}).ExtractImageID()
	require.NoError(t, err)
	assert.Len(t, imageID, 36)

	lim, err := limits.Get(ctx, compute, nil).Extract()
	require.NoError(t, err)
	assert.Equal(t, 2048, lim.Absolute.TotalRAMUsed)
	assert.Equal(t, 51200, lim.Absolute.MaxTotalRAMSize)
}

func TestGophercloudIdentityV2(t *testing.T) {
	sb := startSandbox(t, Options{})
	ctx := context.Background()
	provider, err := openstack.AuthenticatedClient(ctx, gophercloud.AuthOptions{
		IdentityEndpoint: sb.identityRoot() + "/v2.0/",
		Username:         User,
		Password:         Password,
		TenantName:       Project,
	})
	require.NoError(t, err)
	compute, err := openstack.NewComputeV2(provider, gophercloud.EndpointOpts{})
	require.NoError(t, err)
	f, err := gflavors.Get(ctx, compute, "2").Extract()
	require.NoError(t, err)
	assert.Equal(t, "m1.small", f.Name)
}
