package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"tuijin/generator"
	"tuijin/generator/model"
)

// Config says what to preview. Zero values have the meaning given.
type Config struct {
	DataDir  string        // the data folder; required
	Addr     string        // host:port on a loopback address; DefaultAddr when empty; port 0 picks a free one
	Period   model.Period  // zero: the newest month folder, as `tuijin build`
	Title    string        // site title; the renderer's default when empty
	Log      io.Writer     // progress lines in Chinese; nil for none
	Debounce time.Duration // quiet time after the last change before a rebuild; DefaultDebounce when zero
}

// Defaults for Config.
const (
	DefaultAddr     = "127.0.0.1:8080"
	DefaultDebounce = 300 * time.Millisecond
)

// Errors of New that are the caller's mistake rather than the machine's.
var (
	ErrNotLoopback = errors.New("只能在本机地址上预览") // an address other machines could reach
	ErrNoDataDir   = errors.New("找不到数据文件夹")
)

// CheckAddr reports whether addr (host:port) is on a loopback address:
// 127.0.0.0/8, ::1 or localhost. An empty host would listen on every
// interface, so it is refused too.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("地址 %q 应为 主机:端口，例如 %s：%w", addr, DefaultAddr, err)
	}
	if !loopbackHost(host) {
		return fmt.Errorf("%w（127.0.0.1、::1 或 localhost），不接受 %q", ErrNotLoopback, addr)
	}
	return nil
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Server is a running preview. New binds the address; Run builds, serves
// and watches until its context ends.
type Server struct {
	cfg  Config
	ln   net.Listener
	tmp  string // private folder: the site and the parse cache
	site string // tmp/site, replaced atomically by every build
	hub  *hub

	mu    sync.Mutex
	build int // number of the last successful build; 0 before the first
}

// New checks the configuration and binds the address, so that URL is known
// (and a port in use is reported) before the first build.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if err := CheckAddr(cfg.Addr); err != nil {
		return nil, err
	}
	if st, err := os.Stat(cfg.DataDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%w %s", ErrNoDataDir, cfg.DataDir)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("无法在 %s 上监听：%w", cfg.Addr, err)
	}
	tmp, err := os.MkdirTemp("", "tuijin-serve-")
	if err != nil {
		ln.Close()
		return nil, err
	}
	return &Server{cfg: cfg, ln: ln, tmp: tmp, site: filepath.Join(tmp, "site"), hub: newHub()}, nil
}

// URL is the address of the site's dashboard.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// Dir is the folder the site is built into; it is removed when Run returns.
func (s *Server) Dir() string { return s.site }

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, format+"\n", args...)
	}
}

// Run builds the site, serves it and rebuilds on every change until ctx
// ends; then it shuts the server down gracefully and removes the private
// folder. An error of the first build ends it (wrapping
// generator.ErrNoData when the data folder has no month folder); later
// build errors are reported and the previous site stays up.
func (s *Server) Run(ctx context.Context) error {
	defer os.RemoveAll(s.tmp)
	defer s.ln.Close()

	s.logf("正在生成预览网站…")
	res, err := s.rebuild(ctx)
	if err != nil {
		return err
	}
	s.logf("生成完成：%s", summary(res))

	w, err := newWatcher(s.cfg.DataDir)
	if err != nil {
		return err
	}
	defer w.Close()

	// Request contexts derive from base, which ends before Shutdown so that
	// the event streams (which never go idle) return and Shutdown can finish.
	base, stopRequests := context.WithCancel(context.Background())
	defer stopRequests()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()
	s.logf("预览地址：%s（按 Ctrl-C 结束）", s.URL())
	s.logf("正在监视 %s 中的台账、页面和 site.toml，有变化会自动重新生成并刷新浏览器。", s.cfg.DataDir)

	watchErr := make(chan error, 1)
	go func() { watchErr <- s.watch(ctx, w) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = fmt.Errorf("serve: %w", err)
	case err := <-watchErr:
		runErr = err
	}
	stopRequests()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && runErr == nil {
		runErr = fmt.Errorf("serve: %w", err)
	}
	if runErr == nil {
		s.logf("预览已结束。")
	}
	return runErr
}

// rebuild builds the site into the private folder; the swap is atomic, so
// requests during a build get the previous site.
func (s *Server) rebuild(ctx context.Context) (*generator.Result, error) {
	// The cache, private like the site, lets a rebuild parse only the
	// workbooks that changed.
	res, err := generator.Build(ctx, generator.Config{DataDir: s.cfg.DataDir, OutDir: s.site, Period: s.cfg.Period, Title: s.cfg.Title,
		CacheDir: filepath.Join(s.tmp, "cache")})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.build++
	s.mu.Unlock()
	return res, nil
}

func (s *Server) buildNumber() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.build
}

// summary is one line about a build, in Chinese.
func summary(r *generator.Result) string {
	line := fmt.Sprintf("%d年%d月，%d 个页面，采用 %d 行", r.Period.Year, r.Period.Month, r.Pages, r.AcceptedRows)
	if r.Errors > 0 || r.Warnings > 0 {
		line += fmt.Sprintf("，%d 个错误、%d 个警告（见 validation.html）", r.Errors, r.Warnings)
	}
	return line + fmt.Sprintf("，用时 %.1f 秒", r.Duration.Seconds())
}

// Handler serves the built site with the reload script added to HTML
// responses, the script itself and the event stream.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /__tuijin/events", s.events)
	mux.HandleFunc("GET /__tuijin/reload.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadJS)
	})
	mux.HandleFunc("GET /", s.file)
	return localOnly(mux)
}

// localOnly refuses requests whose Host is not a loopback name: a page on
// another site could otherwise point a DNS name at 127.0.0.1 and read the
// preview through the visitor's browser.
func localOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if !loopbackHost(strings.Trim(host, "[]")) {
			http.Error(w, "tuijin serve 只接受本机访问", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// file serves one file of the built site. Nothing is cached: the next
// build may change any file.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	name := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	f, err := http.Dir(s.site).Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if !strings.HasSuffix(name, ".html") {
		http.ServeContent(w, r, name, st.ModTime(), f)
		return
	}
	b, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b = inject(b, s.buildNumber())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(b))
}

// inject adds the reload script before the last </body> (the layout writes
// it in lower case), or at the end.
// The build number lets the script notice a rebuild that happened while
// the page was loading.
func inject(page []byte, build int) []byte {
	tag := fmt.Appendf(nil, `<script src="/__tuijin/reload.js" data-build="%d"></script>`, build)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}
