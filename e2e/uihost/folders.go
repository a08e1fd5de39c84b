//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// folder is Grafana's folder DTO (pkg/api/dtos.Folder), as GET and POST /api/folders answer it.
type folder struct {
	ID        int64     `json:"id"`
	UID       string    `json:"uid"`
	OrgID     int64     `json:"orgId"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	HasACL    bool      `json:"hasAcl"`
	CanSave   bool      `json:"canSave"`
	CanEdit   bool      `json:"canEdit"`
	CanAdmin  bool      `json:"canAdmin"`
	CanDelete bool      `json:"canDelete"`
	CreatedBy string    `json:"createdBy"`
	Created   time.Time `json:"created"`
	UpdatedBy string    `json:"updatedBy"`
	Updated   time.Time `json:"updated"`
	Version   int       `json:"version"`
}

// folderSearchHit is one element of GET /api/folders.
type folderSearchHit struct {
	ID    int64  `json:"id"`
	UID   string `json:"uid"`
	Title string `json:"title"`
}

// Grafana's folder errors (pkg/api/apierrors.ToFolderErrorResponse). Since folders moved to the
// app platform, a POST with a uid that exists answers 412 with the version-mismatch text, not 409.
var (
	folderNotFound = map[string]string{"status": "not-found", "message": "folder not found"}
	folderExists   = map[string]string{"status": "version-mismatch", "message": "the folder has been changed by someone else"}
)

func (a *alerting) listFolders(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	hits := make([]folderSearchHit, 0, len(a.folders))
	for _, f := range a.folders {
		hits = append(hits, folderSearchHit{ID: f.ID, UID: f.UID, Title: f.Title})
	}
	a.mu.Unlock()
	slices.SortFunc(hits, func(x, y folderSearchHit) int { return strings.Compare(x.Title, y.Title) })
	writeJSON(w, http.StatusOK, hits)
}

func (a *alerting) getFolder(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.folderByUID(r.PathValue("uid"))
	if f == nil {
		writeJSON(w, http.StatusNotFound, folderNotFound)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (a *alerting) createFolder(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UID   string `json:"uid"`
		Title string `json:"title"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, message("bad request data"))
		return
	}
	if strings.TrimSpace(body.Title) == "" {
		writeJSON(w, http.StatusBadRequest, message("folder title cannot be empty"))
		return
	}
	if err := validateUID(body.UID); err != nil {
		writeJSON(w, http.StatusBadRequest, message("invalid uid for folder provided"))
		return
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if body.UID == "" {
		body.UID = shortUID()
	}
	if a.folderByUID(body.UID) != nil {
		writeJSON(w, http.StatusPreconditionFailed, folderExists)
		return
	}
	now := a.now().UTC()
	f := &folder{
		ID: nextID(&a.lastFolderID), UID: body.UID, OrgID: 1, Title: body.Title, URL: "/dashboards/f/" + body.UID + "/" + slugify(body.Title),
		CanSave: true, CanEdit: true, CanAdmin: true, CanDelete: true,
		CreatedBy: "admin", Created: now, UpdatedBy: "admin", Updated: now, Version: 1,
	}
	a.folders = append(a.folders, f)
	writeJSON(w, http.StatusOK, f)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugify makes the URL slug Grafana derives from a title.
func slugify(title string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
}
