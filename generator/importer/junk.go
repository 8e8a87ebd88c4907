package importer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"vanban/generator/model"
)

// Span is a range of input lines the importer left out, and why.
type Span struct {
	From, To int    // 1-based input lines, inclusive
	Why      string // "portal header", "related news", …
}

// junkLine matches whole lines that are portal furniture wherever they
// appear (menus, counters, app badges, loading notices).
var junkLine = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^trang chủ(\s|$)`),
	regexp.MustCompile(`(?i)^\d[\d.,]* (người|khách) (đang )?(online|trực tuyến)$`),
	regexp.MustCompile(`(?i)^(đang|lượt) (truy cập|xem)\b.*\d$`),
	regexp.MustCompile(`^ChungnhanTinNhiemMang$`),
	regexp.MustCompile(`(?i)^download on the$|^app store$|^get it on$|^google play$`),
	regexp.MustCompile(`^Đang tải văn bản\.\.\.$`),
	regexp.MustCompile(`(?i)^chia sẻ( bài viết)?:?$|^in bài( viết)?$|^gửi email$|^facebook$|^zalo$|^twitter$`),
	regexp.MustCompile(`(?i)^(bạn đã không sử dụng site|click để đánh giá|mã bảo mật)\b`),
}

// footerStart matches whole lines after which a portal page has nothing of
// the document any more.
var footerStart = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(tin liên quan|tin cùng chuyên mục|các tin khác|tin khác|tin mới|tin đã đưa|bài viết liên quan|xem thêm các tin)\s*:?$`),
	regexp.MustCompile(`(?i)^(bình luận|ý kiến bạn đọc|viết bình luận|gửi bình luận|hiện tại chưa có bình luận)\s*:?$`),
	regexp.MustCompile(`(?i)^tổng số điểm của bài viết là`),
	regexp.MustCompile(`(?i)^(những tin mới hơn|những tin cũ hơn|liên kết website)$`),
	regexp.MustCompile(`(?i)^bạn đã không sử dụng site`),
	regexp.MustCompile(`(?i)^\d[\d.,]* người online$`),
	// ThuVienPhapLuat: the page title repeated under the document, the
	// "related documents" box, the comparison help and the site footer.
	regexp.MustCompile(`^Văn bản này chưa cập nhật nội dung Tiếng Anh$`),
	regexp.MustCompile(`^#* *Văn bản liên quan$`),
	regexp.MustCompile(`^NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN$`),
	regexp.MustCompile(`^(FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN|FILE ATTACHED TO DOCUMENT)$`),
}

// tvplTitle is ThuVienPhapLuat's own one-line title of the document, printed
// just before its footer ("Công văn 4240/UBND-VX năm 2025 … ban hành").
var tvplTitle = regexp.MustCompile(`^(Công văn|Quyết định|Chỉ thị|Kế hoạch|Nghị quyết|Thông báo|Công điện|Thông tư|Nghị định|Luật|Kết luận|Hướng dẫn|Văn bản|Báo cáo|Tờ trình|Chương trình|Quy định)( hợp nhất)? \S+ .*(ban hành|điện|Tiếng Anh)$`)

var (
	rePubNgayDang = regexp.MustCompile(`(?i)\(?\s*Ngày đăng\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(SA|CH|AM|PM)?)?\s*\)?`)
	rePubWeekday  = regexp.MustCompile(`^(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật)\s*[,-]\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*[,-]?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?'?\s*(SA|CH|AM|PM)?\s*(\[GMT\+7\])?$`)
)

// published reads a portal's publication stamp from one line.
// "12:00:00 SA" is midnight and "CH" is afternoon in vi-VN.
func published(p string) (time.Time, bool) {
	var d, mo, y, h, mi, s int
	var ampm string
	if m := rePubNgayDang.FindStringSubmatch(p); m != nil {
		d, mo, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
		h, mi, s, ampm = atoi(m[4]), atoi(m[5]), atoi(m[6]), m[7]
	} else if m := rePubWeekday.FindStringSubmatch(p); m != nil {
		d, mo, y = atoi(m[3]), atoi(m[4]), atoi(m[5])
		h, mi, s, ampm = atoi(m[6]), atoi(m[7]), atoi(m[8]), m[9]
	} else {
		return time.Time{}, false
	}
	switch strings.ToUpper(ampm) {
	case "SA", "AM":
		if h == 12 {
			h = 0
		}
	case "CH", "PM":
		if h < 12 {
			h += 12
		}
	}
	if (model.Date{Year: y, Month: mo, Day: d}).Validate() != nil || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, model.Zone()), true
}

