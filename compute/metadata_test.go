package compute

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetadataCallsForServersAndImages(t *testing.T) {
	targets := []MetaTarget{{Kind: "server", ID: "s1"}, {Kind: "image", ID: "i1"}}
	for _, target := range targets {
		t.Run(target.Kind, func(t *testing.T) {
			base := target.Kind + "s/" + target.ID + "/metadata"
			cloud := serve(t,
				exchange{method: http.MethodGet, path: base, status: 200,
					answer: `{"metadata": {"a": "1"}}`},
				exchange{method: http.MethodPut, path: base, body: `{"metadata":{"b":"2"}}`,
					status: 200, answer: `{"metadata": {"b": "2"}}`},
				exchange{method: http.MethodPost, path: base, body: `{"metadata":{"c":"3"}}`,
					status: 200, answer: `{"metadata": {"b": "2", "c": "3"}}`},
				exchange{method: http.MethodPut, path: base + "/d", body: `{"meta":{"d":"4"}}`,
					status: 200, answer: `{"meta": {"d": "4"}}`},
				exchange{method: http.MethodGet, path: base + "/d", status: 200,
					answer: `{"meta": {"d": "4"}}`},
				exchange{method: http.MethodDelete, path: base + "/d", status: 204},
			)
			ctx := context.Background()

			all, err := ListMetadata(ctx, cloud, target)
			require.NoError(t, err)
			assert.Equal(t, Object{"a": "1"}, all)

			replaced, err := ReplaceMetadata(ctx, cloud, target, map[string]string{"b": "2"})
			require.NoError(t, err)
			assert.Equal(t, Object{"b": "2"}, replaced)

			merged, err := MergeMetadata(ctx, cloud, target, map[string]string{"c": "3"})
			require.NoError(t, err)
			assert.Equal(t, Object{"b": "2", "c": "3"}, merged)

			value, err := SetMetadataItem(ctx, cloud, target, "d", "4")
			require.NoError(t, err)
			assert.Equal(t, "4", value)

			value, err = GetMetadataItem(ctx, cloud, target, "d")
			require.NoError(t, err)
			assert.Equal(t, "4", value)

			require.NoError(t, DeleteMetadataItem(ctx, cloud, target, "d"))
		})
	}
}

func TestMetadataKeysArePercentEncoded(t *testing.T) {
	// "ключ 1+1/2": Cyrillic, a space, a plus and a slash, each escaped in the path.
	const key = "ключ 1+1/2"
	const escaped = "%D0%BA%D0%BB%D1%8E%D1%87%201%2B1%2F2"
	cloud := serve(t,
		exchange{method: http.MethodPut, path: "servers/s1/metadata/" + escaped,
			body: `{"meta":{"ключ 1+1/2":"значение"}}`, status: 200,
			answer: `{"meta": {"ключ 1+1/2": "значение"}}`},
		exchange{method: http.MethodDelete, path: "servers/s1/metadata/" + escaped,
			status: 204},
	)
	target := MetaTarget{Kind: "server", ID: "s1"}

	value, err := SetMetadataItem(context.Background(), cloud, target, key, "значение")
	require.NoError(t, err)
	assert.Equal(t, "значение", value)
	require.NoError(t, DeleteMetadataItem(context.Background(), cloud, target, key))
}

func TestEmptyMetadataIsAnObject(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodPut, path: "images/i1/metadata",
		body: `{"metadata":{}}`, status: 200, answer: `{"metadata": {}}`})

	all, err := ReplaceMetadata(context.Background(), cloud, MetaTarget{Kind: "image",
		ID: "i1"}, nil)
	require.NoError(t, err)
	assert.Empty(t, all)
}

func TestMissingMetadataItem(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodGet, path: "servers/s1/metadata/nope",
		status: 404, answer: `{"itemNotFound": {"code": 404, "message": ` +
			`"Metadata item was not found"}}`})

	_, err := GetMetadataItem(context.Background(), cloud, MetaTarget{Kind: "server",
		ID: "s1"}, "nope")
	assert.True(t, IsNotFound(err))
	assert.EqualError(t, err, `metadata "nope" of server s1: itemNotFound (404): `+
		`Metadata item was not found`)
}
