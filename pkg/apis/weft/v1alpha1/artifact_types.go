package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// Artifact is a file or directory passed between templates, stored in an
// artifact repository.
type Artifact struct {
	// Name is the artifact's name.
	Name string `json:"name"`
	// Path is where the artifact is placed in, or read from, the container.
	// +optional
	Path string `json:"path,omitempty"`
	// Mode is the file mode of the placed artifact.
	// +optional
	Mode *int32 `json:"mode,omitempty"`
	// From is a {{...}} reference to another node's artifact.
	// +optional
	From string `json:"from,omitempty"`
	// ArtifactLocation says where the artifact is stored.
	ArtifactLocation `json:",inline"`
	// GlobalName exports the artifact to the workflow's outputs under this name.
	// +optional
	GlobalName string `json:"globalName,omitempty"`
	// Archive says how the artifact is archived.
	// +optional
	Archive *ArchiveStrategy `json:"archive,omitempty"`
	// Optional lets the node succeed when the artifact is missing.
	// +optional
	Optional bool `json:"optional,omitempty"`
	// SubPath is a path within the artifact.
	// +optional
	SubPath string `json:"subPath,omitempty"`
	// RecurseMode follows sub-directories when the artifact is a directory.
	// +optional
	RecurseMode bool `json:"recurseMode,omitempty"`
	// FromExpression is an expression that yields the artifact.
	// +optional
	FromExpression string `json:"fromExpression,omitempty"`
	// ArtifactGC says when the artifact is deleted.
	// +optional
	ArtifactGC *ArtifactGC `json:"artifactGC,omitempty"`
	// Deleted records that the artifact was deleted.
	// +optional
	Deleted bool `json:"deleted,omitempty"`
}

// ArtifactLocation is where an artifact is stored: exactly one of its fields is set.
type ArtifactLocation struct {
	// ArchiveLogs archives the main container's logs.
	// +optional
	ArchiveLogs *bool `json:"archiveLogs,omitempty"`
	// S3 is an object in an S3-compatible store.
	// +optional
	S3 *S3Artifact `json:"s3,omitempty"`
	// Git is a git repository.
	// +optional
	Git *GitArtifact `json:"git,omitempty"`
	// HTTP is a URL.
	// +optional
	HTTP *HTTPArtifact `json:"http,omitempty"`
	// Artifactory is an Artifactory URL.
	// +optional
	Artifactory *ArtifactoryArtifact `json:"artifactory,omitempty"`
	// HDFS is a path in HDFS.
	// +optional
	HDFS *HDFSArtifact `json:"hdfs,omitempty"`
	// Raw is content given in place.
	// +optional
	Raw *RawArtifact `json:"raw,omitempty"`
	// OSS is an object in Alibaba Cloud OSS.
	// +optional
	OSS *OSSArtifact `json:"oss,omitempty"`
	// GCS is an object in Google Cloud Storage.
	// +optional
	GCS *GCSArtifact `json:"gcs,omitempty"`
	// Azure is a blob in Azure Blob Storage.
	// +optional
	Azure *AzureArtifact `json:"azure,omitempty"`
	// Plugin is an artifact kept by an artifact driver plugin.
	// +optional
	Plugin *PluginArtifact `json:"plugin,omitempty"`
}

// PluginArtifact is an artifact kept by an artifact driver plugin.
type PluginArtifact struct {
	// Name is the plugin's name, as the controller's artifactDrivers list it.
	// +optional
	Name string `json:"name,omitempty"`
	// Configuration is the plugin's configuration, a string the plugin reads.
	// +optional
	Configuration string `json:"configuration,omitempty"`
	// ConnectionTimeoutSeconds bounds the wait for the plugin's connection.
	// +optional
	ConnectionTimeoutSeconds *int32 `json:"connectionTimeoutSeconds,omitempty"`
	// Key is the artifact's key in the plugin's store.
	Key string `json:"key"`
}

