package compute

import (
	"context"
	"fmt"
	"net/http"
	"sort"
)

// GetLimits returns the limits object of GET /limits: {"absolute": {...},
// "rate": [...]}, as the cloud reports them.
func GetLimits(ctx context.Context, r Requester) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: "limits"})
	if err != nil {
		return nil, fmt.Errorf("get limits: %w", err)
	}
	limits, err := field(resp.Body, "limits")
	if err != nil {
		return nil, fmt.Errorf("get limits: %w", err)
	}
	return limits, nil
}

// AbsoluteLimit returns one absolute limit, such as maxServerMeta. It reports
// false when the cloud does not publish the limit or publishes it as
// unlimited (a negative number).
func AbsoluteLimit(limits Object, name string) (int, bool) {
	absolute, _ := limits["absolute"].(Object)
	if _, ok := absolute[name]; !ok {
		return 0, false
	}
	n := Number(absolute, name)
	if n < 0 {
		return 0, false
	}
	return int(n), true
}

// LimitError says that a request would exceed a limit the cloud publishes, so
// it was not sent.
type LimitError struct {
	Limit string // the limit's name in GET /limits, such as maxPersonality
	Max   int
	What  string // what exceeds it: "6 personality files"
	Count int    // how many there are of what exceeds it
}

// Error names what exceeds the limit, and the limit.
func (e *LimitError) Error() string {
	verb := "exceed"
	if e.Count == 1 {
		verb = "exceeds"
	}
	return fmt.Sprintf("%s %s the cloud's %s of %d", e.What, verb, e.Limit, e.Max)
}

// CheckMetadataCount checks a number of metadata items for a server or an
// image ("server" or "image") against maxServerMeta or maxImageMeta.
func CheckMetadataCount(limits Object, kind string, count int) error {
	name := "maxServerMeta"
	if kind == "image" {
		name = "maxImageMeta"
	}
	max, ok := AbsoluteLimit(limits, name)
	if !ok || count <= max {
		return nil
	}
	return &LimitError{Limit: name, Max: max, What: plural(count, "metadata item"),
		Count: count}
}

// CheckPersonality checks files to inject, given as path and size in bytes,
// against maxPersonality and maxPersonalitySize.
func CheckPersonality(limits Object, sizes map[string]int) error {
	if max, ok := AbsoluteLimit(limits, "maxPersonality"); ok && len(sizes) > max {
		return &LimitError{Limit: "maxPersonality", Max: max,
			What: plural(len(sizes), "personality file"), Count: len(sizes)}
	}
	max, ok := AbsoluteLimit(limits, "maxPersonalitySize")
	if !ok {
		return nil
	}
	paths := make([]string, 0, len(sizes))
	for path := range sizes {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		if sizes[path] > max {
			return &LimitError{Limit: "maxPersonalitySize", Max: max,
				What:  fmt.Sprintf("the %s of %s", plural(sizes[path], "byte"), path),
				Count: sizes[path]}
		}
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
