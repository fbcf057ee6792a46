package compute

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Object is a decoded JSON object as the cloud sent it.
type Object = map[string]any

// field returns body[key] as an object, or an error naming what was missing.
func field(body any, key string) (Object, error) {
	doc, ok := body.(Object)
	if !ok {
		return nil, fmt.Errorf("answer is not a JSON object")
	}
	value, ok := doc[key].(Object)
	if !ok {
		return nil, fmt.Errorf("answer has no %q object", key)
	}
	return value, nil
}

// list returns body[key] as a list of objects.
func list(body any, key string) ([]Object, error) {
	doc, ok := body.(Object)
	if !ok {
		return nil, fmt.Errorf("answer is not a JSON object")
	}
	items, ok := doc[key].([]any)
	if !ok {
		return nil, fmt.Errorf("answer has no %q list", key)
	}
	objects := make([]Object, 0, len(items))
	for _, item := range items {
		if object, ok := item.(Object); ok {
			objects = append(objects, object)
		}
	}
	return objects, nil
}

// String returns object[key] when it is a string, and "" otherwise.
func String(object Object, key string) string {
	s, _ := object[key].(string)
	return s
}

// Number returns object[key] as a float64 when it is a number, and 0 otherwise.
func Number(object Object, key string) float64 {
	switch n := object[key].(type) {
	case json.Number:
		f, _ := n.Float64()
		return f
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

// nextMarker returns the marker of the "next" link in a listing's links, or "".
func nextMarker(body any, linksKey string) string {
	doc, _ := body.(Object)
	links, _ := doc[linksKey].([]any)
	for _, link := range links {
		object, _ := link.(Object)
		if String(object, "rel") != "next" {
			continue
		}
		href, err := url.Parse(String(object, "href"))
		if err != nil {
			return ""
		}
		return href.Query().Get("marker")
	}
	return ""
}

// withQuery appends query to path when it has any values.
func withQuery(path string, query url.Values) string {
	if len(query) == 0 {
		return path
	}
	return path + "?" + query.Encode()
}

// escape makes one URL path segment from an id or key chosen by the user.
func escape(segment string) string {
	return strings.ReplaceAll(url.PathEscape(segment), "+", "%2B")
}
