// Package runtime runs novalua: it reads the command line, builds the Lua
// state with novalua's modules, runs scripts and chunks, opens the REPL, and
// turns every error into one line on stderr with a fitting exit code.
package runtime