// S3Bucket is an S3-compatible bucket and the credentials to reach it.
type S3Bucket struct {
	// Endpoint is the store's host and port.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// Bucket is the bucket's name.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// Region is the bucket's region.
	// +optional
	Region string `json:"region,omitempty"`
	// Insecure uses plain HTTP.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`
	// AccessKeySecret is the secret key holding the access key.
	// +optional
	AccessKeySecret *corev1.SecretKeySelector `json:"accessKeySecret,omitempty"`
	// SecretKeySecret is the secret key holding the secret key.
	// +optional
	SecretKeySecret *corev1.SecretKeySelector `json:"secretKeySecret,omitempty"`
	// SessionTokenSecret is the secret key holding a session token.
	// +optional
	SessionTokenSecret *corev1.SecretKeySelector `json:"sessionTokenSecret,omitempty"`
	// RoleARN is the role to assume.
	// +optional
	RoleARN string `json:"roleARN,omitempty"`
	// UseSDKCreds uses the SDK's default credentials.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`
	// CreateBucketIfNotPresent creates the bucket when it is missing.
	// +optional
	CreateBucketIfNotPresent *CreateS3BucketOptions `json:"createBucketIfNotPresent,omitempty"`
	// EncryptionOptions configure server-side encryption.
	// +optional
	EncryptionOptions *S3EncryptionOptions `json:"encryptionOptions,omitempty"`
	// CASecret is the secret key holding a CA bundle for the endpoint.
	// +optional
	CASecret *corev1.SecretKeySelector `json:"caSecret,omitempty"`
}

// CreateS3BucketOptions are options for creating a missing bucket.
type CreateS3BucketOptions struct {
	// ObjectLocking enables object locking on the new bucket.
	// +optional
	ObjectLocking bool `json:"objectLocking,omitempty"`
}

// S3EncryptionOptions configure S3 server-side encryption.
type S3EncryptionOptions struct {
	// KmsKeyID is the KMS key to encrypt with.
	// +optional
	KmsKeyID string `json:"kmsKeyId,omitempty"`
	// KmsEncryptionContext is a JSON encryption context.
	// +optional
	KmsEncryptionContext string `json:"kmsEncryptionContext,omitempty"`
	// EnableEncryption turns encryption on.
	// +optional
	EnableEncryption bool `json:"enableEncryption,omitempty"`
	// ServerSideCustomerKeySecret is the secret key holding a customer-provided key.
	// +optional
	ServerSideCustomerKeySecret *corev1.SecretKeySelector `json:"serverSideCustomerKeySecret,omitempty"`
}

// S3Artifact is an object in an S3-compatible store.
type S3Artifact struct {
	S3Bucket `json:",inline"`
	// Key is the object's key.
	// +optional
	Key string `json:"key,omitempty"`
}

// GitArtifact is a git repository checked out as an artifact.
type GitArtifact struct {
	// Repo is the repository's URL.
	Repo string `json:"repo"`
	// Revision is the commit, tag or branch to check out.
	// +optional
	Revision string `json:"revision,omitempty"`
	// Depth makes a shallow clone of this many commits.
	// +optional
	Depth *int64 `json:"depth,omitempty"`
	// Fetch are extra refspecs to fetch.
	// +optional
	// +listType=atomic
	Fetch []string `json:"fetch,omitempty"`
	// UsernameSecret is the secret key holding the user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`
	// PasswordSecret is the secret key holding the password.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
	// SSHPrivateKeySecret is the secret key holding an SSH private key.
	// +optional
	SSHPrivateKeySecret *corev1.SecretKeySelector `json:"sshPrivateKeySecret,omitempty"`
	// InsecureIgnoreHostKey skips the SSH host key check.
	// +optional
	InsecureIgnoreHostKey bool `json:"insecureIgnoreHostKey,omitempty"`
	// DisableSubmodules skips submodules.
	// +optional
	DisableSubmodules bool `json:"disableSubmodules,omitempty"`
	// SingleBranch fetches one branch only.
	// +optional
	SingleBranch bool `json:"singleBranch,omitempty"`
	// Branch is the branch to fetch with singleBranch.
	// +optional
	Branch string `json:"branch,omitempty"`
	// InsecureSkipTLS skips TLS verification.
	// +optional
	InsecureSkipTLS bool `json:"insecureSkipTLS,omitempty"`
}

// HTTPArtifact is a file fetched from a URL.
type HTTPArtifact struct {
	// Headers are sent with the request.
	// +optional
	// +listType=atomic
	Headers []Header `json:"headers,omitempty"`
	// URL is the file's URL.
	URL string `json:"url"`
	// Auth holds the request's credentials.
	// +optional
	Auth *HTTPAuth `json:"auth,omitempty"`
}

// Header is one HTTP header.
type Header struct {
	// Name is the header's name.
	Name string `json:"name"`
	// Value is the header's value.
	Value string `json:"value"`
}

// HTTPAuth holds the credentials of an HTTP artifact.
type HTTPAuth struct {
	// ClientCert authenticates with a client certificate.
	// +optional
	ClientCert ClientCertAuth `json:"clientCert,omitempty"`
	// OAuth2 authenticates with OAuth2 client credentials.
	// +optional
	OAuth2 OAuth2Auth `json:"oauth2,omitempty"`
	// BasicAuth authenticates with a user name and password.
	// +optional
	BasicAuth BasicAuth `json:"basicAuth,omitempty"`
}

