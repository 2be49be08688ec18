// Package table builds the server-side tables that kubectl prints, from a
// resource's column definitions and a function that makes one row.
package table

import (
	"context"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/duration"
)

// RowFunc returns the cells of one object's row, in the order of the columns.
type RowFunc func(obj runtime.Object) ([]interface{}, error)

// Convertor turns objects and lists of one resource into tables.
type Convertor struct {
	columns []metav1.TableColumnDefinition
	row     RowFunc
}

// NewConvertor returns a convertor with the given columns; the first column
// should be the object's name. Columns with Priority 1 show only with -o wide.
func NewConvertor(columns []metav1.TableColumnDefinition, row RowFunc) Convertor {
	return Convertor{columns: columns, row: row}
}

// ConvertToTable implements rest.TableConvertor.
func (c Convertor) ConvertToTable(_ context.Context, object runtime.Object, options runtime.Object) (*metav1.Table, error) {
	table := &metav1.Table{}
	if opts, ok := options.(*metav1.TableOptions); !ok || !opts.NoHeaders {
		table.ColumnDefinitions = c.columns
	}
	addRow := func(obj runtime.Object) error {
		cells, err := c.row(obj)
		if err != nil {
			return err
		}
		if len(cells) != len(c.columns) {
			return fmt.Errorf("table row of %T has %d cells for %d columns", obj, len(cells), len(c.columns))
		}
		table.Rows = append(table.Rows, metav1.TableRow{Cells: cells, Object: runtime.RawExtension{Object: obj}})
		return nil
	}
	if meta.IsListType(object) {
		if err := meta.EachListItem(object, addRow); err != nil {
			return nil, err
		}
		if list, err := meta.ListAccessor(object); err == nil {
			table.ResourceVersion = list.GetResourceVersion()
			table.Continue = list.GetContinue()
			table.RemainingItemCount = list.GetRemainingItemCount()
		}
		return table, nil
	}
	if err := addRow(object); err != nil {
		return nil, err
	}
	if accessor, err := meta.Accessor(object); err == nil {
		table.ResourceVersion = accessor.GetResourceVersion()
	}
	return table, nil
}

// Age prints the time since t as kubectl does ("5m", "3d"), or "<unknown>".
func Age(t metav1.Time, now time.Time) string {
	if t.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(now.Sub(t.Time))
}

// Elapsed prints the time from start to end, or to now while end is unset;
// empty when start is unset.
func Elapsed(start, end metav1.Time, now time.Time) string {
	if start.IsZero() {
		return ""
	}
	stop := now
	if !end.IsZero() {
		stop = end.Time
	}
	return duration.HumanDuration(stop.Sub(start.Time))
}
