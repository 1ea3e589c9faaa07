package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"tuijin/generator/xlsx/xlsxtest"
)

func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true},
		{"127.0.0.1:0", true},
		{"127.1.2.3:80", true},
		{"[::1]:8080", true},
		{"localhost:8080", true},
		{"LOCALHOST:8080", true},
		{"0.0.0.0:8080", false},
		{":8080", false},
		{"[::]:8080", false},
		{"192.168.1.10:8080", false},
		{"10.0.0.1:8080", false},
		{"example.com:8080", false},
		{"127.0.0.1", false}, // no port
	} {
		err := CheckAddr(tt.addr)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q) = %v, want ok=%v", tt.addr, err, tt.ok)
		}
		if err != nil && strings.Contains(tt.addr, ":") && tt.addr != "127.0.0.1" && !errors.Is(err, ErrNotLoopback) {
			t.Errorf("CheckAddr(%q) = %v, want ErrNotLoopback", tt.addr, err)
		}
	}
	if _, err := New(Config{DataDir: t.TempDir(), Addr: "0.0.0.0:0"}); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("New on 0.0.0.0 = %v, want ErrNotLoopback", err)
	}
}

func TestIgnored(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"发改统计局.xlsx", false},
		{"about.md", false},
		{"site.toml", false},
		{"2024-03", false},
		{"说明.docx", false},
		{"~$发改统计局.xlsx", true},
		{".~lock.发改统计局.xlsx#", true},
		{".DS_Store", true},
		{"#about.md#", true},
		{"about.md~", true},
		{".about.md.swp", true},
		{"about.md.swp", true},
		{"发改统计局.xlsx.tmp", true},
		{"A1B2C3D4", true}, // Excel's temporary file while saving
		{"下载.xlsx.crdownload", true},
	} {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInject(t *testing.T) {
	got := string(inject([]byte("<html><body><p>x</p></body></html>"), 3))
	want := `<html><body><p>x</p><script src="/__tuijin/reload.js" data-build="3"></script></body></html>`
	if got != want {
		t.Errorf("inject = %q, want %q", got, want)
	}
	if got := string(inject([]byte("<p>no body"), 1)); !strings.HasSuffix(got, `data-build="1"></script>`) {
		t.Errorf("inject without </body> = %q", got)
	}
}

// preview materialises the mixed test case and starts a preview of it on
// 127.0.0.1:0. It returns the server, the data folder and the function
// that stops it and waits for Run to return.
func preview(t *testing.T) (*Server, string, func() error) {
	t.Helper()
	data := t.TempDir()
	if err := xlsxtest.WriteFile(data, "../../testdata/validate/mixed.txtar"); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DataDir: data, Addr: "127.0.0.1:0", Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stop := sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("Run did not return within 10 s of the cancel")
		}
	})
	t.Cleanup(func() { stop() })
	// The listener is bound; requests wait for the first build.
	for i := 0; ; i++ {
		if _, err := os.Stat(filepath.Join(s.Dir(), "index.html")); err == nil {
			break
		}
		if i == 200 {
			t.Fatal("first build did not finish within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s, data, stop
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

// stream reads Server-Sent Events as "name data" strings.
func stream(t *testing.T, ctx context.Context, url string) <-chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ch <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan string, within time.Duration) string {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("event stream ended")
		}
		return e
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return ""
}

// rewrite writes the workbook of the mixed case at name again, with old
// replaced by new in its sheet source.
func rewrite(t *testing.T, data, name, old, new string) {
	t.Helper()
	ar, err := txtar.ParseFile("../../testdata/validate/mixed.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == name {
			src := strings.ReplaceAll(string(f.Data), old, new)
			if err := xlsxtest.Workbook(filepath.Join(data, filepath.FromSlash(name)), []byte(src)); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("mixed.txtar has no %s", name)
}

// A changed workbook is rebuilt and the open tabs are told to reload; the
// served page shows the change and carries the reload script, the file on
// disk does not; lock files change nothing; a build that fails keeps the
// previous site; cancelling the context ends Run with the streams open.
func TestServeRebuildsAndReloads(t *testing.T) {
	s, data, stop := preview(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := stream(t, ctx, s.URL()+"__tuijin/events")
	if e := next(t, events, 5*time.Second); e != "build 1" {
		t.Fatalf("first event %q, want build 1", e)
	}
	const project = "projects/2401-510900-04-01-521743.html"
	page := get(t, s.URL()+project)
	if !strings.Contains(page, "电子信息产业园一期") || !strings.Contains(page, `<script src="/__tuijin/reload.js" data-build="1"></script></body>`) {
		t.Fatalf("served %s lacks the project name or the reload script", project)
	}
	if b, _ := os.ReadFile(filepath.Join(s.Dir(), filepath.FromSlash(project))); strings.Contains(string(b), "__tuijin") {
		t.Error("the reload script was written into the built file")
	}
	if js := get(t, s.URL()+"__tuijin/reload.js"); !strings.Contains(js, "EventSource") {
		t.Error("reload.js is not the reload script")
	}

	// A lock file and a temporary file come and go: no rebuild.
	month := filepath.Join(data, "ledgers", "2024-03")
	for _, name := range []string{"~$发改统计局.xlsx", "A1B2C3D4", ".~lock.发改统计局.xlsx#"} {
		if err := os.WriteFile(filepath.Join(month, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(month, name))
	}
	select {
	case e := <-events:
		t.Fatalf("lock and temporary files caused %q", e)
	case <-time.After(400 * time.Millisecond):
	}

	rewrite(t, data, "ledgers/2024-03/发改统计局.xlsx", "电子信息产业园一期", "电子信息产业园一期（扩建）")
	if e := next(t, events, 10*time.Second); e != "reload 2" {
		t.Fatalf("after the change: event %q, want reload 2", e)
	}
	if page := get(t, s.URL()+project); !strings.Contains(page, "电子信息产业园一期（扩建）") || !strings.Contains(page, `data-build="2"`) {
		t.Error("the rebuilt page does not show the changed name")
	}

	// Without month folders the build fails: the tabs hear of it and the
	// previous site stays.
	if err := os.Rename(filepath.Join(data, "ledgers"), filepath.Join(data, "old-ledgers")); err != nil {
		t.Fatal(err)
	}
	e := next(t, events, 10*time.Second)
	if !strings.HasPrefix(e, "failed ") || !strings.Contains(e, "没有台账月份文件夹") {
		t.Fatalf("after removing the ledgers: event %q, want failed", e)
	}
	if page := get(t, s.URL()+project); !strings.Contains(page, "电子信息产业园一期（扩建）") {
		t.Error("a failed build replaced the previous site")
	}

	dir := s.tmp
	if err := stop(); err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("private folder %s left behind", dir)
	}
}

// The preview answers only requests addressed to a loopback name.
func TestServeRefusesOtherHosts(t *testing.T) {
	s, _, _ := preview(t)
	for host, want := range map[string]int{
		"": http.StatusOK, "localhost": http.StatusOK, "attacker.example": http.StatusForbidden, "attacker.example:80": http.StatusForbidden,
	} {
		req, _ := http.NewRequest("GET", s.URL(), nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %s, want %d", host, resp.Status, want)
		}
	}
	if resp, err := http.Get(s.URL() + "../../etc/passwd"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("path outside the site: %s", resp.Status)
		}
	}
}