// ClientCertAuth authenticates with a client certificate.
type ClientCertAuth struct {
	// ClientCertSecret is the secret key holding the certificate.
	// +optional
	ClientCertSecret *corev1.SecretKeySelector `json:"clientCertSecret,omitempty"`
	// ClientKeySecret is the secret key holding the private key.
	// +optional
	ClientKeySecret *corev1.SecretKeySelector `json:"clientKeySecret,omitempty"`
}

// OAuth2Auth authenticates with OAuth2 client credentials.
type OAuth2Auth struct {
	// ClientIDSecret is the secret key holding the client ID.
	// +optional
	ClientIDSecret *corev1.SecretKeySelector `json:"clientIDSecret,omitempty"`
	// ClientSecretSecret is the secret key holding the client secret.
	// +optional
	ClientSecretSecret *corev1.SecretKeySelector `json:"clientSecretSecret,omitempty"`
	// TokenURLSecret is the secret key holding the token URL.
	// +optional
	TokenURLSecret *corev1.SecretKeySelector `json:"tokenURLSecret,omitempty"`
	// Scopes are the requested scopes.
	// +optional
	// +listType=atomic
	Scopes []string `json:"scopes,omitempty"`
	// EndpointParams are extra token request parameters.
	// +optional
	// +listType=atomic
	EndpointParams []OAuth2EndpointParam `json:"endpointParams,omitempty"`
}

// OAuth2EndpointParam is one extra OAuth2 token request parameter.
type OAuth2EndpointParam struct {
	// Key is the parameter's name.
	Key string `json:"key"`
	// Value is the parameter's value.
	// +optional
	Value string `json:"value,omitempty"`
}

// BasicAuth authenticates with a user name and password.
type BasicAuth struct {
	// UsernameSecret is the secret key holding the user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`
	// PasswordSecret is the secret key holding the password.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
}

// ArtifactoryAuth holds Artifactory credentials.
type ArtifactoryAuth struct {
	// UsernameSecret is the secret key holding the user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`
	// PasswordSecret is the secret key holding the password.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
}

// ArtifactoryArtifact is a file in Artifactory.
type ArtifactoryArtifact struct {
	// URL is the file's URL.
	URL             string `json:"url"`
	ArtifactoryAuth `json:",inline"`
}

// HDFSKrbConfig holds Kerberos settings for HDFS.
type HDFSKrbConfig struct {
	// KrbCCacheSecret is the secret key holding a credential cache.
	// +optional
	KrbCCacheSecret *corev1.SecretKeySelector `json:"krbCCacheSecret,omitempty"`
	// KrbKeytabSecret is the secret key holding a keytab.
	// +optional
	KrbKeytabSecret *corev1.SecretKeySelector `json:"krbKeytabSecret,omitempty"`
	// KrbUsername is the Kerberos user name.
	// +optional
	KrbUsername string `json:"krbUsername,omitempty"`
	// KrbRealm is the Kerberos realm.
	// +optional
	KrbRealm string `json:"krbRealm,omitempty"`
	// KrbConfigConfigMap is the ConfigMap key holding krb5.conf.
	// +optional
	KrbConfigConfigMap *corev1.ConfigMapKeySelector `json:"krbConfigConfigMap,omitempty"`
	// KrbServicePrincipalName is the service principal name.
	// +optional
	KrbServicePrincipalName string `json:"krbServicePrincipalName,omitempty"`
}

// HDFSConfig says how to reach HDFS.
type HDFSConfig struct {
	HDFSKrbConfig `json:",inline"`
	// Addresses are the name nodes' addresses.
	// +optional
	// +listType=atomic
	Addresses []string `json:"addresses,omitempty"`
	// HDFSUser is the HDFS user.
	// +optional
	HDFSUser string `json:"hdfsUser,omitempty"`
	// DataTransferProtection is the data transfer protection level.
	// +optional
	DataTransferProtection string `json:"dataTransferProtection,omitempty"`
}

// HDFSArtifact is a path in HDFS.
type HDFSArtifact struct {
	HDFSConfig `json:",inline"`
	// Path is the file's path.
	Path string `json:"path"`
	// Force overwrites an existing file.
	// +optional
	Force bool `json:"force,omitempty"`
}

// RawArtifact is content given in place.
type RawArtifact struct {
	// Data is the content.
	Data string `json:"data"`
}

