// Package integration proves novalua against a real OpenStack: it runs every
// script under scripts/ and the Lua binding tests in testdata/ against the
// cloud that ../shared/realstack starts (Keystone, Glance, Placement, Neutron
// and Nova with the fake virt driver, on 127.0.0.1).
//
// The tests carry the build tag integration, so that go test ./... leaves
// them out; .ci/run starts realstack and then runs
//
//	OS_CLIENT_CONFIG_FILE=$REALSTACK_DIR/clouds.yaml \
//		go test -tags integration ./integration/
//
// NOVALUA_IT_CLOUD names the clouds.yaml entry (default realstack),
// NOVALUA_IT_IMAGE and NOVALUA_IT_FLAVOR what servers boot from (default
// realstack-tiny and m1.tiny). Every server and image the tests make is named
// with a prefix of their own and deleted at the end, whatever happened.
package integration
