// Package publish puts a freshly built site in place of the previous one
// so that a reader, or a web server, never sees a half-written site, and a
// build that fails or is killed leaves the previous site as it was.
//
// A build writes every file into a staging folder next to the output
// folder (same parent, hence same file system, so renames are atomic) and
// only then swaps it in:
//
//	s, err := publish.Stage("site")
//	if err != nil { … }
//	defer s.Abort() // no-op once committed
//	… s.WriteFile("index.html", page) … // from many goroutines if wanted
//	return s.Commit()
//
// The swap is two renames (old site aside, new site in), because the
// standard library has no atomic exchange of two folders. Between them the
// output folder is missing for an instant: a reader can get "not found",
// never a mix of two builds. If the process dies in that instant, the next
// [Stage] puts the old site back before doing anything else.
//
// What it does not promise: durability across a power cut (nothing is
// fsynced, which would make every build pay for a rare event that a rebuild
// repairs) and two builds into the same folder at once (the second one's
// [Stage] takes the first one's staging folder for a leftover and removes
// it; the first build then fails without harming the published site).
//
// Names used next to the output folder "site", with 16 random hex digits:
// ".site.tmp-<hex>" for staging and ".site.old-<hex>" for the previous site
// during a swap. Both start with a dot so that a static host serving the
// parent folder does not list them. Only names of exactly that form are
// ever cleaned up.
package publish
