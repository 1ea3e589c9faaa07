package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// Errors returned by this package, for errors.Is. Every error the package
// returns is told in Simplified Chinese, for the person running the build,
// names the folder or file concerned and, where there is something to do,
// says what: its text is meant to be shown as it is, without a prefix.
var (
	// ErrUnsafeOut means the output folder is one this package refuses to
	// replace; the wrapping error says which and why, and what to do
	// ("输出位置 out/afile 已存在，但不是文件夹；请换一个输出文件夹").
	ErrUnsafeOut = errors.New("不能用作输出文件夹")
	// ErrInvalidPath means a file name given to WriteFile is not a clean
	// relative slash-separated path.
	ErrInvalidPath = errors.New("网站文件名不合规")
	// ErrDone means the Staging was already committed or aborted.
	ErrDone = errors.New("这次生成已经完成或已放弃，不能再写入")
)

// Keep names a folder that Stage and Commit must leave alone: the output
// folder may be neither it, nor one of the folders that hold it, nor a
// folder inside it. What is how messages call it ("数据文件夹").
type Keep struct {
	Dir  string
	What string
	// Parts, when set, narrows what inside Dir is kept to these folders
	// (the data folder's ledgers, pages and briefings): an output may then
	// lie elsewhere in Dir, as a site beside the ledgers does. Nil keeps
	// all of Dir.
	Parts []string
}

// FSError is a failure of the file system while publishing. Msg says, in
// Chinese and naming the folder or file, what could not be done ("无法写入新网站的文件
// index.html"); Err is the system's error, and Write tells whether it was
// met writing (so a missing permission is the permission to write).
//
// Error gives Msg and then Err as the system words it. Saying Err in
// Chinese is left to the caller, as this package imports nothing that
// knows how (the project's data flow, generator/shape_test.go): generator
// says it with load.FSOp.Reason ("无法写入新网站的文件 index.html：磁盘空间不足").
type FSError struct {
	Msg   string
	Write bool
	Err   error
}

func (e *FSError) Error() string { return e.Msg + "：" + e.Err.Error() }
func (e *FSError) Unwrap() error { return e.Err }

// userError is an error whose text is whole, for people, and that wraps a
// sentinel of this package and the cause, when there are.
type userError struct {
	msg      string
	sentinel error
	cause    error
}

func (e *userError) Error() string { return e.msg }

