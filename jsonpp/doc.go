// Package jsonpp is a streaming JSON pretty-printer.
//
// Format reads JSON text from a reader and writes it re-indented to a writer as it goes, so
// memory grows with the nesting depth of the input, not with its size. The output is exact:
// keys keep their order, duplicate keys are kept, numbers are written byte for byte as they
// were read (12345678901234567890, 1.0 and 1e400 stay as they are) and strings are copied
// byte for byte, escapes included. Only the whitespace between tokens changes.
//
// A stream may hold several documents, concatenated or one per line; each is formatted in
// turn and followed by a newline. A UTF-8 byte order mark at the start is skipped.
//
// Input that is not JSON is reported as a *SyntaxError with the line and column (both
// counted from 1, columns in bytes) of the first offending byte. Documents before the error
// have already been written by then.
//
// With Options.SortKeys each object is buffered until it ends so that its members can be
// reordered, so memory then grows with the size of the largest object.
//
// Main implements the `novalua jsonpp` command on top of Format.
//
//	err := jsonpp.Format(os.Stdin, os.Stdout, jsonpp.Options{Indent: 4})
package jsonpp
