package sandbox

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadModel is what one load client believes its servers look like.
type loadModel struct {
	names map[string]string            // id -> name
	meta  map[string]map[string]string // id -> metadata
}

// loadClient runs ops random operations on its own servers and checks every answer.
type loadClient struct {
	*apiClient
	k     int
	rng   *rand.Rand
	model loadModel
	seq   int
}

func (lc *loadClient) pick() string {
	ids := make([]string, 0, len(lc.model.names))
	for id := range lc.model.names {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return ""
	}
	// Map order is random; sorting keeps each client's run reproducible from its seed.
	sortStrings(ids)
	return ids[lc.rng.IntN(len(ids))]
}

func (lc *loadClient) step() {
	id := lc.pick()
	p := lc.rng.Float64()
	switch {
	case id == "" || p < 0.2:
		lc.create()
	case p < 0.35:
		key, val := fmt.Sprintf("k%d", lc.rng.IntN(4)), fmt.Sprintf("v%d", lc.rng.IntN(100))
		resp := lc.call(http.MethodPut, "/servers/"+id+"/metadata/"+key,
			map[string]any{"meta": map[string]any{key: val}})
		require.Equal(lc.t, http.StatusOK, resp.status, resp.text)
		lc.model.meta[id][key] = val
	case p < 0.45:
		lc.deleteMeta(id)
	case p < 0.55:
		lc.seq++
		name := fmt.Sprintf("c%d-renamed-%d", lc.k, lc.seq)
		resp := lc.call(http.MethodPut, "/servers/"+id, map[string]any{"server": map[string]any{
			"name": name}})
		require.Equal(lc.t, http.StatusOK, resp.status, resp.text)
		lc.model.names[id] = name
	case p < 0.62:
		require.Equal(lc.t, http.StatusNoContent, lc.call(http.MethodDelete, "/servers/"+id,
			nil).status)
		delete(lc.model.names, id)
		delete(lc.model.meta, id)
	case p < 0.70:
		resp := lc.action(id, `{"reboot": {"type": "SOFT"}}`)
		require.Equal(lc.t, http.StatusAccepted, resp.status, resp.text)
	case p < 0.85:
		lc.checkOne(id)
	default:
		lc.checkOwnList()
	}
}

func (lc *loadClient) create() {
	lc.seq++
	name := fmt.Sprintf("c%d-%d", lc.k, lc.seq)
	owner := fmt.Sprintf("c%d", lc.k)
	id := lc.createServer(name, map[string]any{"metadata": map[string]any{"owner": owner}})
	lc.model.names[id] = name
	lc.model.meta[id] = map[string]string{"owner": owner}
}

func (lc *loadClient) deleteMeta(id string) {
	for _, key := range []string{"k0", "k1", "k2", "k3"} {
		if _, ok := lc.model.meta[id][key]; ok {
			resp := lc.call(http.MethodDelete, "/servers/"+id+"/metadata/"+key, nil)
			require.Equal(lc.t, http.StatusNoContent, resp.status, resp.text)
			delete(lc.model.meta[id], key)
			return
		}
	}
	resp := lc.call(http.MethodDelete, "/servers/"+id+"/metadata/k9", nil)
	require.Equal(lc.t, http.StatusNotFound, resp.status, resp.text)
}

func (lc *loadClient) checkOne(id string) {
	resp := lc.call(http.MethodGet, "/servers/"+id, nil)
	require.Equal(lc.t, http.StatusOK, resp.status, resp.text)
	assert.Equal(lc.t, lc.model.names[id], dig(resp.body, "server", "name"))
	assert.Equal(lc.t, toAny(lc.model.meta[id]), dig(resp.body, "server", "metadata"))
}

func (lc *loadClient) checkOwnList() {
	resp := lc.call(http.MethodGet, fmt.Sprintf("/servers?name=^c%d-", lc.k), nil)
	require.Equal(lc.t, http.StatusOK, resp.status, resp.text)
	assert.Len(lc.t, resp.body["servers"], len(lc.model.names))
}

func toAny(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestLoadMixedOperations runs 8 concurrent clients doing 2,000 operations in all over
// HTTP, then checks that the state is exactly what the operations imply.
func TestLoadMixedOperations(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	lim := DefaultLimits()
	lim.MaxTotalInstances, lim.MaxTotalCores, lim.MaxTotalRAMSize = -1, -1, -1
	// A build time of 1ns makes every transition finish before the next request, so each
	// operation has exactly one right answer.
	sb := startSandbox(t, Options{Limits: lim, BuildTime: 1})

	const clients, opsEach = 8, 250
	models := make([]loadModel, clients)
	var wg sync.WaitGroup
	for k := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lc := &loadClient{apiClient: newClient(t, sb), k: k,
				rng:   rand.New(rand.NewPCG(uint64(k), 42)),
				model: loadModel{names: map[string]string{}, meta: map[string]map[string]string{}}}
			for range opsEach {
				lc.step()
			}
			models[k] = lc.model
		}()
	}
	wg.Wait()

	want := loadModel{names: map[string]string{}, meta: map[string]map[string]string{}}
	for _, m := range models {
		maps.Copy(want.names, m.names)
		maps.Copy(want.meta, m.meta)
	}
	c := newClient(t, sb)
	resp := c.call(http.MethodGet, "/servers/detail", nil)
	require.Equal(t, http.StatusOK, resp.status)
	got := loadModel{names: map[string]string{}, meta: map[string]map[string]string{}}
	for _, s := range resp.body["servers"].([]any) {
		id := dig(s, "id").(string)
		got.names[id] = dig(s, "name").(string)
		got.meta[id] = map[string]string{}
		for k, v := range dig(s, "metadata").(map[string]any) {
			got.meta[id][k] = v.(string)
		}
	}
	assert.Equal(t, want, got)
	used := dig(c.call(http.MethodGet, "/limits", nil).body, "limits", "absolute",
		"totalInstancesUsed")
	assert.EqualValues(t, len(want.names), used)
	t.Logf("%d servers at the end, at most %d requests at once", len(want.names),
		sb.MaxInFlight())
}
