package budget

import (
	"encoding/json"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// FrameBytes estimates what frames weigh once sent: every value (8 bytes a number or time, its
// length a string) plus their metadata (names, labels, field configs, frame meta), which it also
// returns alone.
func FrameBytes(frames data.Frames) (bytes, metadata int64) {
	for _, f := range frames {
		if f == nil {
			continue
		}
		metadata += int64(len(f.Name) + len(f.RefID))
		if f.Meta != nil {
			if b, err := json.Marshal(f.Meta); err == nil {
				metadata += int64(len(b))
			}
		}
		for _, field := range f.Fields {
			metadata += int64(len(field.Name))
			for k, v := range field.Labels {
				metadata += int64(len(k) + len(v))
			}
			if field.Config != nil {
				if b, err := json.Marshal(field.Config); err == nil {
					metadata += int64(len(b))
				}
			}
			bytes += valueBytes(field)
		}
	}
	return bytes + metadata, metadata
}

func valueBytes(field *data.Field) int64 {
	n := field.Len()
	switch field.Type() {
	case data.FieldTypeString, data.FieldTypeNullableString:
		var total int64
		for i := range n {
			if s, ok := field.ConcreteAt(i); ok {
				total += int64(len(s.(string)))
			}
		}
		return total + int64(n)
	case data.FieldTypeJSON, data.FieldTypeNullableJSON:
		var total int64
		for i := range n {
			if v, ok := field.ConcreteAt(i); ok {
				total += int64(len(v.(json.RawMessage)))
			}
		}
		return total + int64(n)
	}
	return int64(n) * 8
}
