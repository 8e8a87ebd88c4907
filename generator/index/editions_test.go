package index

import (
	"testing"

	"vanban/generator/model"
)

// editions joins single-edition test directives into one with editions 1..n.
func editions(ds ...*model.Directive) *model.Directive {
	out := &model.Directive{}
	for i, d := range ds {
		ed := d.Editions[0]
		ed.Edition.Number = i + 1
		out.Editions = append(out.Editions, ed)
	}
	return out
}

func TestEditionsDraftAndIdentity(t *testing.T) {
	tests := []struct {
		name        string
		dir         *model.Directive
		drafts      bool
		wantID      string
		wantEdition int // current edition shown
		wantNumbers []string
	}{
		{
			name: "a draft new edition keeps the published one online",
			dir: editions(
				doc("a/1.md", "number=4/TB-VD", "province=lai-chau", "date=2023-03-01"),
				doc("a/2.md", "number=4/TB-VD", "province=lai-chau", "date=2023-03-01", "draft=true"),
			),
			wantID: "lai-chau/2023/4-tb-vd", wantEdition: 1, wantNumbers: []string{"4/TB-VD"},
		},
		{
			name: "preview shows the draft edition",
			dir: editions(
				doc("a/1.md", "number=4/TB-VD", "province=lai-chau", "date=2023-03-01"),
				doc("a/2.md", "number=4/TB-VD", "province=lai-chau", "date=2023-03-01", "draft=true"),
			),
			drafts: true, wantID: "lai-chau/2023/4-tb-vd", wantEdition: 2, wantNumbers: []string{"4/TB-VD"},
		},
		{
			name: "a corrected number keeps the first edition's permalink and both numbers resolve",
			dir: editions(
				doc("b/1.md", "number=4/TB-VD", "province=lai-chau", "date=2023-03-01"),
				doc("b/2.md", "number=5/TB-VD", "province=lai-chau", "date=2023-03-01"),
			),
			wantID: "lai-chau/2023/4-tb-vd", wantEdition: 2, wantNumbers: []string{"4/TB-VD", "5/TB-VD"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, _ := build(t, Options{Drafts: tt.drafts}, tt.dir)
			if len(ix.Entries()) != 1 {
				t.Fatalf("entries = %d, want 1", len(ix.Entries()))
			}
			e := ix.Entries()[0]
			if e.ID != tt.wantID || e.Doc.Edition.Number != tt.wantEdition {
				t.Errorf("got %s edition %d, want %s edition %d", e.ID, e.Doc.Edition.Number, tt.wantID, tt.wantEdition)
			}
			for _, n := range tt.wantNumbers {
				num, _ := model.ParseNumber(n)
				if got := ix.ByNumber(num); len(got) != 1 || got[0] != e {
					t.Errorf("ByNumber(%s) = %v, want the directive", n, got)
				}
			}
		})
	}
}
