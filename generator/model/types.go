package model

// DocType is a kind of official document with the code its symbol carries
// (Nghị định 30/2020/NĐ-CP, Phụ lục III; Party and QPPL codes added).
type DocType struct {
	Slug string // URL and front matter key: "cong-van"
	Name string // "Công văn"
	Code string // code in the symbol: "TB" in 364/TB-VPCP; "" for công văn
}

// docTypes is the fixed registry; order is the order listings show.
var docTypes = [...]DocType{
	{"cong-van", "Công văn", ""},
	{"thong-bao", "Thông báo", "TB"},
	{"chi-thi", "Chỉ thị", "CT"},
	{"quyet-dinh", "Quyết định", "QĐ"},
	{"ke-hoach", "Kế hoạch", "KH"},
	{"cong-dien", "Công điện", "CĐ"},
	{"nghi-quyet", "Nghị quyết", "NQ"},
	{"ket-luan", "Kết luận", "KL"},
	{"nghi-dinh", "Nghị định", "NĐ"},
	{"thong-tu", "Thông tư", "TT"},
	{"thong-tu-lien-tich", "Thông tư liên tịch", "TTLT"},
	{"luat", "Luật", ""},
	{"quy-che", "Quy chế", "QC"},
	{"quy-dinh", "Quy định", "QyĐ"},
	{"thong-cao", "Thông cáo", "TC"},
	{"huong-dan", "Hướng dẫn", "HD"},
	{"chuong-trinh", "Chương trình", "CTr"},
	{"phuong-an", "Phương án", "PA"},
	{"de-an", "Đề án", "ĐA"},
	{"du-an", "Dự án", "DA"},
	{"bao-cao", "Báo cáo", "BC"},
	{"bien-ban", "Biên bản", "BB"},
	{"to-trinh", "Tờ trình", "TTr"},
	{"hop-dong", "Hợp đồng", "HĐ"},
	{"giay-moi", "Giấy mời", "GM"},
	{"van-ban", "Văn bản", ""}, // kind not known
}

// DocTypes returns every known document type in display order.
func DocTypes() []DocType { return docTypes[:] }

// TypeBySlug finds a type by its slug.
func TypeBySlug(slug string) (DocType, bool) {
	for _, t := range docTypes {
		if t.Slug == slug {
			return t, true
		}
	}
	return DocType{}, false
}

// TypeByCode finds a type by the code its symbol carries ("TB", "CĐ"). Codes
// are case-sensitive: HD (hướng dẫn) and HĐ (hợp đồng) differ.
func TypeByCode(code string) (DocType, bool) {
	for _, t := range docTypes {
		if t.Code != "" && t.Code == code {
			return t, true
		}
	}
	return DocType{}, false
}

// Authority prefixes a signature block may carry (Nghị định 30/2020/NĐ-CP,
// Điều 13).
var authorityPrefixes = [...]string{"TM.", "KT.", "Q.", "TL.", "TUQ."}

// AuthorityPrefixes returns the allowed signature prefixes.
func AuthorityPrefixes() []string { return authorityPrefixes[:] }