func atoi(s string) int {
	v, _ := strconv.Atoi(s)
	return v
}

// isQuocHieu reports whether a line carries the national motto heading of an
// official document (or the Party's).
func isQuocHieu(p string) bool {
	k := key(p)
	return strings.Contains(k, "cong hoa xa hoi") || strings.Contains(k, "dang cong san viet nam")
}

// strip removes portal furniture. It returns the kept lines, the spans it
// left out, the publication time when the page shows one, and the index (in
// the kept lines) where the document's header starts, or -1 for a page with
// no document header (a news report).
func strip(lines []line) (kept []line, spans []Span, pub time.Time, start int) {
	addSpan := func(a, b int, why string) {
		if a > b {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Why == why && spans[n-1].To+1 >= a {
			spans[n-1].To = b
			return
		}
		spans = append(spans, Span{From: a, To: b, Why: why})
	}
	// 1. Furniture lines and publication stamps.
	for _, l := range lines {
		if t, ok := published(l.plain); ok && len(l.plain) < 60 {
			if pub.IsZero() {
				pub = t
			}
			addSpan(l.n, l.n, "publication stamp")
			continue
		}
		if matchAny(junkLine, l.plain) {
			addSpan(l.n, l.n, "portal furniture")
			continue
		}
		kept = append(kept, l)
	}
	// 2. Header: the document starts at its issuer lines, just above the
	// national motto; everything before is the portal's.
	start = -1
	for i, l := range kept {
		if i > 400 {
			break
		}
		if isQuocHieu(l.plain) && hasNumberSoon(kept, i) {
			start = i
			break
		}
	}
	if start >= 0 {
		upper := 0
		for j := start - 1; j >= 0; j-- {
			p := kept[j].plain
			if p == "" {
				continue
			}
			if strings.HasPrefix(p, "Số") && reSo.MatchString(p) {
				start = j // a table printed the number in the left column
				continue
			}
			if !isUpperLine(p) || upper == 4 || strings.HasSuffix(p, ":") {
				break
			}
			upper++
			start = j
		}
		for start > 0 && kept[start-1].plain == "" {
			start--
		}
		if start > 0 {
			why := "portal header"
			if hasTVPL(kept[:start]) {
				why = "ThuVienPhapLuat header (metadata table, summary)"
			}
			addSpan(kept[0].n, kept[start-1].n, why)
			kept = kept[start:]
		}
	}
	// 3. Footer: cut at the first footer line after the document's start
	// (and at a ThuVienPhapLuat title line right above it).
	from := 0
	if start < 0 {
		from = 1 // a news page: never its title line
	}
	end := len(kept)
	for i := from; i < len(kept); i++ {
		if matchAny(footerStart, kept[i].plain) {
			end = i
			for end > 0 && (kept[end-1].plain == "" || tvplTitle.MatchString(kept[end-1].plain)) {
				end--
			}
			break
		}
	}
	if end < len(kept) {
		addSpan(kept[end].n, kept[len(kept)-1].n, "portal footer")
		kept = kept[:end]
	}
	if start > 0 {
		start = 0
	}
	sortSpans(spans)
	return kept, spans, pub, start
}

func sortSpans(s []Span) {
	slices.SortStableFunc(s, func(a, b Span) int { return a.From - b.From })
}

// hasNumberSoon reports whether a "Số:" or a place-and-date line follows the
// motto closely, so that a motto quoted in running text is not taken for a
// header.
func hasNumberSoon(lines []line, i int) bool {
	for j := i; j < len(lines) && j < i+16; j++ {
		if reSo.MatchString(lines[j].plain) || rePlaceDate.MatchString(lines[j].plain) {
			return true
		}
	}
	return false
}

func hasTVPL(lines []line) bool {
	for _, l := range lines {
		if strings.Contains(l.plain, "THƯ VIỆN PHÁP LUẬT") || strings.Contains(l.plain, "Số hiệu:") {
			return true
		}
	}
	return false
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
