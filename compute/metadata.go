package compute

import (
	"context"
	"fmt"
	"net/http"
)

// MetaTarget names the server or image whose metadata a call reads or changes.
type MetaTarget struct {
	Kind string // "server" or "image"
	ID   string
}

// String returns "server <id>" or "image <id>", for error messages.
func (t MetaTarget) String() string {
	return t.Kind + " " + t.ID
}

// path returns "servers/<id>/metadata", followed by "/<key>" when a key is given.
func (t MetaTarget) path(key ...string) string {
	p := t.Kind + "s/" + escape(t.ID) + "/metadata"
	for _, k := range key {
		p += "/" + escape(k)
	}
	return p
}

// ListMetadata returns all metadata of a server or an image.
func ListMetadata(ctx context.Context, r Requester, t MetaTarget) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: t.path()})
	return metadataAnswer(resp, err, "metadata of %s", t)
}

// GetMetadataItem returns the value of one metadata key. A missing key is an
// APIError with status 404.
func GetMetadataItem(ctx context.Context, r Requester, t MetaTarget, key string) (any,
	error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodGet, Path: t.path(key)})
	if err != nil {
		return nil, fmt.Errorf("metadata %q of %s: %w", key, t, err)
	}
	return metaItem(resp, key, t)
}

// ReplaceMetadata replaces all metadata of a server or an image with metadata:
// keys that are not in it are removed. It returns the new set.
func ReplaceMetadata(ctx context.Context, r Requester, t MetaTarget,
	metadata map[string]string) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodPut, Path: t.path(),
		Body: Object{"metadata": nonNilMap(metadata)}, OK: []int{http.StatusOK}})
	return metadataAnswer(resp, err, "replace the metadata of %s", t)
}

// MergeMetadata adds metadata to a server's or an image's, replacing the values
// of keys that exist, and returns the resulting set.
func MergeMetadata(ctx context.Context, r Requester, t MetaTarget,
	metadata map[string]string) (Object, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodPost, Path: t.path(),
		Body: Object{"metadata": nonNilMap(metadata)}, OK: []int{http.StatusOK}})
	return metadataAnswer(resp, err, "update the metadata of %s", t)
}

// SetMetadataItem sets one metadata key and returns its value as the cloud
// stored it. The compute API wants one item as {"meta": {key: value}}.
func SetMetadataItem(ctx context.Context, r Requester, t MetaTarget, key,
	value string) (any, error) {
	resp, err := r.Do(ctx, Request{Method: http.MethodPut, Path: t.path(key),
		Body: Object{"meta": map[string]string{key: value}}, OK: []int{http.StatusOK}})
	if err != nil {
		return nil, fmt.Errorf("set metadata %q of %s: %w", key, t, err)
	}
	return metaItem(resp, key, t)
}

// DeleteMetadataItem removes one metadata key.
func DeleteMetadataItem(ctx context.Context, r Requester, t MetaTarget, key string) error {
	_, err := r.Do(ctx, Request{Method: http.MethodDelete, Path: t.path(key),
		OK: []int{http.StatusNoContent, http.StatusOK}})
	if err != nil {
		return fmt.Errorf("delete metadata %q of %s: %w", key, t, err)
	}
	return nil
}

// metadataAnswer reads {"metadata": {...}} from the answer to a call that
// reads or changes the whole set.
func metadataAnswer(resp *Response, err error, what string, t MetaTarget) (Object, error) {
	if err != nil {
		return nil, fmt.Errorf(what+": %w", t, err)
	}
	metadata, err := field(resp.Body, "metadata")
	if err != nil {
		return nil, fmt.Errorf(what+": %w", t, err)
	}
	return metadata, nil
}

// metaItem reads {"meta": {key: value}}, the answer for one item.
func metaItem(resp *Response, key string, t MetaTarget) (any, error) {
	meta, err := field(resp.Body, "meta")
	if err != nil {
		return nil, fmt.Errorf("metadata %q of %s: %w", key, t, err)
	}
	value, ok := meta[key]
	if !ok {
		return nil, fmt.Errorf("metadata %q of %s: answer holds no value for the key", key, t)
	}
	return value, nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
