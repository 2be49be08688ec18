package v1alpha1

// ArtifactRepository is where a workflow's artifacts are kept by default:
// exactly one store is set. A workflow's status records the one it resolved.
type ArtifactRepository struct {
	// ArchiveLogs archives the logs of every pod into the repository.
	// +optional
	ArchiveLogs *bool `json:"archiveLogs,omitempty"`
	// S3 is an S3-compatible store.
	// +optional
	S3 *S3ArtifactRepository `json:"s3,omitempty"`
	// Artifactory is a JFrog Artifactory store.
	// +optional
	Artifactory *ArtifactoryArtifactRepository `json:"artifactory,omitempty"`
	// HDFS is a Hadoop file system.
	// +optional
	HDFS *HDFSArtifactRepository `json:"hdfs,omitempty"`
	// OSS is an Alibaba Cloud OSS store.
	// +optional
	OSS *OSSArtifactRepository `json:"oss,omitempty"`
	// GCS is a Google Cloud Storage store.
	// +optional
	GCS *GCSArtifactRepository `json:"gcs,omitempty"`
	// Azure is an Azure Blob Storage store.
	// +optional
	Azure *AzureArtifactRepository `json:"azure,omitempty"`
	// Plugin is a store reached through an artifact driver plugin.
	// +optional
	Plugin *PluginArtifactRepository `json:"plugin,omitempty"`
}

// S3ArtifactRepository is an S3-compatible bucket artifacts are kept in.
type S3ArtifactRepository struct {
	S3Bucket `json:",inline"`
	// KeyFormat is the template of an artifact's key, such as
	// "{{workflow.name}}/{{pod.name}}".
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
	// KeyPrefix is a prefix of every key. Deprecated: use keyFormat.
	// +optional
	KeyPrefix string `json:"keyPrefix,omitempty"`
}

// OSSArtifactRepository is an Alibaba Cloud OSS bucket artifacts are kept in.
type OSSArtifactRepository struct {
	OSSBucket `json:",inline"`
	// KeyFormat is the template of an artifact's key.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// GCSArtifactRepository is a Google Cloud Storage bucket artifacts are kept in.
type GCSArtifactRepository struct {
	GCSBucket `json:",inline"`
	// KeyFormat is the template of an artifact's key.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// AzureArtifactRepository is an Azure Blob Storage container artifacts are kept in.
type AzureArtifactRepository struct {
	AzureBlobContainer `json:",inline"`
	// BlobNameFormat is the template of an artifact's blob name.
	// +optional
	BlobNameFormat string `json:"blobNameFormat,omitempty"`
}

// ArtifactoryArtifactRepository is a JFrog Artifactory repository artifacts are kept in.
type ArtifactoryArtifactRepository struct {
	ArtifactoryAuth `json:",inline"`
	// RepoURL is the repository's URL.
	// +optional
	RepoURL string `json:"repoURL,omitempty"`
	// KeyFormat is the template of an artifact's key.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// HDFSArtifactRepository is a Hadoop file system artifacts are kept in.
type HDFSArtifactRepository struct {
	HDFSConfig `json:",inline"`
	// PathFormat is the template of an artifact's path.
	// +optional
	PathFormat string `json:"pathFormat,omitempty"`
	// Force overwrites existing files.
	// +optional
	Force bool `json:"force,omitempty"`
}

// PluginArtifactRepository is a store reached through an artifact driver plugin.
type PluginArtifactRepository struct {
	// Name is the plugin's name, as the controller's artifactDrivers list it.
	Name string `json:"name"`
	// Configuration is the plugin's configuration, a string the plugin reads.
	Configuration string `json:"configuration"`
	// KeyFormat is the template of an artifact's key.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}
