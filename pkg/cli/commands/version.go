package commands

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/client-go/discovery"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// versionInfo is what `version` reports.
type versionInfo struct {
	Client clientVersion  `json:"client"`
	Server *serverVersion `json:"server,omitempty"`
}

type clientVersion struct {
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

type serverVersion struct {
	// Weft is the weft.dev group as the cluster's discovery shows it.
	Weft weftDiscovery `json:"weft"`
	// Kubernetes is the kube-apiserver's version.
	Kubernetes *version.Info `json:"kubernetes"`
}

type weftDiscovery struct {
	PreferredVersion string   `json:"preferredVersion"`
	Versions         []string `json:"versions"`
	Resources        []string `json:"resources"`
}

func newVersion(env *Env) *cobra.Command {
	var clientOnly bool
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the client's version and the server's",
		Long: `Print weft's version and, unless --client, what the cluster serves: the weft.dev
API group (versions and resources, from discovery) and the Kubernetes version.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(_ *cobra.Command, _ []string) error {
			info := versionInfo{Client: clientVersion{
				Version: env.Version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
			}}
			var serverErr error
			if !clientOnly {
				info.Server, serverErr = discoverServer(env)
			}
			if err := printVersion(env, info, output); err != nil {
				return err
			}
			return serverErr
		},
	}
	cmd.Flags().BoolVar(&clientOnly, "client", false, "only the client's version")
	addOutputFlag(cmd, &output, outputJSON, outputYAML)
	return cmd
}

// discoverServer reads the weft.dev group and the Kubernetes version from
// the cluster's discovery.
func discoverServer(env *Env) (*serverVersion, error) {
	cfg, err := env.restConfig()
	if err != nil {
		return nil, err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	kube, err := dc.ServerVersion()
	if err != nil {
		return nil, fmt.Errorf("reading the server's version: %w", err)
	}
	sv := &serverVersion{Kubernetes: kube}
	groups, err := dc.ServerGroups()
	if err != nil {
		return sv, fmt.Errorf("reading the server's API groups: %w", err)
	}
	for _, g := range groups.Groups {
		if g.Name != v1alpha1.GroupName {
			continue
		}
		sv.Weft.PreferredVersion = g.PreferredVersion.Version
		for _, v := range g.Versions {
			sv.Weft.Versions = append(sv.Weft.Versions, v.Version)
		}
	}
	if sv.Weft.PreferredVersion == "" {
		return sv, fmt.Errorf("the cluster does not serve the %s API group: is weft-apiserver installed?", v1alpha1.GroupName)
	}
	resources, err := dc.ServerResourcesForGroupVersion(v1alpha1.GroupName + "/" + sv.Weft.PreferredVersion)
	if err != nil {
		return sv, fmt.Errorf("reading the %s resources: %w", v1alpha1.GroupName, err)
	}
	for _, r := range resources.APIResources {
		sv.Weft.Resources = append(sv.Weft.Resources, r.Name)
	}
	return sv, nil
}

// versionLabelWidth aligns the labels of `version`.
const versionLabelWidth = 20

func printVersion(env *Env, info versionInfo, output string) error {
	switch output {
	case outputJSON:
		data, err := json.MarshalIndent(info, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(env.IO.Out, "%s\n", data)
		return err
	case outputYAML:
		data, err := yaml.Marshal(info)
		if err != nil {
			return err
		}
		_, err = env.IO.Out.Write(data)
		return err
	}
	var b strings.Builder
	line := func(label, value string) { fmt.Fprintf(&b, "%-*s %s\n", versionLabelWidth, label+":", value) }
	line("Client Version", info.Client.Version)
	line("Go Version", info.Client.GoVersion+" "+info.Client.Platform)
	if s := info.Server; s != nil {
		if s.Weft.PreferredVersion != "" {
			line("Server API", fmt.Sprintf("%s/%s (%s)", v1alpha1.GroupName, s.Weft.PreferredVersion, strings.Join(s.Weft.Resources, ", ")))
		}
		if s.Kubernetes != nil {
			line("Kubernetes Version", s.Kubernetes.GitVersion)
		}
	}
	_, err := fmt.Fprint(env.IO.Out, b.String())
	return err
}
