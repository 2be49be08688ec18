package actions

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// SuspendCron sets spec.suspend of the named cron workflow with a merge
// patch: true stops scheduling it, false resumes.
func SuspendCron(ctx context.Context, client weftclient.CronWorkflowInterface, name string, suspend bool) (*v1alpha1.CronWorkflow, error) {
	patch := []byte(fmt.Sprintf(`{"spec":{"suspend":%t}}`, suspend))
	return client.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
}