func (e *userError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.sentinel, e.cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// failed returns err, from the file system while writing, as an FSError
// saying msg. An error already told (FSError, userError) is returned as it
// is.
func failed(msg string, err error) error {
	var fe *FSError
	var ue *userError
	if errors.As(err, &fe) || errors.As(err, &ue) {
		return err
	}
	return &FSError{Msg: msg, Write: true, Err: err}
}

const (
	dirPerm  = 0o755
	filePerm = 0o644

	tmpTag   = ".tmp-"
	oldTag   = ".old-"
	spareTag = ".spare-"
	// suffixLen is the number of hex digits after a tag; cleanup matches
	// it exactly so that nothing a person named by hand is removed.
	suffixLen = 16
)

// Staging is a folder being filled with a new site. Its methods are safe
// for concurrent use; WriteFile calls run in parallel, while Commit and
// Abort wait for writes in progress and make later ones fail.
type Staging struct {
	out   string // absolute, cleaned
	dir   string // absolute staging folder, in filepath.Dir(out)
	shown string // out as the caller named it, for messages
	keep  []Keep // folders out must not be, hold or lie in

	// mu is held shared by WriteFile and exclusively by Commit and Abort,
	// so no write can land in the folder while it is being swapped in.
	mu   sync.RWMutex
	done bool

	dirs  sync.Map // folders of the staging folder known to exist
	carry *carry   // nil unless Track was called

	// adopted lists the folders of a spare adopted by Track, for Commit
	// to remove those its pruning leaves empty; nil without a spare.
	// spareDir is where that spare was, for Abort to put it back.
	adopted  []string
	spareDir string
	// broken, when set, is why this staging folder must not be committed.
	broken error
	// shared is set once a file of the staging folder may be a hard link
	// to a published file: from then on such a name is removed before it
	// is written, never opened for writing, so the published file keeps
	// its bytes. In a folder adopted from a spare any name may be one; in
	// a new folder only a name Carry linked, which its manifest records
	// until the name is written (see prepare): a rebuild without a spare
	// links tens of thousands of files, and removing each name first,
	// whether or not anything was there, took 0.24 s of system time in
	// one of 1.6 s.
	shared atomic.Bool

	// What Carry did: files kept where they stood in an adopted spare,
	// files hard-linked from the published site.
	kept, linked atomic.Int64
}

// mkdirs creates a folder of the staging folder and its parents, once:
// tens of thousands of pages share a few folders.
func (s *Staging) mkdirs(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	err := os.MkdirAll(dir, dirPerm)
	if err != nil && s.adopted != nil {
		// An adopted spare may hold a file where this site has a folder.
		err = s.clearFiles(dir)
		if err == nil {
			err = os.MkdirAll(dir, dirPerm)
		}
	}
	if err != nil {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// prepare makes the file name of the staging folder ready to be created:
// its folder exists and, if the folder may hold hard links to the
// published site, nothing is at name any more.
func (s *Staging) prepare(rel, name string) error {
	if err := s.mkdirs(filepath.Dir(name)); err != nil {
		return err
	}
	if !s.shared.Load() {
		return nil
	}
	// In a new folder, the only files are those this build linked or
	// wrote; a linked one is recorded (Carry) until it is written again
	// (WriteFile, after this), and a name recorded because this build
	// wrote it is its own file, which removing does no harm.
	if s.adopted == nil && !s.carry.recorded(rel) {
		return nil
	}
	return os.RemoveAll(name)
}

// Stage prepares the replacement of the folder out, creating its parent
// folders if needed. Before creating the staging folder it repairs what an
// earlier build killed mid-way may have left next to out: a previous site
// set aside by an interrupted Commit is put back if out is missing, and
// stale staging and old-site folders for out are removed.
//
// Stage refuses (ErrUnsafeOut) an out that is empty, the file system root,
// the current folder or one of its ancestors, the user's home folder or one
// of its ancestors, one of the keep folders, a folder holding one or a
// folder inside one, a symbolic link, or anything other than a folder. A
// symbolic link is refused rather than followed or replaced: replacing
// would turn the link into a plain folder behind the user's back, and
// following would swap a folder this package was not pointed at; point the
// build at the link's target instead. Folders are compared as the file
// system sees them, through symbolic links and however spelled.
func Stage(out string, keep ...Keep) (*Staging, error) {
	abs, err := checkOut(out, out, keep)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, dirPerm); err != nil {
		return nil, failed("无法创建文件夹 "+shownParent(out, abs), err)
	}
	if err := recoverLeftovers(abs, out); err != nil {
		return nil, err
	}
	dir, err := makeUnique(abs, out, tmpTag)
	if err != nil {
		return nil, err
	}
	return &Staging{out: abs, dir: dir, shown: out, keep: keep}, nil
}

// shownParent names the folder that holds out in messages: as the caller
// spelled it, or in full when that would be "." or "/".
func shownParent(shown, abs string) string {
	if p := filepath.Dir(shown); p != "." && p != shown {
		return p
	}
	return filepath.Dir(abs)
}

// Dir returns the staging folder. Files written there directly rather than
// through WriteFile are published too, but get none of its checks or
// locking; and they must be new names, created afresh, that are not also
// written through the Staging. A file already in the staging folder may
// be a hard link to a file of the published site, so opening it for
// writing would change the published site. After Track adopted a spare,
// the only files left in it are those of its manifest, which the Staging
// replaces or removes itself, so a file written directly (the briefing's
// PDF) is always created anew.
func (s *Staging) Dir() string { return s.dir }

// Out returns the absolute path of the folder that Commit replaces.
func (s *Staging) Out() string { return s.out }

// WriteFile writes data to the file rel of the new site, creating parent
// folders as needed (mode 0o755, files 0o644, both less the umask). rel is
// slash-separated and relative: it is rejected (ErrInvalidPath) if it is
// empty or absolute, has empty, "." or ".." segments, a trailing slash, a
// backslash, a colon or a NUL, or names a reserved device on Windows. The
// same rel written twice keeps the last data. Whatever was at rel in the
// staging folder (a file of an adopted spare, a file Carry linked) is
// replaced by a new file, never written through.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.done {
		return &userError{msg: fmt.Sprintf("无法写入网站文件 %s：%s", rel, ErrDone), sentinel: ErrDone}
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.prepare(rel, name); err != nil {
		return s.writeFailed(rel, err)
	}
	if s.carry != nil {
		s.carry.wrote(rel)
	}
	if err := writeFile(name, data, filePerm); err != nil {
		return s.writeFailed(rel, err)
	}
	return nil
}

// writeFailed tells that the file rel of the new site could not be written.
func (s *Staging) writeFailed(rel string, err error) error {
	return failed(fmt.Sprintf("无法写入新网站的文件 %s（在 %s 旁的临时文件夹 %s 中）", rel, s.shown, filepath.Base(s.dir)), err)
}

// CopyFS writes every regular file of fsys under the folder rel of the new
// site ("" or "." for its root), through WriteFile. It exists for embedded
// assets; os.CopyFS would bypass the checks and locking and keep the
// executable bits of the source.
func (s *Staging) CopyFS(rel string, fsys fs.FS) error {
	if rel != "" && rel != "." {
		if err := checkRel(rel); err != nil {
			return err
		}
	}
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &FSError{Msg: "无法读取 " + p, Err: err}
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return &FSError{Msg: "无法读取文件 " + p, Err: err}
		}
		if rel != "" && rel != "." {
			p = rel + "/" + p
		}
		return s.WriteFile(p, data)
	})
}

