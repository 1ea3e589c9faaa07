package generator

import (
	"path/filepath"
	"strings"

	"tuijin/generator/fingerprint"
	"tuijin/generator/load"
	"tuijin/generator/render"
	"tuijin/generator/segstore"
)

// keptSegments ties a build's render.Segments to the file of the build
// cache that keeps them from one build to the next (segstore), beside the
// site's manifest.
type keptSegments struct {
	file, prog string
	loaded     chan struct{}
	parts      *segstore.Parts // once loaded is closed
	segs       *render.Segments
	w          *segstore.Writer // nil: this build's parts are not kept
	// reused are the keys of the parts this build took from old, to be
	// named in the next index after the rendering, if at all: a build
	// that changed nothing keeps the previous index. The parts it made are
	// written as they come, so that a first build does not hold them all.
	reused []fingerprint.Sum
	done   chan error // the writer's outcome, once finish was called
}

// segmentsPath is the segments' file beside the manifest's.
func segmentsPath(manifest string) string {
	return strings.TrimSuffix(manifest, ".json") + ".segments"
}

// loadSegments reads the previous build's parts on a goroutine of its own,
// while the workbooks are read.
func loadSegments(file, prog string) *keptSegments {
	k := &keptSegments{file: file, prog: prog, loaded: make(chan struct{})}
	go func() {
		k.parts = segstore.Load(file, prog)
		close(k.loaded)
	}()
	return k
}

// start returns the Segments to render with, once the previous parts are
// read; err, told for people with the folder it names, says why this
// build's parts will not be kept (the rendering goes on without keeping
// them).
func (k *keptSegments) start() (segs *render.Segments, err error) {
	<-k.loaded
	old := k.parts.Map()
	if k.w, err = segstore.Create(k.file, k.prog, k.parts); err != nil {
		k.segs = render.NewSegments(old, nil)
		return k.segs, load.OpWriteFolder.Err(filepath.Dir(k.file), err)
	}
	k.segs = render.NewSegments(old, func(key fingerprint.Sum, b []byte, made bool) {
		if made {
			k.w.Add(key, b)
		} else {
			k.reused = append(k.reused, key)
		}
	})
	return k.segs, nil
}

// finish names this build's parts in a new index in place of the
// previous one, on a goroutine of its own, if the site was rendered and
// they differ; otherwise the previous index stays. close tells how it
// went.
func (k *keptSegments) finish(rendered bool) {
	if k.w == nil || k.done != nil {
		return
	}
	k.done = make(chan error, 1)
	if !rendered || !k.segs.Stale() {
		k.w.Abort()
		k.done <- nil
		return
	}
	go func() {
		for _, key := range k.reused {
			k.w.Keep(key)
		}
		if err := k.w.Commit(); err != nil {
			k.done <- load.OpWriteFile.Err(k.file, err)
			return
		}
		k.done <- nil
	}()
}

// close ends what loadSegments began, whether or not the build got to
// render: it waits for the parts to be written (finish) or drops them, and
// lets the previous parts go. Call it once nothing uses them. Its error,
// told for people, names the file that could not be written.
func (k *keptSegments) close() error {
	<-k.loaded
	k.finish(false)
	var err error
	if k.done != nil {
		err = <-k.done
	}
	k.parts.Close()
	return err
}
