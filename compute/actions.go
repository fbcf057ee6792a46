package compute

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// serverAction posts one action to POST /servers/{id}/action: body is
// {action: args}, where args may be nil for actions that take none.
func serverAction(ctx context.Context, r Requester, id, action string, args any,
	ok ...int) (*Response, error) {
	return r.Do(ctx, Request{
		Method: http.MethodPost,
		Path:   "servers/" + escape(id) + "/action",
		Body:   Object{action: args},
		OK:     ok,
	})
}

// Reboot types.
const (
	RebootSoft = "SOFT"
	RebootHard = "HARD"
)

// RebootServer reboots a server; kind is RebootSoft or RebootHard.
func RebootServer(ctx context.Context, r Requester, id, kind string) error {
	_, err := serverAction(ctx, r, id, "reboot", Object{"type": kind}, http.StatusAccepted)
	if err != nil {
		return fmt.Errorf("reboot server %s: %w", id, err)
	}
	return nil
}

// ChangePassword sets the administrator password of a server. The password is
// never part of an error.
func ChangePassword(ctx context.Context, r Requester, id, password string) error {
	_, err := serverAction(ctx, r, id, "changePassword", Object{"adminPass": password},
		http.StatusAccepted)
	if err != nil {
		return fmt.Errorf("change the password of server %s: %w", id, err)
	}
	return nil
}

// RebuildServer reinstalls a server from an image. rebuild is the action's
// object, built by the caller from the rebuild schema ({"imageRef": ...}). The
// answer is the server with its new adminPass.
func RebuildServer(ctx context.Context, r Requester, id string, rebuild Object) (Object,
	error) {
	resp, err := serverAction(ctx, r, id, "rebuild", rebuild, http.StatusAccepted)
	if err != nil {
		return nil, fmt.Errorf("rebuild server %s: %w", id, err)
	}
	server, err := field(resp.Body, "server")
	if err != nil {
		return nil, fmt.Errorf("rebuild server %s: %w", id, err)
	}
	return server, nil
}

// ResizeServer moves a server to another flavor. It then waits in VERIFY_RESIZE
// for ConfirmResize or RevertResize.
func ResizeServer(ctx context.Context, r Requester, id, flavorID string) error {
	_, err := serverAction(ctx, r, id, "resize", Object{"flavorRef": flavorID},
		http.StatusAccepted)
	if err != nil {
		return fmt.Errorf("resize server %s: %w", id, err)
	}
	return nil
}

// ConfirmResize keeps a resized server on its new flavor.
func ConfirmResize(ctx context.Context, r Requester, id string) error {
	// Nova answers 204; 202 is taken too, the status of every other action.
	_, err := serverAction(ctx, r, id, "confirmResize", nil, http.StatusNoContent,
		http.StatusAccepted)
	if err != nil {
		return fmt.Errorf("confirm the resize of server %s: %w", id, err)
	}
	return nil
}

// RevertResize puts a resized server back on its old flavor.
func RevertResize(ctx context.Context, r Requester, id string) error {
	_, err := serverAction(ctx, r, id, "revertResize", nil, http.StatusAccepted)
	if err != nil {
		return fmt.Errorf("revert the resize of server %s: %w", id, err)
	}
	return nil
}

// CreateImage snapshots a server into a new image and returns the image's id.
// metadata is sent only when it is not nil; an empty map is sent as {}.
func CreateImage(ctx context.Context, r Requester, id, name string,
	metadata map[string]string) (string, error) {
	args := Object{"name": name}
	if metadata != nil {
		args["metadata"] = metadata
	}
	resp, err := serverAction(ctx, r, id, "createImage", args, http.StatusAccepted)
	if err != nil {
		return "", fmt.Errorf("create an image of server %s: %w", id, err)
	}

	imageID, err := createdImageID(resp)
	if err != nil {
		return "", fmt.Errorf("create an image of server %s: %w", id, err)
	}
	return imageID, nil
}

// createdImageID reads the new image's id: the last segment of the Location
// header before microversion 2.45 (which real Nova writes with a double slash,
// "http://glance//images/<id>"), the body's image_id from 2.45 on.
func createdImageID(resp *Response) (string, error) {
	if location := resp.Header.Get("Location"); location != "" {
		u, err := url.Parse(location)
		if err != nil {
			return "", fmt.Errorf("answer's Location %q is not a URL: %w", location, err)
		}
		path := strings.TrimRight(u.Path, "/")
		if id := path[strings.LastIndex(path, "/")+1:]; id != "" {
			return id, nil
		}
		return "", fmt.Errorf("answer's Location %q names no image", location)
	}
	doc, _ := resp.Body.(Object)
	if id := String(doc, "image_id"); id != "" {
		return id, nil
	}
	return "", fmt.Errorf("answer has neither a Location header nor an image_id")
}
