package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// englishFlagText are fragments of the flag package's own messages and
// usage, which must never reach the user.
var englishFlagText = []string{"flag provided", "needs an argument", "invalid value", "invalid boolean", "parse error",
	"out of range", "bad flag syntax", "(default", "Usage"}

// Every kind of mistake on a command line is told in Chinese, naming the
// flag, on stderr, followed by that command's usage, with exit code 2.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the first line of stderr
	}{
		{"build unknown", []string{"build", "--bogus"}, "tuijin build：未知参数 --bogus"},
		{"build unknown, one dash, value", []string{"build", "-bogus=1"}, "tuijin build：未知参数 -bogus"},
		{"build missing value", []string{"build", "--strict", "--out"}, "tuijin build：参数 --out 需要一个值"},
		{"build bad value", []string{"build", "--strict=maybe"}, "tuijin build：参数 --strict 的值“maybe”无效：应为 true 或 false"},
		{"build bad syntax", []string{"build", "---out", "x"}, "tuijin build：无法识别的参数写法 ---out；参数应写成 --名称 或 --名称=值"},
		{"build bad syntax =", []string{"build", "-=x"}, "tuijin build：无法识别的参数写法 -=x；参数应写成 --名称 或 --名称=值"},
		{"validate unknown", []string{"validate", "data", "--bogus"}, "tuijin validate：未知参数 --bogus"},
		{"validate missing value", []string{"validate", "data", "--format"}, "tuijin validate：参数 --format 需要一个值"},
		{"validate missing value, one dash", []string{"validate", "data", "-annotate"}, "tuijin validate：参数 -annotate 需要一个值"},
		// validate's flags are all text; its own check names a bad one.
		{"validate bad value", []string{"validate", "data", "--format=xml"}, "tuijin validate：--format 只能是 text 或 json，实际为 \"xml\""},
		{"sample unknown", []string{"sample", "--nope"}, "tuijin sample：未知参数 --nope"},
		{"sample missing value", []string{"sample", "--months"}, "tuijin sample：参数 --months 需要一个值"},
		{"sample bad value", []string{"sample", "--units", "abc"}, "tuijin sample：参数 --units 的值“abc”无效：应为整数"},
		{"sample bad value =", []string{"sample", "--seed=1.5"}, "tuijin sample：参数 --seed 的值“1.5”无效：应为整数"},
		{"sample out of range", []string{"sample", "--projects", "99999999999999999999"}, "tuijin sample：参数 --projects 的值“99999999999999999999”无效：数值超出范围"},
		{"sample bad bool", []string{"sample", "--flaws=yes"}, "tuijin sample：参数 --flaws 的值“yes”无效：应为 true 或 false"},
		{"template unknown", []string{"template", "--out", "x.xlsx"}, "tuijin template：未知参数 --out"},
		{"template missing value", []string{"template", "-o"}, "tuijin template：参数 -o 需要一个值"},
		{"serve unknown", []string{"serve", "--port", "80"}, "tuijin serve：未知参数 --port"},
		{"serve missing value", []string{"serve", "--addr"}, "tuijin serve：参数 --addr 需要一个值"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			first, rest, _ := strings.Cut(stderr.String(), "\n")
			if first != tt.want {
				t.Errorf("stderr starts with %q, want %q", first, tt.want)
			}
			if strings.Contains(tt.want, "参数") && !strings.HasPrefix(rest, "用法：tuijin "+tt.args[0]+" ") {
				t.Errorf("the message is not followed by the usage of %s:\n%s", tt.args[0], stderr.String())
			}
			for _, en := range englishFlagText {
				if strings.Contains(stderr.String(), en) {
					t.Errorf("stderr holds %q:\n%s", en, stderr.String())
				}
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

// -h, -help and --help print the command's usage on stderr, and nothing
// else, and exit 2.
func TestFlagHelp(t *testing.T) {
	for name := range commands {
		for _, h := range []string{"-h", "-help", "--help"} {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{name, h}, &stdout, &stderr); code != exitUsage {
				t.Errorf("%s %s: exit %d, want %d", name, h, code, exitUsage)
			}
			if !strings.HasPrefix(stderr.String(), "用法：tuijin "+name+" ") || stdout.Len() != 0 {
				t.Errorf("%s %s: want the usage on stderr only, got stdout %q stderr %q", name, h, stdout.String(), stderr.String())
			}
			for _, en := range englishFlagText {
				if strings.Contains(stderr.String(), en) {
					t.Errorf("%s %s: usage holds %q:\n%s", name, h, en, stderr.String())
				}
			}
		}
	}
}

// Flags stand anywhere among the arguments, in every form flag.Parse
// takes.
func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		pos     []string
		format  string
		strict  bool
		n       int
		wantErr bool
	}{
		{args: nil, format: "text"},
		{args: []string{"a", "--format", "json", "b"}, pos: []string{"a", "b"}, format: "json"},
		{args: []string{"-format=json", "a", "-strict", "-n", "3"}, pos: []string{"a"}, format: "json", strict: true, n: 3},
		{args: []string{"--strict=false", "--n=-2", "a"}, pos: []string{"a"}, format: "text", n: -2},
		{args: []string{"--format", "--strict"}, format: "--strict"}, // a value may start with a dash
		{args: []string{"-", "a", "--", "--format", "-n"}, pos: []string{"-", "a", "--format", "-n"}, format: "text"},
		{args: []string{"a", "--format="}, pos: []string{"a"}, format: ""},
		{args: []string{"--n", "x"}, wantErr: true},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		fs := newFlagSet("test", "tuijin test [--format F] [--strict] [--n N] 路径...", &out)
		format := fs.String("format", "text", "")
		strict := fs.Bool("strict", false, "")
		n := fs.Int("n", 0, "")
		pos, err := parseFlags(fs, tt.args)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: err = %v, want error %v", tt.args, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if !slices.Equal(pos, tt.pos) || *format != tt.format || *strict != tt.strict || *n != tt.n {
			t.Errorf("%q: got %q, format %q, strict %v, n %d; want %q, %q, %v, %d",
				tt.args, pos, *format, *strict, *n, tt.pos, tt.format, tt.strict, tt.n)
		}
		if out.Len() != 0 {
			t.Errorf("%q: wrote %q", tt.args, out.String())
		}
	}
}

