package bindings

import (
	"context"
	"errors"
	"net/http"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

func (e *Env) limitsModule() Module {
	return Module{
		Name: "limits",
		Doc:  "The limits the cloud sets on this project, and how much of them is used.",
		Functions: []Function{
			{Name: "get", Args: "", Returns: "{absolute = {...}, rate = {...}}",
				Doc: "Returns the cloud's limits: absolute ones such as maxTotalRAMSize, " +
					"maxServerMeta and maxPersonality with the total...Used counters, and " +
					"rate limits, as the cloud reports them.", Fn: e.getLimits,
				Results: []Value{{Type: "Limits", Name: "limits",
					Doc: "absolute limits and their use, and rate limits"}},
				Errors: []string{"a string error when an argument is given", errCloud, errNet},
				Example: `local absolute = limits.get().absolute
print(absolute.maxServerMeta, absolute.totalInstancesUsed)
--> 5 1`},
		},
	}
}

func (e *Env) getLimits(L *lua.LState) int {
	const fn = "limits.get"
	if L.GetTop() > 0 {
		argError(L, fn, "takes no arguments, got %d", L.GetTop())
	}
	cache := cloudLimits(L)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		limits, err := compute.GetLimits(ctx, cloud)
		if err == nil {
			cache.store(limits)
		}
		return limits, err
	})
}

// limitsKey is where a Lua state keeps its limitsCache, in the registry that
// the state and its coroutines share.
const limitsKey = "novalua.limits"

// limitsCache holds the limits a cloud publishes, fetched the first time a
// binding checks a request against them. Its methods may run on any goroutine.
type limitsCache struct {
	mu      sync.Mutex
	fetched bool
	limits  compute.Object // nil when the cloud publishes none
}

// cloudLimits returns the cache of the Lua state L belongs to.
func cloudLimits(L *lua.LState) *limitsCache {
	registry, _ := L.Get(lua.RegistryIndex).(*lua.LTable)
	if ud, ok := registry.RawGetString(limitsKey).(*lua.LUserData); ok {
		if cache, ok := ud.Value.(*limitsCache); ok {
			return cache
		}
	}
	cache := &limitsCache{}
	ud := L.NewUserData()
	ud.Value = cache
	registry.RawSetString(limitsKey, ud)
	return cache
}

func (c *limitsCache) store(limits compute.Object) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limits, c.fetched = limits, true
}

// get returns the cloud's limits, asking for them once. A cloud that does not
// serve GET /limits, or not to this user, has none to check.
func (c *limitsCache) get(ctx context.Context, cloud compute.Requester) (compute.Object,
	error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fetched {
		return c.limits, nil
	}
	limits, err := compute.GetLimits(ctx, cloud)
	var apiErr *compute.APIError
	if errors.As(err, &apiErr) && noLimitsServed(apiErr.Status) {
		limits, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.limits, c.fetched = limits, true
	return limits, nil
}

func noLimitsServed(status int) bool {
	switch status {
	case http.StatusForbidden, http.StatusNotFound, http.StatusNotImplemented:
		return true
	}
	return false
}

// check checks the metadata and personality files of a server to be created
// or rebuilt against the cloud's limits, before anything is sent.
func (c *limitsCache) check(ctx context.Context, cloud compute.Requester,
	metadata map[string]string, files map[string]int) error {
	if len(metadata) == 0 && len(files) == 0 {
		return nil
	}
	limits, err := c.get(ctx, cloud)
	if err != nil {
		return err
	}
	if err := compute.CheckMetadataCount(limits, "server", len(metadata)); err != nil {
		return err
	}
	if len(files) == 0 {
		return nil
	}
	return compute.CheckPersonality(limits, files)
}

// checkMeta checks a number of metadata items for a server or an image.
func (c *limitsCache) checkMeta(ctx context.Context, cloud compute.Requester, kind string,
	count int) error {
	if count == 0 {
		return nil
	}
	limits, err := c.get(ctx, cloud)
	if err != nil {
		return err
	}
	return compute.CheckMetadataCount(limits, kind, count)
}

// checkImageMeta checks the metadata of a new image.
func (c *limitsCache) checkImageMeta(ctx context.Context, cloud compute.Requester,
	count int) error {
	return c.checkMeta(ctx, cloud, "image", count)
}
