package commands

import (
	apiwatch "k8s.io/apimachinery/pkg/watch"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
)

// watchers makes the fake client's workflow watches fake watchers, sent on
// the returned channel as they are opened.
func watchers(client *fake.Clientset) <-chan *apiwatch.FakeWatcher {
	out := make(chan *apiwatch.FakeWatcher, 8)
	client.PrependWatchReactor("workflows", func(clienttesting.Action) (bool, apiwatch.Interface, error) {
		w := apiwatch.NewFake()
		out <- w
		return true, w, nil
	})
	return out
}
