//go:build e2e

package main

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"sync"
	"time"
)

// alerting is an in-memory stand-in for Grafana's folders and alert rules, answering their HTTP
// APIs' shapes (routed by server.apiRoutes). It stores and lists; it does not evaluate rules, so
// every rule stays inactive.
type alerting struct {
	mu      sync.Mutex
	now     func() time.Time
	folders []*folder
	rules   []*storedRule
	// Folders and rules are numbered apart, as Grafana's tables are.
	lastFolderID, lastRuleID int64
}

func newAlerting() *alerting { return &alerting{now: time.Now} }

// nextID advances a table's id counter; the caller holds mu.
func nextID(last *int64) int64 {
	*last++
	return *last
}

// folderByUID is the stored folder, or nil; the caller holds mu.
func (a *alerting) folderByUID(uid string) *folder {
	for _, f := range a.folders {
		if f.UID == uid {
			return f
		}
	}
	return nil
}

// uidPattern is what Grafana accepts as a uid (pkg/util.ValidateUID).
var uidPattern = regexp.MustCompile(`^[a-zA-Z0-9\-_]*$`)

func validateUID(uid string) error {
	if len(uid) > 40 {
		return fmt.Errorf("uid too long, max 40 characters")
	}
	if !uidPattern.MatchString(uid) {
		return fmt.Errorf("uid contains illegal characters")
	}
	return nil
}

// shortUID makes a uid the way Grafana's util.GenerateShortUID does: 14 characters.
func shortUID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 14)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