// OSSLifecycleRule is a lifecycle rule of an OSS bucket.
type OSSLifecycleRule struct {
	// MarkInfrequentAccessAfterDays moves objects to infrequent access after this many days.
	// +optional
	MarkInfrequentAccessAfterDays int32 `json:"markInfrequentAccessAfterDays,omitempty"`
	// MarkDeletionAfterDays deletes objects after this many days.
	// +optional
	MarkDeletionAfterDays int32 `json:"markDeletionAfterDays,omitempty"`
}

// OSSBucket is an Alibaba Cloud OSS bucket.
type OSSBucket struct {
	// Endpoint is the store's endpoint.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// Bucket is the bucket's name.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// AccessKeySecret is the secret key holding the access key.
	// +optional
	AccessKeySecret *corev1.SecretKeySelector `json:"accessKeySecret,omitempty"`
	// SecretKeySecret is the secret key holding the secret key.
	// +optional
	SecretKeySecret *corev1.SecretKeySelector `json:"secretKeySecret,omitempty"`
	// CreateBucketIfNotPresent creates the bucket when it is missing.
	// +optional
	CreateBucketIfNotPresent bool `json:"createBucketIfNotPresent,omitempty"`
	// SecurityToken is a security token.
	// +optional
	SecurityToken string `json:"securityToken,omitempty"`
	// LifecycleRule is the bucket's lifecycle rule.
	// +optional
	LifecycleRule *OSSLifecycleRule `json:"lifecycleRule,omitempty"`
	// UseSDKCreds uses the SDK's default credentials.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`
}

// OSSArtifact is an object in Alibaba Cloud OSS.
type OSSArtifact struct {
	OSSBucket `json:",inline"`
	// Key is the object's key.
	Key string `json:"key"`
}

// GCSBucket is a Google Cloud Storage bucket.
type GCSBucket struct {
	// Bucket is the bucket's name.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// ServiceAccountKeySecret is the secret key holding a service account key.
	// +optional
	ServiceAccountKeySecret *corev1.SecretKeySelector `json:"serviceAccountKeySecret,omitempty"`
}

// GCSArtifact is an object in Google Cloud Storage.
type GCSArtifact struct {
	GCSBucket `json:",inline"`
	// Key is the object's key.
	Key string `json:"key"`
}

// AzureBlobContainer is an Azure Blob Storage container.
type AzureBlobContainer struct {
	// Endpoint is the storage account's endpoint.
	Endpoint string `json:"endpoint"`
	// Container is the container's name.
	Container string `json:"container"`
	// AccountKeySecret is the secret key holding the account key.
	// +optional
	AccountKeySecret *corev1.SecretKeySelector `json:"accountKeySecret,omitempty"`
	// UseSDKCreds uses the SDK's default credentials.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`
}

// AzureArtifact is a blob in Azure Blob Storage.
type AzureArtifact struct {
	AzureBlobContainer `json:",inline"`
	// Blob is the blob's name.
	Blob string `json:"blob"`
}

// ArchiveStrategy says how an artifact is archived: exactly one field is set.
type ArchiveStrategy struct {
	// Tar archives as a gzipped tar.
	// +optional
	Tar *TarStrategy `json:"tar,omitempty"`
	// None stores the artifact as it is.
	// +optional
	None *NoneStrategy `json:"none,omitempty"`
	// Zip archives as a zip file.
	// +optional
	Zip *ZipStrategy `json:"zip,omitempty"`
}

// TarStrategy archives as a gzipped tar.
type TarStrategy struct {
	// CompressionLevel is the gzip level, 0 to 9.
	// +optional
	CompressionLevel *int32 `json:"compressionLevel,omitempty"`
}

// NoneStrategy stores an artifact as it is.
type NoneStrategy struct{}

// ZipStrategy archives as a zip file.
type ZipStrategy struct{}

// ArtifactGC says when an artifact is deleted.
type ArtifactGC struct {
	// Strategy is OnWorkflowCompletion, OnWorkflowDeletion or Never.
	// +optional
	Strategy string `json:"strategy,omitempty"`
	// PodMetadata holds labels and annotations of the pod that deletes artifacts.
	// +optional
	PodMetadata *Metadata `json:"podMetadata,omitempty"`
	// ServiceAccountName is the service account of the pod that deletes artifacts.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
}

// WorkflowLevelArtifactGC is the default artifact garbage collection of a workflow.
type WorkflowLevelArtifactGC struct {
	ArtifactGC `json:",inline"`
	// ForceFinalizerRemoval removes the workflow's artifact finalizer even when deletion failed.
	// +optional
	ForceFinalizerRemoval bool `json:"forceFinalizerRemoval,omitempty"`
	// PodSpecPatch is applied to the pod that deletes artifacts.
	// +optional
	PodSpecPatch string `json:"podSpecPatch,omitempty"`
}