// Commit makes the staged folder the output folder. If out exists it is
// renamed aside, the staging folder is renamed to out, and the old site is
// then removed; if the second rename fails the old site is renamed back.
//
// A staging folder adopted from a spare is first pruned of the spare's
// files that this build neither kept nor wrote, and of the folders that
// leaves empty, so the site holds exactly what this build wrote or
// carried. And when Track was given the previous site's manifest, the old
// site is not removed but kept as the spare, and Manifest names it; a
// tracked build without one makes a spare of the new site instead (hard
// links to its files). Any other spare of out is removed, so an untracked
// build leaves none.
//
// A failure to remove the old site is not reported: the new site is in
// place, and the next Stage removes the leftover. out is checked again as
// in Stage, since it may have changed during the build. After an error the
// Staging is still open: call Abort to remove it.
func (s *Staging) Commit() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return &userError{msg: fmt.Sprintf("无法发布到 %s：%s", s.shown, ErrDone), sentinel: ErrDone}
	}
	if s.broken != nil {
		return failed(fmt.Sprintf("无法准备 %s 旁的临时文件夹 %s", s.shown, filepath.Base(s.dir)), s.broken)
	}
	if _, err := checkOut(s.out, s.shown, s.keep); err != nil {
		return err
	}
	// Checked before out is touched: a staging folder removed under us (by
	// a second build's Stage) must not cost the published site a rename.
	fi, err := os.Lstat(s.dir)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return &userError{cause: err, msg: fmt.Sprintf(
			"新网站所在的临时文件夹 %s 不见了（可能同时有另一次生成在写 %s）；原有网站未受影响，请重新生成",
			filepath.Join(filepath.Dir(s.shown), filepath.Base(s.dir)), s.shown)}
	}
	if err := s.prune(); err != nil {
		return failed(fmt.Sprintf("无法清理 %s 旁的临时文件夹 %s", s.shown, filepath.Base(s.dir)), err)
	}
	swapFailed := func(err error) error {
		return failed(fmt.Sprintf("无法把新网站换到 %s 的位置", s.shown), err)
	}

	var spare *Spare
	_, err = os.Lstat(s.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(s.dir, s.out); err != nil {
			return swapFailed(err)
		}
	case err != nil:
		return &FSError{Msg: "无法访问输出位置 " + s.shown, Err: err}
	default:
		// The old site goes aside under the name Stage restores and
		// only then, with the new site in place, becomes the spare: a
		// spare is never taken for the published site.
		old, err := reserveName(s.out, oldTag)
		if err != nil {
			return err
		}
		if err := os.Rename(s.out, old); err != nil {
			return failed(fmt.Sprintf("无法把原有网站 %s 移开，新网站没有发布", s.shown), err)
		}
		if err := os.Rename(s.dir, s.out); err != nil {
			if rerr := os.Rename(old, s.out); rerr != nil {
				shownOld := filepath.Join(filepath.Dir(s.shown), filepath.Base(old))
				return &FSError{Write: true, Err: errors.Join(err, rerr), Msg: fmt.Sprintf(
					"无法把新网站换到 %s 的位置，原有网站也没能放回，暂时在 %s 中（下次生成会把它放回原处）",
					s.shown, shownOld)}
			}
			return swapFailed(err)
		}
		spare = s.keepSpare(old)
		if spare == nil {
			_ = os.RemoveAll(old)
		}
	}
	if spare == nil && s.carry != nil {
		spare = s.makeSpare()
	}
	s.done = true
	if s.carry != nil {
		s.carry.mu.Lock()
		s.carry.kept = spare
		s.carry.mu.Unlock()
	}
	removeSpares(s.out, spare)
	return nil
}

