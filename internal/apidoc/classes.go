package apidoc

import (
	"fmt"
	"strings"

	"github.com/novalua/novalua/bindings"
)

// optionClasses returns a class for each options table the functions take,
// in the order they first appear. Functions that share a class, such as
// WaitOptions, must give it the same fields.
func optionClasses(modules []bindings.Module) ([]bindings.Class, error) {
	var classes []bindings.Class
	seen := map[string]int{}
	for _, m := range modules {
		for _, fn := range m.Functions {
			for _, p := range fn.Params {
				if len(p.Fields) == 0 {
					continue
				}
				class := bindings.Class{Name: baseType(p.Type), Doc: optionsDoc(m, fn, p),
					Fields: p.Fields}
				if i, ok := seen[class.Name]; ok {
					if !sameFields(classes[i].Fields, p.Fields) {
						return nil, fmt.Errorf("%s.%s: class %s has other fields than "+
							"where it first appears", m.Name, fn.Name, class.Name)
					}
					continue
				}
				seen[class.Name] = len(classes)
				classes = append(classes, class)
			}
		}
	}
	return classes, nil
}

func optionsDoc(m bindings.Module, fn bindings.Function, p bindings.Param) string {
	return fmt.Sprintf("The %s argument of %s.%s: %s.", p.Name, m.Name, fn.Name, p.Doc)
}

func sameFields(a, b []bindings.Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Type != b[i].Type || a[i].Optional != b[i].Optional ||
			a[i].Default != b[i].Default || a[i].Doc != b[i].Doc {
			return false
		}
	}
	return true
}

// baseType drops the marks that make a type optional.
func baseType(t string) string {
	return strings.TrimSuffix(t, "?")
}

// qualified is a function's name as scripts write it.
func qualified(m bindings.Module, fn bindings.Function) string {
	return m.Name + "." + fn.Name
}

// call is the function as a script calls it, with what it returns.
func call(m bindings.Module, fn bindings.Function) string {
	text := fmt.Sprintf("%s(%s)", qualified(m, fn), fn.Args)
	if fn.Returns != "" && fn.Returns != "nothing" {
		text += " -> " + fn.Returns
	}
	return text
}

// firstSentence is the text up to its first full stop.
func firstSentence(doc string) string {
	if i := strings.Index(doc, ". "); i >= 0 {
		return doc[:i+1]
	}
	return doc
}
