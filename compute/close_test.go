package compute

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

// openConnections counts a server's connections that are not closed yet.
type openConnections struct {
	mu   sync.Mutex
	open map[net.Conn]bool
}

func (o *openConnections) track(conn net.Conn, state http.ConnState) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch state {
	case http.StateNew:
		o.open[conn] = true
	case http.StateClosed, http.StateHijacked:
		delete(o.open, conn)
	}
}

func (o *openConnections) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.open)
}

// TestCloseLetsGoOfConnections: parallel requests leave connections open for
// the next ones, and Close closes them, so that a server stopping once the
// client is done (the sandbox, when a script ends) does not wait for them.
func TestCloseLetsGoOfConnections(t *testing.T) {
	for _, debug := range []bool{false, true} {
		t.Run(fmt.Sprintf("debug=%v", debug), func(t *testing.T) {
			sb, _ := startSandbox(t, sandbox.Options{})
			endpoint, err := url.Parse(sb.ComputeURL())
			require.NoError(t, err)

			conns := &openConnections{open: map[net.Conn]bool{}}
			front := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(
				&url.URL{Scheme: endpoint.Scheme, Host: endpoint.Host}))
			front.Config.ConnState = conns.track
			front.Start()
			t.Cleanup(front.Close)

			cloud := sandboxCloud(sb)
			cloud.ComputeEndpoint = front.URL + endpoint.Path + "/"
			opts := Options{}
			if debug {
				opts.Debug = io.Discard
			}
			client := connect(t, cloud, opts)

			var wg sync.WaitGroup
			for range 16 {
				wg.Go(func() {
					_, err := client.Do(context.Background(),
						Request{Method: http.MethodGet, Path: "flavors"})
					assert.NoError(t, err)
				})
			}
			wg.Wait()
			require.Positive(t, conns.count(), "no connection was kept for the next request")

			client.Close()
			assert.Eventually(t, func() bool { return conns.count() == 0 }, 2*time.Second,
				10*time.Millisecond, "%d connections are still open after Close", conns.count())
		})
	}
}
