package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// newWatcher watches dir and every folder under it. fsnotify does not
// recurse by itself; folders created later are added as they appear.
func newWatcher(dir string) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if err := addTree(w, dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch: %w", err)
	}
	return w, nil
}

func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// A folder removed while we walk is no reason to stop.
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// excelTemp matches the temporary files Excel writes next to a workbook
// while saving (eight hex digits, no extension) before renaming them.
var excelTemp = regexp.MustCompile(`^[0-9A-Fa-f]{8}$`)

// ignored reports names that never change the site and come and go while
// an office program or an editor saves: lock files (~$x.xlsx, .~lock.x#),
// hidden files, backups and temporary files.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "~$"), strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), excelTemp.MatchString(name):
		return true
	}
	for _, ext := range []string{".tmp", ".temp", ".swp", ".swx", ".swo", ".part", ".crdownload", ".bak"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// watch rebuilds after each burst of changes: it waits until the data
// folder has been quiet for the debounce time, so that saving a workbook
// (often a temporary file, a rename and a delete) or copying in ten units'
// files costs one build. Changes during a build wait for the next one.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) error {
	var (
		pending []string
		timer   = time.NewTimer(time.Hour)
		fire    <-chan time.Time
	)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			name := filepath.Base(ev.Name)
			if ignored(name) || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						s.logf("无法监视新文件夹 %s：%v", ev.Name, err)
					}
				}
			}
			rel, err := filepath.Rel(s.cfg.DataDir, ev.Name)
			if err != nil {
				rel = ev.Name
			}
			if rel = filepath.ToSlash(rel); !slices.Contains(pending, rel) {
				pending = append(pending, rel)
			}
			timer.Reset(s.cfg.Debounce)
			fire = timer.C
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events, not the watch: rebuild to be safe.
			s.logf("监视出错：%v", err)
			timer.Reset(s.cfg.Debounce)
			fire = timer.C
		case <-fire:
			fire = nil
			changed := pending
			pending = nil
			s.afterChange(ctx, changed)
		}
	}
}

// afterChange rebuilds and tells the open tabs.
func (s *Server) afterChange(ctx context.Context, changed []string) {
	what := "文件有变化"
	if len(changed) > 0 {
		what = strings.Join(changed[:min(3, len(changed))], "、")
		if len(changed) > 3 {
			what += fmt.Sprintf(" 等 %d 个文件", len(changed))
		}
		what += " 有变化"
	}
	at := time.Now().Format("15:04:05")
	res, err := s.rebuild(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		s.logf("[%s] %s，重新生成失败：%v；浏览器仍显示上一次的结果。", at, what, err)
		s.hub.publish(failedEvent(err))
		return
	}
	tabs := s.hub.publish(reloadEvent(s.buildNumber()))
	s.logf("[%s] %s，已重新生成：%s；已通知 %d 个浏览器页面刷新。", at, what, summary(res), tabs)
}