// A bad value names what the flag takes: for the flag package's own kinds
// in Chinese, else with the error of the flag's Value, which is shown
// rather than dropped.
func TestFlagBadValue(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--count", "-1"}, "参数 --count 的值“-1”无效：应为不小于 0 的整数"},
		{[]string{"--ratio", "half"}, "参数 --ratio 的值“half”无效：应为数字"},
		{[]string{"--wait=soon"}, "参数 --wait 的值“soon”无效：应为时长，例如 300ms、2s、1m"},
		{[]string{"--level", "middle"}, "参数 --level 的值“middle”无效：应为 low 或 high"},
		{[]string{"--color", "red"}, "参数 --color 的值“red”无效：只能是 blue"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		fs := newFlagSet("test", "tuijin test", &out)
		fs.Uint("count", 0, "")
		fs.Float64("ratio", 0, "")
		fs.Duration("wait", 0, "")
		fs.TextVar(new(level), "level", level("low"), "")
		fs.Func("color", "", func(s string) error {
			if s != "blue" {
				return errors.New("只能是 blue")
			}
			return nil
		})
		if _, err := parseFlags(fs, tt.args); err == nil {
			t.Errorf("%q: no error", tt.args)
			continue
		}
		if first, _, _ := strings.Cut(out.String(), "\n"); first != "tuijin test："+tt.want {
			t.Errorf("%q: got %q, want %q", tt.args, first, "tuijin test："+tt.want)
		}
	}
}

// Every flag that a command's FlagSet defines is shown, and only those,
// in the command's own usage line, in `tuijin help` (which repeats that
// line exactly), and in docs/cli.md: in its synopsis and in the command's
// section.
func TestUsageListsEveryFlag(t *testing.T) {
	var help bytes.Buffer
	usage(&help)
	doc, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	docSynopsis := map[string]string{}
	_, block, _ := strings.Cut(string(doc), "```\n")
	block, _, _ = strings.Cut(block, "```")
	for line := range strings.Lines(block) {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "tuijin" {
			docSynopsis[f[1]] = line
		}
	}
	var fs *flag.FlagSet
	testHookFlagSet = func(f *flag.FlagSet) { fs = f }
	defer func() { testHookFlagSet = nil }()
	for name := range commands {
		fs = nil
		var stderr bytes.Buffer
		run(context.Background(), []string{name, "-h"}, &bytes.Buffer{}, &stderr)
		if fs == nil {
			t.Errorf("%s: no FlagSet parsed the arguments", name)
			continue
		}
		var defined []string
		fs.VisitAll(func(f *flag.Flag) { defined = append(defined, dashed(f.Name)) })

		synopsis, _, _ := strings.Cut(stderr.String(), "\n")
		synopsis, ok := strings.CutPrefix(synopsis, "用法：")
		if !ok {
			t.Errorf("%s -h: want the usage, got %q", name, stderr.String())
			continue
		}
		if !strings.Contains(help.String(), "\n  "+synopsis+"\n") {
			t.Errorf("tuijin help does not show %q", synopsis)
		}
		section := docSection(string(doc), name)
		if section == "" {
			t.Errorf("docs/cli.md has no section ## `tuijin %s`", name)
		}
		for where, text := range map[string]string{"usage": synopsis, "docs/cli.md synopsis": docSynopsis[name]} {
			shown := flagsIn(text)
			for _, f := range defined {
				if !slices.Contains(shown, f) {
					t.Errorf("%s: %s %q does not show %s", name, where, text, f)
				}
			}
			for _, f := range shown {
				if !slices.Contains(defined, f) {
					t.Errorf("%s: %s %q shows %s, which is not a flag of the command", name, where, text, f)
				}
			}
		}
		for _, f := range defined {
			if !strings.Contains(section, "`"+f) {
				t.Errorf("docs/cli.md section tuijin %s does not describe %s", name, f)
			}
		}
	}
}

var reFlag = regexp.MustCompile(`(?:^|[\s\[])(--?[a-z][a-z0-9-]*)`)

// flagsIn lists the flags that a usage line shows (-o, --data).
func flagsIn(line string) []string {
	var fl []string
	for _, m := range reFlag.FindAllStringSubmatch(line, -1) {
		fl = append(fl, m[1])
	}
	return fl
}

// docSection is the text of docs/cli.md's section on the command.
func docSection(doc, name string) string {
	_, s, ok := strings.Cut(doc, "\n## `tuijin "+name+"`\n")
	if !ok {
		return ""
	}
	s, _, _ = strings.Cut(s, "\n## ")
	return s
}

// level is a flag value of a kind the flag package does not know.
type level string

func (l level) MarshalText() ([]byte, error) { return []byte(l), nil }

func (l *level) UnmarshalText(b []byte) error {
	if s := string(b); s != "low" && s != "high" {
		return errors.New("应为 low 或 high")
	}
	*l = level(b)
	return nil
}
