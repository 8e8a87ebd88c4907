package model

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		prec    Precision
		str     string
		wantErr string
	}{
		{"2022-12-07", Date{2022, 12, 7}, Day, "2022-12-07", ""},
		{" 2022-12-07 ", Date{2022, 12, 7}, Day, "2022-12-07", ""},
		{"2022-09", Date{2022, 9, 0}, Month, "2022-09", ""},
		{"2022", Date{2022, 0, 0}, Year, "2022", ""},
		{"", Date{}, Unknown, "", ""},
		{"07/12/2022", Date{2022, 12, 7}, Day, "2022-12-07", ""},
		{"9/2022", Date{2022, 9, 0}, Month, "2022-09", ""},
		{"2024-02-29", Date{2024, 2, 29}, Day, "2024-02-29", ""},
		{"2022-13-07", Date{}, Unknown, "", "month 13 does not exist"},
		{"2022-02-30", Date{}, Unknown, "", "February has no day 30"},
		{"2023-02-29", Date{}, Unknown, "", "February has no day 29"},
		{"2022-04-31", Date{}, Unknown, "", "April has no day 31"},
		{"2022-00-07", Date{}, Unknown, "", "a day without a month"},
		{"2022-12-00", Date{2022, 12, 0}, Month, "2022-12", ""}, // a zero day is a blank day
		{"1900-01-01", Date{}, Unknown, "", "year 1900 is out of range (1945–2200)"},
		{"0-0-0", Date{}, Unknown, "", "year 0 is out of range (1945–2200)"},
		{"2022- 12-07", Date{}, Unknown, "", `date "2022- 12-07": want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"2022-12-07-01", Date{}, Unknown, "", `date "2022-12-07-01": want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"mai", Date{}, Unknown, "", `date "mai": want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"2022--07", Date{}, Unknown, "", `date "2022--07": want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"2022-+1-07", Date{}, Unknown, "", `date "2022-+1-07": want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"2022-12-07T10:00:00Z", Date{}, Unknown, "", `date "2022-12-07T10:00:00Z": want YYYY-MM-DD, YYYY-MM or YYYY`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want || got.Precision() != tt.prec || got.String() != tt.str {
			t.Errorf("ParseDate(%q) = %#v (%v, %q), want %#v (%v, %q)", tt.in, got, got.Precision(), got.String(), tt.want, tt.prec, tt.str)
		}
	}
}

func TestDateFormats(t *testing.T) {
	tests := []struct {
		d         Date
		vi, short string
	}{
		{Date{2022, 12, 7}, "ngày 07 tháng 12 năm 2022", "07/12/2022"},
		{Date{2024, 2, 5}, "ngày 05 tháng 02 năm 2024", "05/02/2024"},
		{Date{2022, 9, 0}, "tháng 9 năm 2022", "09/2022"},
		{Date{2022, 0, 0}, "năm 2022", "2022"},
		{Date{}, "không rõ ngày", "?"},
	}
	for _, tt := range tests {
		if got := tt.d.Vietnamese(); got != tt.vi {
			t.Errorf("%v.Vietnamese() = %q, want %q", tt.d, got, tt.vi)
		}
		if got := tt.d.Short(); got != tt.short {
			t.Errorf("%v.Short() = %q, want %q", tt.d, got, tt.short)
		}
	}
}

func TestDateCompareAndStart(t *testing.T) {
	order := []Date{{}, {2021, 0, 0}, {2022, 0, 0}, {2022, 9, 0}, {2022, 9, 1}, {2022, 12, 7}}
	for i := range order {
		for j := range order {
			got := order[i].Compare(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	s := Date{2022, 9, 0}.Start()
	if s.Format(time.RFC3339) != "2022-09-01T00:00:00+07:00" {
		t.Errorf("Start = %s", s.Format(time.RFC3339))
	}
	if !(Date{}).IsZero() || (Date{2022, 0, 0}).IsZero() {
		t.Error("IsZero")
	}
}

func TestDateOfAndParseTime(t *testing.T) {
	// 18:30 UTC on 31 December is already 1 January in Vietnam.
	if got := DateOf(time.Date(2022, 12, 31, 18, 30, 0, 0, time.UTC)); got != (Date{2023, 1, 1}) {
		t.Errorf("DateOf = %v", got)
	}
	tests := []struct{ in, want string }{
		{"2023-01-01T00:00:00+07:00", "2023-01-01T00:00:00+07:00"},
		{"2023-01-01T00:00:00Z", "2023-01-01T07:00:00+07:00"},
		{"2023-01-01T12:00:00", "2023-01-01T12:00:00+07:00"},
		{"2023-01-01 12:00:00", "2023-01-01T12:00:00+07:00"},
		{"2023-01-01 12:00", "2023-01-01T12:00:00+07:00"},
		{"2023-01-01T12:00", "2023-01-01T12:00:00+07:00"},
		{"2023-01-01", "2023-01-01T00:00:00+07:00"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
		}
	}
	for _, bad := range []string{"", "01/01/2023", "2023-01-01 12:00:00 SA", "2023-02-30"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) succeeded", bad)
		}
	}
	if Zone().String() != "ICT" {
		t.Errorf("zone %s", Zone())
	}
}
