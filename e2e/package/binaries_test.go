//go:build e2e

package package_test

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
	"io"
	"path"
	"strings"
	"testing"
)

type platform struct {
	os, arch string
	machine  func(io.ReaderAt) (string, error)
	want     string
}

// The platforms Grafana runs on; the validator wants a binary for each a backend plugin supports.
var platforms = []platform{
	{"linux", "amd64", elfMachine, elf.EM_X86_64.String()},
	{"linux", "arm64", elfMachine, elf.EM_AARCH64.String()},
	{"darwin", "amd64", machoCPU, macho.CpuAmd64.String()},
	{"darwin", "arm64", machoCPU, macho.CpuArm64.String()},
	{"windows", "amd64", peMachine, fmt.Sprint(pe.IMAGE_FILE_MACHINE_AMD64)},
}

// packagedPlatforms are the platforms the archive is for: every one above, or the one a
// platform-specific archive (<id>-<version>.<os>_<arch>.zip) names.
func packagedPlatforms(t *testing.T, a *archive) []platform {
	t.Helper()
	if a.os == "" {
		return platforms
	}
	for _, p := range platforms {
		if p.os == a.os && p.arch == a.arch {
			return []platform{p}
		}
	}
	t.Fatalf("the archive is for %s/%s, not a platform Grafana's validator knows", a.os, a.arch)
	return nil
}

func TestBackendBinariesForEveryPlatform(t *testing.T) {
	a := openArchive(t)
	for _, dir := range a.pluginDirs() {
		m := a.manifest(t, dir)
		if !m.Backend {
			continue
		}
		if m.Executable == "" {
			t.Fatalf("%s is a backend plugin without an executable", m.ID)
		}
		for _, p := range packagedPlatforms(t, a) {
			name := binaryName(dir, m.Executable, p.os, p.arch)
			t.Run(name, func(t *testing.T) {
				f, ok := a.files[name]
				if !ok {
					t.Fatalf("%s is missing", name)
				}
				if p.os != "windows" && f.Mode().Perm()&0o111 != 0o111 {
					t.Errorf("%s is not executable by everyone: mode %s", name, f.Mode())
				}
				got, err := p.machine(bytes.NewReader(a.read(t, name)))
				if err != nil {
					t.Fatalf("%s is not a %s executable: %v", name, p.os, err)
				}
				if got != p.want {
					t.Errorf("%s is built for %s, want %s", name, got, p.want)
				}
			})
		}
	}
}

// A platform-specific archive holds its own platform's binary and no other.
func TestPlatformArchiveHoldsOnlyItsPlatform(t *testing.T) {
	a := openArchive(t)
	if a.os == "" {
		t.Skip("the archive is for every platform")
	}
	for _, dir := range a.pluginDirs() {
		m := a.manifest(t, dir)
		if !m.Backend {
			continue
		}
		own := binaryName(dir, m.Executable, a.os, a.arch)
		for name := range a.files {
			if path.Dir(name) == dir && strings.HasPrefix(path.Base(name), m.Executable+"_") && name != own {
				t.Errorf("%s is in the archive for %s/%s", name, a.os, a.arch)
			}
		}
	}
}

func binaryName(dir, executable, os, arch string) string {
	name := path.Join(dir, fmt.Sprintf("%s_%s_%s", executable, os, arch))
	if os == "windows" {
		name += ".exe"
	}
	return name
}

func elfMachine(r io.ReaderAt) (string, error) {
	f, err := elf.NewFile(r)
	if err != nil {
		return "", err
	}
	return f.Machine.String(), nil
}

func machoCPU(r io.ReaderAt) (string, error) {
	f, err := macho.NewFile(r)
	if err != nil {
		return "", err
	}
	return f.Cpu.String(), nil
}

func peMachine(r io.ReaderAt) (string, error) {
	f, err := pe.NewFile(r)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(f.Machine), nil
}
