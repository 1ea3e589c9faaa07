package templates

import (
	"bytes"
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func TestEChartsMatchesVersion(t *testing.T) {
	v, err := Asset(EChartsVersion)
	if err != nil {
		t.Fatalf("Asset(%q): %v", EChartsVersion, err)
	}
	version := strings.TrimSpace(string(v))
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(version) {
		t.Fatalf("VERSION = %q, want a plain x.y.z version", version)
	}

	js, err := Asset(EChartsJS)
	if err != nil {
		t.Fatalf("Asset(%q): %v", EChartsJS, err)
	}
	// A truncated download or an empty placeholder would still "exist";
	// every ECharts 5/6 full build is well above this size.
	if len(js) < 500_000 {
		t.Errorf("%s is %d bytes, want a full minified build", EChartsJS, len(js))
	}
	if !bytes.HasPrefix(bytes.TrimSpace(js), []byte("/*")) ||
		!bytes.Contains(js[:min(len(js), 2048)], []byte("Apache Software Foundation")) {
		t.Errorf("%s does not open with the Apache licence header", EChartsJS)
	}
	// The minified banner has no version, so the runtime assignment
	// echarts.version = "x.y.z" is what ties the file to VERSION.
	got := regexp.MustCompile(`\.version="([^"]+)"`).FindAllSubmatch(js, -1)
	if len(got) == 0 {
		t.Fatalf("%s: no version assignment found", EChartsJS)
	}
	for _, m := range got {
		if string(m[1]) != version {
			t.Errorf("%s declares version %q, VERSION says %q", EChartsJS, m[1], version)
		}
	}
}

func TestEChartsLicense(t *testing.T) {
	lic, err := Asset(EChartsLicense)
	if err != nil {
		t.Fatalf("Asset(%q): %v", EChartsLicense, err)
	}
	for _, want := range []string{
		"Apache License",
		"Version 2.0",
		"NOTICE",
		"Apache ECharts",
		"LICENSE-d3",
		"zrender",
	} {
		if !bytes.Contains(lic, []byte(want)) {
			t.Errorf("%s lacks %q", EChartsLicense, want)
		}
	}
}

func TestAssetErrors(t *testing.T) {
	for _, name := range []string{
		"missing.js",
		"vendor/missing.js",
		"../templates.go",
		"/vendor/VERSION",
		"assets/vendor/VERSION",
	} {
		if _, err := Asset(name); err == nil {
			t.Errorf("Asset(%q) = nil error, want one", name)
		}
	}
	if _, err := Asset("missing.js"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Asset(%q) error = %v, want fs.ErrNotExist", "missing.js", err)
	}
}

func TestAssetsWalk(t *testing.T) {
	var names []string
	err := fs.WalkDir(Assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{EChartsJS, EChartsLicense, EChartsVersion} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("WalkDir(Assets) = %q, missing %q", names, want)
		}
	}
}
