package compute

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realFlavors are the flavors of GET /flavors/detail on the realstack cloud,
// plus two that test the tie-breaks and one that is disabled.
const realFlavors = `[
	{"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1},
	{"id": "2", "name": "m1.small", "ram": 2048, "vcpus": 1, "disk": 20},
	{"id": "3", "name": "m1.medium", "ram": 4096, "vcpus": 2, "disk": 40},
	{"id": "4", "name": "m1.large", "ram": 8192, "vcpus": 4, "disk": 80},
	{"id": "5", "name": "m1.xlarge", "ram": 16384, "vcpus": 8, "disk": 160},
	{"id": "6", "name": "b.small", "ram": 2048, "vcpus": 1, "disk": 20},
	{"id": "7", "name": "c.cpu", "ram": 2048, "vcpus": 4, "disk": 10},
	{"id": "8", "name": "z.off", "ram": 1024, "vcpus": 8, "disk": 500,
	 "OS-FLV-DISABLED:disabled": true}
]`

func flavorList(t *testing.T) []Object {
	t.Helper()
	var flavors []Object
	require.NoError(t, json.Unmarshal([]byte(realFlavors), &flavors))
	return flavors
}

func TestPickFlavor(t *testing.T) {
	tests := []struct {
		name   string
		bounds FlavorBounds
		want   string
	}{
		{"no bounds: the smallest", FlavorBounds{}, "m1.tiny"},
		{"more RAM", FlavorBounds{RAM: 513}, "b.small"},
		{"ties on RAM go to fewer vCPUs", FlavorBounds{RAM: 2048, Disk: 10}, "b.small"},
		{"more CPU", FlavorBounds{VCPUs: 3}, "c.cpu"},
		{"more storage", FlavorBounds{Disk: 21}, "m1.medium"},
		{"every bound", FlavorBounds{RAM: 4096, VCPUs: 3, Disk: 50}, "m1.large"},
		{"disabled flavors are skipped", FlavorBounds{Disk: 200}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flavor, err := PickFlavor(flavorList(t), tt.bounds)
			if tt.want == "" {
				assert.EqualError(t, err, "no flavor has at least 200 GB of disk "+
					"(the largest is m1.xlarge: 16384 MB, 8 vCPUs, 160 GB)")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, String(flavor, "name"))
		})
	}
}

func TestPickFlavorErrorStatesTheBounds(t *testing.T) {
	_, err := PickFlavor(flavorList(t)[:5], FlavorBounds{RAM: 32768, VCPUs: 16, Disk: 10})
	assert.EqualError(t, err, "no flavor has at least 32768 MB of RAM, 16 vCPUs and 10 GB "+
		"of disk (the largest is m1.xlarge: 16384 MB, 8 vCPUs, 160 GB)")

	_, err = PickFlavor(flavorList(t)[7:], FlavorBounds{VCPUs: 1})
	assert.EqualError(t, err, "no flavor has at least 1 vCPU (the cloud has no enabled flavors)")
}

func TestDeleteImage(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodDelete, path: "images/i1", status: 204})
	require.NoError(t, DeleteImage(context.Background(), cloud, "i1"))
}

func TestImagesRefusedSaysSo(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodGet, path: "images/detail", status: 404,
		answer: `{"itemNotFound": {"code": 404, "message": "The resource could not be found."}}`})

	_, err := ListImages(context.Background(), cloud, ListOpts{Detail: true})
	assert.True(t, IsNotFound(err))
	assert.ErrorContains(t, err, "this cloud does not serve the compute API's image calls")
}

func TestListImagesFollowsPages(t *testing.T) {
	cloud := serve(t,
		exchange{method: http.MethodGet, path: "images/detail?name=snap", status: 200,
			answer: `{"images": [{"id": "a"}], "images_links": [{"rel": "next",
				"href": "http://nova/v2.1/images/detail?name=snap&marker=a"}]}`},
		exchange{method: http.MethodGet, path: "images/detail?marker=a&name=snap", status: 200,
			answer: `{"images": [{"id": "b"}]}`},
	)
	images, err := ListImages(context.Background(), cloud, ListOpts{Detail: true, Name: "snap"})
	require.NoError(t, err)
	assert.Len(t, images, 2)
}
