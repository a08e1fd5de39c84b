//go:build e2e && linux

package pluginhost

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill the plugin when the process that started it dies, even by
// SIGKILL, when no deferred Kill runs: a test host must never leave a plugin behind.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
