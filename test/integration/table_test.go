package integration

import (
	"encoding/json"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const tableAccept = "application/json;as=Table;g=meta.k8s.io;v=v1"

func TestWorkflowTable(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("table")
	created, err := workflows.Create(ctx, helloWorkflow("table"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	created.Status.Phase = v1alpha1.WorkflowRunning
	created.Status.Progress = "1/4"
	created.Status.Message = "child failed"
	created.Status.StartedAt = metav1.Now()
	if _, err := workflows.UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("update status: %v", err)
	}

	table := getTable(t, "table", "workflows")
	var names []string
	for _, column := range table.ColumnDefinitions {
		if column.Priority == 0 {
			names = append(names, column.Name)
		}
	}
	if got, want := names, []string{"Name", "Status", "Age", "Duration", "Progress", "Message"}; !equalStrings(got, want) {
		t.Errorf("default columns %v, want %v", got, want)
	}
	if len(table.ColumnDefinitions) <= len(names) {
		t.Errorf("no -o wide columns: %d columns in all", len(table.ColumnDefinitions))
	}
	if len(table.Rows) != 1 {
		t.Fatalf("%d rows, want 1", len(table.Rows))
	}
	cells := table.Rows[0].Cells
	if cells[0] != "table" || cells[1] != "Running" || cells[4] != "1/4" || cells[5] != "child failed" {
		t.Errorf("row cells %v", cells)
	}
	if cells[3] == "" {
		t.Errorf("running workflow has no duration: %v", cells)
	}
}

func TestCronWorkflowTable(t *testing.T) {
	ctx := testContext(t)
	cron := &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly"},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules:    []string{"0 2 * * *", "0 14 * * *"},
			Suspend:      true,
			WorkflowSpec: helloWorkflow("").Spec,
		},
	}
	if _, err := server.Client.WeftV1alpha1().CronWorkflows("table").Create(ctx, cron, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create: %v", err)
	}
	table := getTable(t, "table", "cronworkflows")
	var names []string
	for _, column := range table.ColumnDefinitions {
		if column.Priority == 0 {
			names = append(names, column.Name)
		}
	}
	if got, want := names, []string{"Name", "Schedule", "Suspended", "Last Run", "Active", "Age"}; !equalStrings(got, want) {
		t.Errorf("default columns %v, want %v", got, want)
	}
	cells := table.Rows[0].Cells
	if cells[0] != "nightly" || cells[1] != "0 2 * * *,0 14 * * *" || cells[2] != true || cells[3] != "<none>" {
		t.Errorf("row cells %v", cells)
	}
}

func getTable(t *testing.T, namespace, resource string) *metav1.Table {
	t.Helper()
	raw, err := server.Client.WeftV1alpha1().RESTClient().Get().
		Namespace(namespace).Resource(resource).
		SetHeader("Accept", tableAccept).
		Do(testContext(t)).Raw()
	if err != nil {
		t.Fatalf("get table of %s: %v", resource, err)
	}
	table := &metav1.Table{}
	if err := json.Unmarshal(raw, table); err != nil {
		t.Fatalf("decoding table: %v\n%s", err, raw)
	}
	if table.Kind != "Table" {
		t.Fatalf("got kind %q, want Table", table.Kind)
	}
	return table
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
