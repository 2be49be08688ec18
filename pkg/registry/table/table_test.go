package table

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

var columns = []metav1.TableColumnDefinition{{Name: "Name", Type: "string"}, {Name: "Entrypoint", Type: "string"}}

func entrypointRow(obj runtime.Object) ([]interface{}, error) {
	wf := obj.(*weft.Workflow)
	return []interface{}{wf.Name, wf.Spec.Entrypoint}, nil
}

func TestConvertList(t *testing.T) {
	list := &weft.WorkflowList{
		ListMeta: metav1.ListMeta{ResourceVersion: "42", Continue: "next"},
		Items: []weft.Workflow{
			{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: weft.WorkflowSpec{Entrypoint: "main"}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: weft.WorkflowSpec{Entrypoint: "other"}},
		},
	}
	table, err := NewConvertor(columns, entrypointRow).ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(table.ColumnDefinitions) != 2 || len(table.Rows) != 2 {
		t.Fatalf("got %d columns and %d rows, want 2 and 2", len(table.ColumnDefinitions), len(table.Rows))
	}
	if table.Rows[1].Cells[1] != "other" || table.Rows[1].Object.Object != &list.Items[1] {
		t.Errorf("second row %v does not show the second workflow", table.Rows[1])
	}
	if table.ResourceVersion != "42" || table.Continue != "next" {
		t.Errorf("list metadata not carried: rv %q continue %q", table.ResourceVersion, table.Continue)
	}
}

func TestConvertWithoutHeaders(t *testing.T) {
	wf := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "a", ResourceVersion: "7"}}
	table, err := NewConvertor(columns, entrypointRow).ConvertToTable(context.Background(), wf, &metav1.TableOptions{NoHeaders: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(table.ColumnDefinitions) != 0 || len(table.Rows) != 1 || table.ResourceVersion != "7" {
		t.Errorf("no-headers table: %d columns, %d rows, rv %q", len(table.ColumnDefinitions), len(table.Rows), table.ResourceVersion)
	}
}

func TestRowOfWrongWidthIsAnError(t *testing.T) {
	short := func(runtime.Object) ([]interface{}, error) { return []interface{}{"only"}, nil }
	if _, err := NewConvertor(columns, short).ConvertToTable(context.Background(), &weft.Workflow{}, nil); err == nil {
		t.Error("a row with fewer cells than columns was accepted")
	}
}

func TestDurations(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	start := metav1.NewTime(now.Add(-90 * time.Second))
	cases := []struct {
		name      string
		got, want string
	}{
		{"age of unset time", Age(metav1.Time{}, now), "<unknown>"},
		{"age", Age(start, now), "90s"},
		{"elapsed while running", Elapsed(start, metav1.Time{}, now), "90s"},
		{"elapsed when finished", Elapsed(start, metav1.NewTime(now.Add(-60*time.Second)), now), "30s"},
		{"elapsed before start", Elapsed(metav1.Time{}, metav1.Time{}, now), ""},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
