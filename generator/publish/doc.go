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
// # Carrying files over, and the spare
//
// A rebuild that changes a few pages of a large site should not pay for
// the others. With [Staging.Track], the build's cache hands over the
// [Manifest] of the published site (each file's key, size and
// modification time), and [Staging.Carry] puts an unchanged file into the
// new site without making it again: a hard link to the published file,
// if that file is still exactly as it was written.
//
// Linking still costs a system call per file, and removing the old site
// at Commit one more. So Commit does not remove the old site when the
// build knew what it held (Track was given its manifest): it keeps it
// beside the output folder as the spare, and the new manifest names it.
// The next build's Track adopts the spare as its staging folder, removing
// first every file its manifest does not list (the briefing's PDF,
// anything a person put there). Carry then keeps a spare's file where it
// stands when its key matches and it is still as written (looked at as it
// is asked for, or all at once beforehand by [Staging.LookAhead], while
// the build has a core to spare), and otherwise links the published file
// in its place; every write replaces a name
// rather than writing into the file (it may be a hard link to the
// published site); and Commit removes the spare's files this build
// neither kept nor wrote, and the folders that leaves empty. A rebuild
// thus touches only the changed files, and the site and its spare are the
// last two generations, sharing every unchanged file. The cost is disk
// space for one more copy of the files that changed between them.
//
// A tracked build with no previous manifest to go by (a site's first
// build, or the first after the program changed) keeps no old site as the
// spare; Commit makes one instead, of hard links to the files of the site
// it published, so that a site's second build is as fast as every later
// one. A build that has the previous manifest but no spare to adopt (it
// was deleted, or a killed build took it) makes its own: Track links
// every file of the published site that the manifest lists and that is
// still as written into the new staging folder, a folder at a time, and
// the build goes on as if that were an adopted spare. The links are the
// ones Carry would have made page by page, made before the pages are
// asked for.
//
// The spare is only ever adopted, never published as it is: it is named in
// the manifest, must still be a folder (not a symbolic link) of that name
// beside the same output folder, and every file in it is checked before
// use. A build that fails after adopting it puts it back ([Staging.Abort]);
// one killed after adopting it loses it (it is then a leftover staging
// folder), and the next build links from the published site, as without
// one. A build killed during or after its Commit leaves the
// previous manifest in the cache, naming the spare it had adopted, which
// is gone: Track ignores it, and the new manifest only ever names a spare
// its Commit made. An untracked build (no cache) keeps no spare and
// removes any.
//
// What it does not promise: durability across a power cut (nothing is
// fsynced, which would make every build pay for a rare event that a rebuild
// repairs) and two builds into the same folder at once (the second one's
// [Stage] takes the first one's staging folder for a leftover and removes
// it; the first build then fails without harming the published site).
//
// Names used next to the output folder "site", with 16 random hex digits:
// ".site.tmp-<hex>" for staging, ".site.old-<hex>" for the previous site
// during a swap, and ".site.spare-<hex>" for the spare. All start with a
// dot so that a static host serving the parent folder does not list them.
// Only folders of exactly that form are ever cleaned up: [Stage] removes
// staging and old folders (after putting an old one back if out is
// missing) and every spare but the newest, and Commit every spare but the
// one it keeps.
package publish
