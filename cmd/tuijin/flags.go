package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// newFlagSet returns the FlagSet of the subcommand name ("build"): errors
// and usage go to stderr, in Chinese, through parseFlags; synopsis is the
// command line the usage starts with ("tuijin build [--data DIR] …"), which
// must show every flag (TestUsageListsEveryFlag).
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "用法："+synopsis)
		printFlags(fs, synopsis)
	}
	return fs
}

// testHookFlagSet, when set, is given each command's FlagSet as its
// arguments are parsed, so that tests can compare the flags it defines with
// the usage texts.
var testHookFlagSet func(*flag.FlagSet)

// parseFlags parses flags that may stand before, between or after the
// positional arguments ("validate data/ledgers/2024-03 --format json"), as
// clerks type them; "--" ends the flags, and "-" alone is an argument.
//
// It reads the arguments as [flag.FlagSet.Parse] does (-name, --name,
// -name=value, -name value; a boolean flag takes no separate value) and
// sets each flag with fs.Set, rather than calling fs.Parse, whose errors
// are English text of no distinct type: here every mistake is known by its
// kind and told in Chinese, naming the flag, followed by the command's
// usage:
//
//	tuijin build：未知参数 --bogus
//	tuijin validate：参数 --format 需要一个值
//	tuijin sample：参数 --units 的值“abc”无效：应为整数
//
// -h, -help, --help print the usage and give [flag.ErrHelp]. On any error
// the message and usage are already written to fs.Output().
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if testHookFlagSet != nil {
		testHookFlagSet(fs)
	}
	var pos []string
	for len(args) > 0 {
		s := args[0]
		args = args[1:]
		if s == "--" {
			return append(pos, args...), nil
		}
		if len(s) < 2 || s[0] != '-' {
			pos = append(pos, s)
			continue
		}
		dashes := "-"
		if s[1] == '-' {
			dashes = "--"
		}
		name, value, hasValue := strings.Cut(s[len(dashes):], "=")
		if name == "" || name[0] == '-' {
			return nil, flagFailed(fs, fmt.Sprintf("无法识别的参数写法 %s；参数应写成 --名称 或 --名称=值", s))
		}
		shown := dashes + name // as the user typed it
		f := fs.Lookup(name)
		if f == nil {
			if name == "h" || name == "help" {
				fs.Usage()
				return nil, flag.ErrHelp
			}
			return nil, flagFailed(fs, "未知参数 "+shown)
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if len(args) == 0 {
				return nil, flagFailed(fs, fmt.Sprintf("参数 %s 需要一个值", shown))
			}
			value, args = args[0], args[1:]
		}
		if err := fs.Set(name, value); err != nil {
			return nil, flagFailed(fs, fmt.Sprintf("参数 %s 的值“%s”无效：%s", shown, value, badValue(f, value, err)))
		}
	}
	return pos, nil
}

// flagFailed writes "tuijin NAME：msg" and the usage, and returns msg as
// the error.
func flagFailed(fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(fs.Output(), "tuijin %s：%s\n", fs.Name(), msg)
	fs.Usage()
	return errors.New(msg)
}

// badValue says what the flag f expects, as value could not be set: the
// kind of value for the flag package's own types, whose errors are in
// English ("parse error"), else err as the flag's Value gave it.
func badValue(f *flag.Flag, value string, err error) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return err.Error()
	}
	switch g.Get().(type) {
	case bool:
		return "应为 true 或 false"
	case int, int64:
		if _, e := strconv.ParseInt(value, 0, 64); errors.Is(e, strconv.ErrRange) {
			return "数值超出范围"
		}
		return "应为整数"
	case uint, uint64:
		if _, e := strconv.ParseUint(value, 0, 64); errors.Is(e, strconv.ErrRange) {
			return "数值超出范围"
		}
		return "应为不小于 0 的整数"
	case float64:
		return "应为数字"
	case time.Duration:
		return "应为时长，例如 300ms、2s、1m"
	}
	return err.Error()
}

// printFlags lists fs's flags for the usage, in Chinese, as
// [flag.FlagSet.PrintDefaults] does in English: the flag as it is typed
// (-o, --data) with its value as the synopsis writes it (DIR), its meaning,
// and its default unless that is the zero value.
func printFlags(fs *flag.FlagSet, synopsis string) {
	words := strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(synopsis))
	w := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  " + dashed(f.Name)
		if kind != "" { // not a boolean flag
			if k, ok := argKinds[kind]; ok {
				kind = k
			}
			for i, word := range words[:max(len(words)-1, 0)] {
				if word == dashed(f.Name) && !strings.HasPrefix(words[i+1], "-") {
					kind = words[i+1]
					break
				}
			}
			line += " " + kind
		}
		fmt.Fprintln(w, line)
		switch f.DefValue {
		case "", "0", "false":
		default:
			if g, ok := f.Value.(flag.Getter); ok && isString(g.Get()) {
				usage += "（默认为“" + f.DefValue + "”）"
			} else {
				usage += "（默认为 " + f.DefValue + "）"
			}
		}
		fmt.Fprintln(w, "      "+usage)
	})
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// argKinds name, in Chinese, the kinds of value flag.UnquoteUsage names,
// for a flag the synopsis shows without its value.
var argKinds = map[string]string{
	"string":   "文本",
	"int":      "整数",
	"uint":     "整数",
	"float":    "数字",
	"duration": "时长",
	"value":    "值",
}

// dashed is how the usage texts write a flag: -o for a one-letter name,
// --name otherwise.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
