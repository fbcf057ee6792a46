// Package compute is novalua's OpenStack Compute (Nova) client.
//
// It authenticates through Keystone with gophercloud, finds the compute endpoint
// in the service catalog and sends requests whose JSON answers come back as
// generic values, so that callers see every field the cloud returns, extension
// attributes included. Error answers become an *APIError.
//
//	client, err := compute.Connect(ctx, cloud, compute.Options{})
//	if err != nil {
//		return err
//	}
//	server, err := compute.GetServer(ctx, client, id)
//
// Requests are grouped per resource: servers.go, images.go, flavors.go and so on.
// Options turn on a debug trace (each request as a curl command, tokens and
// passwords hidden), set the retry policy and timeouts, and reuse tokens
// across runs through a TokenCache. The trace is the only output: the
// package never logs and never prints.
package compute
