package sandbox

import (
	"encoding/base64"
	"encoding/json"
)

// personalityFile is one decoded personality entry: a file to put on the server.
type personalityFile struct {
	Path string `json:"path"`
	Size int    `json:"size"`
}

// parseCreateFiles checks the personality list: paths of at most 255 characters and
// contents in base64. The limits on count and size are checked with the others.
func parseCreateFiles(f *fields, req *createRequest) error {
	raw, ok := f.raw["personality"]
	if !ok {
		return nil
	}
	var list []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		return invalid("personality", raw, notType(raw, "'array'"))
	}
	for _, item := range list {
		file, err := parsePersonality(item)
		if err != nil {
			return err
		}
		req.files = append(req.files, file)
	}
	return nil
}

func parsePersonality(item json.RawMessage) (personalityFile, error) {
	if item[0] != '{' {
		return personalityFile{}, invalid("personality", item, notType(item, "'object'"))
	}
	f, err := decodeFields(item, "personality")
	if err != nil {
		return personalityFile{}, err
	}
	if err := requireField(f, "personality", item, "path", "contents"); err != nil {
		return personalityFile{}, err
	}
	p, err := f.optString("path", 0, 255)
	if err != nil {
		return personalityFile{}, err
	}
	contents, _, err := f.str("contents")
	if err != nil {
		return personalityFile{}, err
	}
	data, err := base64.StdEncoding.DecodeString(contents)
	if err != nil {
		return personalityFile{}, badRequest("Personality content for " + p +
			" cannot be decoded")
	}
	return personalityFile{Path: p, Size: len(data)}, nil
}
