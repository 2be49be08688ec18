package resource

import (
	"strings"
	"testing"
)

func TestConditions(t *testing.T) {
	job := map[string]interface{}{
		"metadata": map[string]interface{}{"name": "pi", "labels": map[string]interface{}{"app": "x"}},
		"status": map[string]interface{}{
			"succeeded":  int64(1),
			"failed":     int64(0),
			"phase":      "Failed",
			"ready":      true,
			"ratio":      0.5,
			"conditions": []interface{}{map[string]interface{}{"type": "Complete", "status": "True"}},
		},
	}
	tests := []struct {
		name, success, failure string
		want                   Verdict
		wantMessage            string
	}{
		{"no conditions", "", "", Succeeded, ""},
		{"greater than", "status.succeeded > 0", "", Succeeded, ""},
		{"greater than not yet", "status.succeeded > 1", "", Waiting, "waiting for success condition 'status.succeeded>1'"},
		{"less than", "status.failed < 1", "", Succeeded, ""},
		{"equals", "status.phase == Failed", "", Succeeded, ""},
		{"single equals", "status.phase = Failed", "", Succeeded, ""},
		{"not equals", "status.phase != Running", "", Succeeded, ""},
		{"in", "metadata.name in (a,pi)", "", Succeeded, ""},
		{"notin", "metadata.name notin (a,b)", "", Succeeded, ""},
		{"every success requirement must hold", "status.succeeded > 0, status.phase == Running", "", Waiting, "status.phase==Running"},
		{"list index", "status.conditions.0.type == Complete", "", Succeeded, ""},
		{"boolean", "status.ready == true", "", Succeeded, ""},
		{"exists", "status.phase", "", Succeeded, ""},
		{"does not exist", "!status.missing", "", Succeeded, ""},
		{"missing path never equals", "status.missing == x", "", Waiting, ""},
		{"missing path is not equal", "status.missing != x", "", Succeeded, ""},
		{"missing path is notin", "status.missing notin (x)", "", Succeeded, ""},
		{"missing path is not greater", "status.missing > 0", "", Waiting, ""},
		{"numbers compare as integers only", "status.ratio > 0", "", Waiting, ""},
		{"failure wins", "status.succeeded > 0", "status.phase == Failed", Failed, "failure condition 'status.phase==Failed' evaluated true"},
		{"any failure requirement fails", "", "status.failed > 3, status.phase in (Failed)", Failed, "status.phase in (Failed)"},
		{"failure does not hold", "status.succeeded > 0", "status.failed > 0", Succeeded, ""},
		{"only a failure condition that does not hold succeeds, as in Argo", "", "status.failed > 0", Succeeded, ""},
		{"path into a scalar", "status.phase.x == y", "", Waiting, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConditions(tt.success, tt.failure)
			if err != nil {
				t.Fatal(err)
			}
			got, message := c.Evaluate(job)
			if got != tt.want {
				t.Errorf("verdict %v (%q), want %v", got, message, tt.want)
			}
			if !strings.Contains(message, tt.wantMessage) {
				t.Errorf("message %q, want one containing %q", message, tt.wantMessage)
			}
		})
	}
}

func TestParseConditionsErrors(t *testing.T) {
	tests := []struct{ name, success, failure, want string }{
		{"bad success", "status.succeeded >", "", `resource.successCondition "status.succeeded >"`},
		{"bad failure", "", "status.phase in (", `resource.failureCondition "status.phase in ("`},
		{"non-integer comparison", "status.ratio > 0.5", "", "resource.successCondition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConditions(tt.success, tt.failure)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestBlankConditionsSucceedAtOnce(t *testing.T) {
	c, err := ParseConditions(" ", "")
	if err != nil {
		t.Fatal(err)
	}
	if verdict, why := c.Evaluate(map[string]interface{}{}); verdict != Succeeded {
		t.Errorf("blank conditions give %v (%s), want Succeeded: there is nothing to wait for", verdict, why)
	}
}