// Spare returns the spare Commit kept, nil before Commit or when it kept
// none: what Manifest names after Commit.
func (s *Staging) Spare() *Spare {
	if s.carry == nil {
		return nil
	}
	s.carry.mu.Lock()
	defer s.carry.mu.Unlock()
	return s.carry.kept
}

// Abort removes the staging folder, leaving out untouched; a staging
// folder adopted from a spare is put back as that spare instead. It is a
// no-op after Commit or an earlier Abort, so it can be deferred
// unconditionally.
func (s *Staging) Abort() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return nil
	}
	s.done = true
	// A spare adopted by a build that then failed goes back where it was
	// rather than being removed: the manifest in the cache still names
	// it, Carry checks each of its files before keeping one (so what this
	// build wrote into it is never taken for what the manifest lists, and
	// the next adoption prunes what it does not list), and the next build
	// would otherwise link every page again.
	if s.spareDir != "" && os.Rename(s.dir, s.spareDir) == nil {
		return nil
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return failed(fmt.Sprintf("无法删除 %s 旁的临时文件夹 %s（下次生成会再删除它）", s.shown, filepath.Base(s.dir)), err)
	}
	return nil
}

// checkOut returns out as a cleaned absolute path, or an error wrapping
// ErrUnsafeOut if it is not a folder this package may replace. shown is out
// as the caller named it, for the messages; keep as for Stage.
func checkOut(out, shown string, keep []Keep) (string, error) {
	if out == "" {
		return "", &userError{msg: "没有指定输出文件夹；请指定一个专门存放网站的文件夹，例如 site", sentinel: ErrUnsafeOut}
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", &FSError{Msg: fmt.Sprintf("无法确定输出文件夹 %s 的完整路径", shown), Err: err}
	}
	refuse := func(format string, args ...any) (string, error) {
		return "", &userError{msg: "输出位置 " + shown + " " + fmt.Sprintf(format, args...), sentinel: ErrUnsafeOut}
	}
	const instead = "请换一个专门存放网站的文件夹，例如 site"
	if filepath.Dir(abs) == abs {
		return refuse("是整个磁盘的根目录，生成时会被整体替换；%s", instead)
	}
	if wd, err := os.Getwd(); err == nil {
		// Renaming the folder the process (and likely its user's shell)
		// stands in would leave it in the deleted old site.
		switch holds(abs, wd) {
		case same:
			return refuse("就是当前所在的文件夹，生成时会被整体替换；%s", instead)
		case above:
			return refuse("包含当前所在的文件夹 %s，生成时会被整体替换；%s", wd, instead)
		}
	}
	for _, k := range keep {
		if k.Dir == "" {
			continue
		}
		other := fmt.Sprintf("请换一个%s以外的文件夹", k.What)
		switch holds(abs, k.Dir) {
		case same:
			return refuse("就是%s %s，生成网站会把它整体替换掉；%s", k.What, k.Dir, other)
		case above:
			return refuse("包含%s %s，生成网站会把它整体替换掉；%s", k.What, k.Dir, other)
		}
		if holds(k.Dir, abs) != above {
			continue
		}
		if k.Parts == nil {
			return refuse("在%s %s 之中，生成网站会替换其中的内容；%s", k.What, k.Dir, other)
		}
		for _, part := range k.Parts {
			if inside(filepath.Join(k.Dir, part), abs) {
				return refuse("在%s %s 的 %s 文件夹之中，生成网站会替换其中的内容；%s", k.What, k.Dir, part, other)
			}
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && exists(home) {
		switch holds(abs, home) {
		case same:
			return refuse("是用户主文件夹，生成时会被整体替换；%s", instead)
		case above:
			return refuse("包含用户主文件夹 %s，生成时会被整体替换；%s", home, instead)
		}
	}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case errors.Is(err, syscall.ENOTDIR):
		if b := fileAbove(shown); b != "" {
			return refuse("无法使用：%s 不是文件夹；请换一个输出文件夹", b)
		}
		return "", &FSError{Msg: "无法访问输出位置 " + shown, Err: err}
	case err != nil:
		return "", &FSError{Msg: "无法访问输出位置 " + shown, Err: err}
	case fi.Mode()&fs.ModeSymlink != 0:
		target := ""
		if t, err := os.Readlink(abs); err == nil {
			target = "（指向 " + t + "）"
		}
		return refuse("是一个符号链接%s；为免把链接换成普通文件夹，请直接把它指向的文件夹作为输出文件夹", target)
	case !fi.IsDir():
		return refuse("已存在，但不是文件夹；请换一个输出文件夹")
	}
	return abs, nil
}

// fileAbove returns the first of the folders above out, as out spells
// them, that exists and is not a folder; "" when there is none.
func fileAbove(out string) string {
	for p := filepath.Dir(out); p != "." && p != filepath.Dir(p); p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
	}
	return ""
}

