package awsclients

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestListsKeepAListForItsTTLUnlessAskedFresh(t *testing.T) {
	lists := NewLists[int](50 * time.Millisecond)
	calls := 0
	count := func(context.Context, string) (int, error) { calls++; return calls, nil }
	failing := func(context.Context, string) (int, error) { calls++; return 0, errors.New("denied") }
	steps := []struct {
		name   string
		region string
		fresh  bool
		list   func(context.Context, string) (int, error)
		sleep  time.Duration
		want   int
		err    bool
		calls  int
	}{
		{"first read lists", "us-east-1", false, count, 0, 1, false, 1},
		{"within the TTL it is kept", "us-east-1", false, count, 0, 1, false, 1},
		{"another region lists its own", "eu-west-1", false, count, 0, 2, false, 2},
		{"fresh lists again", "us-east-1", true, count, 0, 3, false, 3},
		{"a failed list is not kept", "us-east-1", true, failing, 0, 0, true, 4},
		{"the last good list is still kept", "us-east-1", false, count, 0, 3, false, 4},
		{"after the TTL it lists again", "us-east-1", false, count, 60 * time.Millisecond, 5, false, 5},
	}
	for _, s := range steps {
		time.Sleep(s.sleep)
		got, err := lists.Get(context.Background(), s.region, s.fresh, s.list)
		if got != s.want || (err != nil) != s.err || calls != s.calls {
			t.Fatalf("%s: got %d, error %v, %d calls; want %d, error %v, %d calls", s.name, got, err, calls, s.want, s.err, s.calls)
		}
	}
}

func TestPaginateFollowsTokensAndStopsOnARepeatedOne(t *testing.T) {
	tests := []struct {
		name    string
		pages   []string
		want    []string
		wantErr error
	}{
		{"one page", []string{""}, []string{""}, nil},
		{"three pages", []string{"a", "b", ""}, []string{"", "a", "b"}, nil},
		{"a token handed back twice", []string{"a", "a"}, []string{"", "a"}, ErrRepeatedToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var token *string
			var asked []string
			err := Paginate(&token, func() (*string, error) {
				asked = append(asked, aws.ToString(token))
				return aws.String(tt.pages[len(asked)-1]), nil
			})
			if !errors.Is(err, tt.wantErr) || len(asked) != len(tt.want) {
				t.Fatalf("error %v, asked with tokens %q; want error %v, tokens %q", err, asked, tt.wantErr, tt.want)
			}
			for i := range asked {
				if asked[i] != tt.want[i] {
					t.Fatalf("asked with tokens %q, want %q", asked, tt.want)
				}
			}
		})
	}
}
