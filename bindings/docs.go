package bindings

// Param documents one argument of a function, or one field of an options
// table. The reference, help and the editor stubs are all written from it.
type Param struct {
	Name string

	// Type is the Lua type as lua-language-server writes it: "string",
	// "integer", "ServerRef", "table<string, string>", "Server[]". An options
	// table has the name of its class here and its fields in Fields.
	Type string

	Optional bool
	Default  string // the value an absent argument stands for, as Lua writes it
	Doc      string // one line
	Fields   []Param
}

// Value documents one value a function returns.
type Value struct {
	Type string // as lua-language-server writes it
	Name string // what the caller would call it: "server", "err"
	Doc  string // one line
}

// Class documents a table type that functions take or return: a server, an
// image, an error. Alias, when set, makes it another name for that type
// instead, such as "string|integer|Server"; an alias has no fields.
type Class struct {
	Name   string
	Doc    string
	Alias  string
	Fields []Param
}

// What many functions can raise. An argument error is raised before anything
// is sent; the others come from the cloud or the way to it.
const (
	errArgs = "a string error naming the function and the argument when an argument is " +
		"wrong; nothing is sent"
	errAPI = "an ApiError when the cloud answers with an error status " +
		"(404 itemNotFound when the server is not there)"
	errAPIImage = "an ApiError when the cloud answers with an error status " +
		"(404 itemNotFound when the image is not there)"
	errCloud = "an ApiError when the cloud answers with an error status"
	errNet   = "a string error when the cloud cannot be reached or the login fails"
	errLimit = "a string error when the cloud's limits (maxServerMeta, maxPersonality, " +
		"maxPersonalitySize) cannot allow it; nothing is sent"
	errRef = "a string error when a name matches no item or several"
)

// ExamplePrelude runs before every function's example: the examples in the
// reference use the server it boots. The test of the examples runs each one
// after it on a fresh sandbox cloud.
const ExamplePrelude = `local server = servers.create{name = "example",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", wait = true}`

// Shared option fields and parameters.
var (
	waitFields = []Param{
		{Name: "timeout", Type: "number", Optional: true, Default: "600",
			Doc: "seconds to wait before giving up"},
		{Name: "interval", Type: "number", Optional: true,
			Doc: "seconds between polls; without it they start fast and slow to one a second"},
	}
	metadataField = Param{Name: "metadata", Type: "table<string, string>", Optional: true,
		Doc: "the server's metadata, up to maxServerMeta items"}
	personalityField = Param{Name: "personality",
		Type: "table<string, string>|{path: string, contents: string}[]", Optional: true,
		Doc: "files to write into the server: contents by path, or a list of {path=, contents=}"}
	serverParam = Param{Name: "id", Type: "ServerRef",
		Doc: "the server: its id, or a server table"}
)
