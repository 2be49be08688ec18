package artifact

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"golang.org/x/crypto/ssh"

	"github.com/weft-dev/weft/pkg/executor"
)

// fetchGit clones the repository into a directory in stage and checks out
// the revision, then the submodules unless they are disabled. The clone
// keeps its .git directory.
func fetchGit(ctx context.Context, loc *executor.GitLocation, stage string) (string, error) {
	dir := filepath.Join(stage, "repo")
	auth, err := gitAuth(loc)
	if err != nil {
		return "", err
	}
	clone := &git.CloneOptions{
		URL:             loc.Repo,
		Auth:            auth,
		Depth:           loc.Depth,
		SingleBranch:    loc.SingleBranch,
		InsecureSkipTLS: loc.InsecureSkipTLS,
	}
	if loc.Branch != "" {
		clone.ReferenceName = plumbing.NewBranchReferenceName(loc.Branch)
	}
	repo, err := git.PlainCloneContext(ctx, dir, false, clone)
	if err != nil {
		return "", fmt.Errorf("cloning %s: %w", redactURL(loc.Repo), err)
	}
	if len(loc.Fetch) > 0 {
		if err := fetchRefSpecs(ctx, repo, loc, auth, loc.Fetch); err != nil {
			return "", fmt.Errorf("fetching %v from %s: %w", loc.Fetch, redactURL(loc.Repo), err)
		}
	}
	worktree, err := repo.Worktree()
	if err != nil {
		return "", err
	}
	if loc.Revision != "" {
		hash, err := resolveRevision(ctx, repo, loc, auth)
		if err != nil {
			return "", err
		}
		if err := worktree.Checkout(&git.CheckoutOptions{Hash: hash, Force: true}); err != nil {
			return "", fmt.Errorf("checking out %s (%s): %w", loc.Revision, hash, err)
		}
	}
	if loc.DisableSubmodules {
		return dir, nil
	}
	submodules, err := worktree.Submodules()
	if err != nil {
		return "", fmt.Errorf("reading the submodules of %s: %w", redactURL(loc.Repo), err)
	}
	err = submodules.UpdateContext(ctx, &git.SubmoduleUpdateOptions{Init: true, RecurseSubmodules: git.DefaultSubmoduleRecursionDepth, Auth: auth})
	if err != nil {
		return "", fmt.Errorf("updating the submodules of %s: %w", redactURL(loc.Repo), err)
	}
	return dir, nil
}

// resolveRevision finds the revision, a commit, tag or branch, among what
// was cloned, then among the tag or branch of that name fetched on purpose
// (a shallow or single-branch clone may lack it).
func resolveRevision(ctx context.Context, repo *git.Repository, loc *executor.GitLocation, auth transport.AuthMethod) (plumbing.Hash, error) {
	rev := loc.Revision
	if hash, err := resolveLocal(repo, rev); err == nil {
		return hash, nil
	}
	for _, spec := range []string{"+refs/tags/" + rev + ":refs/tags/" + rev, "+refs/heads/" + rev + ":refs/remotes/origin/" + rev} {
		if err := fetchRefSpecs(ctx, repo, loc, auth, []string{spec}); err != nil {
			continue
		}
		if hash, err := resolveLocal(repo, rev); err == nil {
			return hash, nil
		}
	}
	hint := ""
	if loc.Depth > 0 {
		hint = fmt.Sprintf(" (only the last %d commits were fetched: a larger depth, or none, may reach it)", loc.Depth)
	}
	return plumbing.ZeroHash, fmt.Errorf("revision %q is not a commit, tag or branch of %s%s", rev, redactURL(loc.Repo), hint)
}

// resolveLocal resolves the revision as given, then as a remote branch.
func resolveLocal(repo *git.Repository, rev string) (plumbing.Hash, error) {
	hash, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		hash, err = repo.ResolveRevision(plumbing.Revision("origin/" + rev))
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return *hash, nil
}

func fetchRefSpecs(ctx context.Context, repo *git.Repository, loc *executor.GitLocation, auth transport.AuthMethod, specs []string) error {
	refSpecs := make([]config.RefSpec, 0, len(specs))
	for _, s := range specs {
		rs := config.RefSpec(s)
		if err := rs.Validate(); err != nil {
			return fmt.Errorf("refspec %q: %w", s, err)
		}
		refSpecs = append(refSpecs, rs)
	}
	err := repo.FetchContext(ctx, &git.FetchOptions{RefSpecs: refSpecs, Auth: auth, Depth: loc.Depth, InsecureSkipTLS: loc.InsecureSkipTLS})
	if errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	return err
}

// gitAuth builds the credentials from the files: an SSH key (user "git",
// or the username file's), else a username and password for HTTP.
func gitAuth(loc *executor.GitLocation) (transport.AuthMethod, error) {
	user, err := readSecret("git username", loc.UsernameFile)
	if err != nil {
		return nil, err
	}
	if loc.SSHPrivateKeyFile != "" {
		key, err := readSecret("git SSH private key", loc.SSHPrivateKeyFile)
		if err != nil {
			return nil, err
		}
		if user == "" {
			user = "git"
		}
		keys, err := gitssh.NewPublicKeys(user, []byte(key+"\n"), "")
		if err != nil {
			return nil, fmt.Errorf("the git SSH private key in %s: %w", loc.SSHPrivateKeyFile, err)
		}
		if loc.InsecureIgnoreHostKey {
			keys.HostKeyCallback = ssh.InsecureIgnoreHostKey()
		}
		return keys, nil
	}
	if loc.UsernameFile == "" && loc.PasswordFile == "" {
		return nil, nil
	}
	password, err := readSecret("git password", loc.PasswordFile)
	if err != nil {
		return nil, err
	}
	return &githttp.BasicAuth{Username: user, Password: password}, nil
}
