package controllerpath

import (
	"fmt"
	"sync"
)

// inParallel calls do for 0 to count-1 from workers goroutines. After the
// first error no further call starts; it returns that error and how many
// calls failed.
func inParallel(count, workers int, do func(i int) error) error {
	next := make(chan int)
	var mu sync.Mutex
	var first error
	failures := 0
	var wg sync.WaitGroup
	for range min(workers, count) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(i); err != nil {
					mu.Lock()
					if failures++; first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range count {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if failures > 1 {
		return fmt.Errorf("%d failed; the first: %w", failures, first)
	}
	return first
}