// How one folder stands to another.
const (
	apart = iota // neither holds the other
	same         // they are the same folder
	above        // the first holds the second, at any depth
)

// holds tells how the folder a stands to the folder b: the same, above it,
// or apart (also when a does not exist, or b is above a). Both are compared
// as the file system sees them (os.SameFile), so that a symbolic link, a
// relative path or another spelling of a name on a case-insensitive file
// system names the same folder; b's ancestors are those of its real path.
func holds(a, b string) int {
	fa, err := os.Stat(a)
	if err != nil || !fa.IsDir() {
		return apart
	}
	p, err := realPath(b)
	if err != nil {
		return apart
	}
	for first := true; ; first = false {
		if fp, err := os.Stat(p); err == nil && os.SameFile(fa, fp) {
			if first {
				return same
			}
			return above
		}
		up := filepath.Dir(p)
		if up == p {
			return apart
		}
		p = up
	}
}

// realPath is the absolute path p names with every symbolic link of its
// existing part resolved; its missing part is kept as written.
func realPath(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		up := filepath.Dir(p)
		if up == p {
			return filepath.Join(append([]string{p}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = up
	}
}

func checkRel(rel string) error {
	invalid := func(why string) error {
		return &userError{msg: fmt.Sprintf("%s：%q %s", ErrInvalidPath, rel, why), sentinel: ErrInvalidPath}
	}
	switch {
	case rel == "" || rel == ".":
		return invalid("是空的")
	case strings.ContainsAny(rel, "\\"):
		return invalid("含有反斜杠")
	case strings.ContainsRune(rel, 0):
		return invalid("含有 NUL 字符")
	case strings.ContainsRune(rel, ':'):
		// A drive letter or an NTFS alternate data stream on Windows.
		return invalid("含有冒号")
	case !fs.ValidPath(rel):
		return invalid("不是规范的相对路径")
	case !filepath.IsLocal(filepath.FromSlash(rel)):
		return invalid("在本系统上不是网站文件夹内的路径")
	}
	return nil
}

// leftoverPrefix returns the start of the names used beside out for tag.
func leftoverPrefix(out, tag string) string {
	return "." + filepath.Base(out) + tag
}

// isLeftover reports whether name is exactly leftoverPrefix(out, tag)
// followed by suffixLen lowercase hex digits.
func isLeftover(name, out, tag string) bool {
	suffix, ok := strings.CutPrefix(name, leftoverPrefix(out, tag))
	if !ok || len(suffix) != suffixLen {
		return false
	}
	for _, c := range suffix {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// recoverLeftovers puts back a previous site that a killed Commit had set
// aside, then removes the other leftovers of earlier builds into out. Of
// the spares, only the newest is kept: normally there is one, and more
// only when a build was killed between making a spare and removing the
// one before. A spare is never put back as the site; it is only ever
// adopted by Track, whose manifest says what it holds.
func recoverLeftovers(out, shown string) error {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return &FSError{Msg: "无法读取文件夹 " + shownParent(shown, out), Err: err}
	}
	var tmps, olds, spares []fs.FileInfo
	for _, e := range entries {
		var list *[]fs.FileInfo
		switch {
		case isLeftover(e.Name(), out, tmpTag):
			list = &tmps
		case isLeftover(e.Name(), out, oldTag):
			list = &olds
		case isLeftover(e.Name(), out, spareTag):
			list = &spares
		}
		if list == nil || !e.IsDir() {
			continue // also skips symlinks, which are never ours
		}
		fi, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		*list = append(*list, fi)
	}

	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		// Killed between the two renames of Commit. Several old sites
		// only exist if removals failed before; the newest is the site
		// that was published last.
		newest := newestOf(olds)
		if err := os.Rename(filepath.Join(parent, olds[newest].Name()), out); err != nil {
			return failed(fmt.Sprintf("上次生成中断时留下的原有网站 %s 无法放回 %s", olds[newest].Name(), shown), err)
		}
		olds = slices.Delete(olds, newest, newest+1)
	}
	if len(spares) > 0 {
		newest := newestOf(spares)
		spares = slices.Delete(spares, newest, newest+1)
	}

	// Removal failures are left for the next build: they cost disk space,
	// not correctness, since the names are never reused.
	for _, fi := range slices.Concat(tmps, olds, spares) {
		_ = os.RemoveAll(filepath.Join(parent, fi.Name()))
	}
	return nil
}

// newestOf returns the index of the most recently modified of fis.
func newestOf(fis []fs.FileInfo) int {
	newest := 0
	for i, fi := range fis {
		if fi.ModTime().After(fis[newest].ModTime()) {
			newest = i
		}
	}
	return newest
}

// makeUnique creates a new folder beside out named for tag. It is not
// os.MkdirTemp because that creates mode 0o700, which the published site
// would keep, and its suffix is not the fixed form cleanup matches.
func makeUnique(out, shown, tag string) (string, error) {
	for range 10 {
		name, err := reserveName(out, tag)
		if err != nil {
			return "", err
		}
		err = os.Mkdir(name, dirPerm)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", failed(fmt.Sprintf("无法在文件夹 %s 中为新网站创建临时文件夹", shownParent(shown, out)), err)
		}
	}
	return "", &userError{cause: fs.ErrExist,
		msg: fmt.Sprintf("无法在文件夹 %s 中为新网站创建临时文件夹：试过的名字都已被占用", shownParent(shown, out))}
}

// reserveName returns a fresh path beside out named for tag. Nothing is
// created: rename onto it fails or replaces only an empty folder if another
// process took it meanwhile, which 64 random bits make moot.
func reserveName(out, tag string) (string, error) {
	var b [suffixLen / 2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", &userError{cause: err, msg: "无法为临时文件夹取随机名字：系统的随机数来源不可用（" + err.Error() + "）"}
	}
	return filepath.Join(filepath.Dir(out), leftoverPrefix(out, tag)+hex.EncodeToString(b[:])), nil
}

// exists reports whether name is there; a home folder named by $HOME but
// missing holds nothing to protect.
func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// inside reports whether b is a or lies in it: as holds does when a
// exists, otherwise by their paths with links resolved (a data folder's
// pages/ need not exist yet for an output there to be refused).
func inside(a, b string) bool {
	if h := holds(a, b); h == same || h == above {
		return true
	}
	ra, errA := realPath(a)
	rb, errB := realPath(b)
	return errA == nil && errB == nil && (ra == rb || strings.HasPrefix(rb, ra+string(filepath.Separator)))
}
