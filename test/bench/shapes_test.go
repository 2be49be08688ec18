package main

import (
	"reflect"
	"testing"

	"github.com/weft-dev/weft/test/bench/controllerpath"
)

func TestParseShapes(t *testing.T) {
	got, err := parseShapes("100x100,250x200")
	if err != nil {
		t.Fatal(err)
	}
	if want := []controllerpath.Shape{{Outer: 100, Inner: 100}, {Outer: 250, Inner: 200}}; !reflect.DeepEqual(got, want) {
		t.Errorf("parseShapes = %v, want %v", got, want)
	}
	if got, err := parseShapes(""); err != nil || got != nil {
		t.Errorf("parseShapes(\"\") = %v, %v; want none, the mode's own", got, err)
	}
	if shapes(got) != "100x100,250x200" {
		t.Errorf("shapes(%v) = %q", got, shapes(got))
	}
	for _, bad := range []string{"100", "100x", "x5", "0x5", "ax5", "5x-1"} {
		if _, err := parseShapes(bad); err == nil {
			t.Errorf("parseShapes(%q) accepted", bad)
		}
	}
}
