package controllerpath

import "testing"

func TestLargeWorkflowsRunAsOftenAsTheModeSaysButTheLargestOnce(t *testing.T) {
	full, quick := Options{Runs: 3}.sizes(), Options{Runs: 3, Quick: true}.sizes()
	for _, tc := range []struct {
		name  string
		sizes sizes
		shape Shape
		want  int
	}{
		{"10,000 nodes, full", full, Shape{100, 100}, 3},
		{"20,000 nodes, full", full, Shape{200, 100}, 3},
		{"50,000 nodes, full", full, Shape{250, 200}, 1},
		{"1,600 nodes, quick", quick, Shape{40, 40}, 1},
		{"50,000 nodes, quick", quick, Shape{250, 200}, 1},
	} {
		if got := tc.sizes.largeRuns(3, tc.shape); got != tc.want {
			t.Errorf("%s: %d runs, want %d", tc.name, got, tc.want)
		}
	}
}
