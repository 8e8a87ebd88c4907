package synth

// words is the vocabulary of the synthetic bodies: everyday words of
// Vietnamese administrative directives, without digits, so the citation
// finder only ever sees the citations the generator puts in on purpose.
var words = []string{
	"các", "cấp", "ngành", "địa", "phương", "cơ", "quan", "đơn", "vị", "liên", "quan", "tiếp", "tục", "quán", "triệt",
	"triển", "khai", "thực", "hiện", "nghiêm", "túc", "hiệu", "quả", "nhiệm", "vụ", "giải", "pháp", "trọng", "tâm",
	"chỉ", "đạo", "điều", "hành", "kinh", "tế", "xã", "hội", "bảo", "đảm", "an", "ninh", "trật", "tự", "an", "toàn",
	"phòng", "chống", "thiên", "tai", "dịch", "bệnh", "tăng", "cường", "kiểm", "tra", "đôn", "đốc", "giám", "sát",
	"rà", "soát", "kiện", "toàn", "nâng", "cao", "năng", "lực", "cán", "bộ", "công", "chức", "viên", "chức",
	"người", "dân", "doanh", "nghiệp", "hợp", "tác", "đầu", "tư", "công", "trình", "dự", "án", "kế", "hoạch",
	"ngân", "sách", "nhà", "nước", "thu", "chi", "tiết", "kiệm", "chống", "lãng", "phí", "tham", "nhũng", "tiêu",
	"cực", "cải", "cách", "hành", "chính", "chuyển", "đổi", "số", "chính", "quyền", "điện", "tử", "dịch", "vụ",
	"trực", "tuyến", "thủ", "tục", "hồ", "sơ", "giáo", "dục", "đào", "tạo", "y", "tế", "cơ", "sở", "tiêm", "chủng",
	"vắc", "xin", "môi", "trường", "tài", "nguyên", "đất", "đai", "khoáng", "sản", "nông", "nghiệp", "nông", "thôn",
	"mới", "giảm", "nghèo", "bền", "vững", "an", "sinh", "lao", "động", "việc", "làm", "giao", "thông", "vận", "tải",
	"xây", "dựng", "quy", "hoạch", "đô", "thị", "văn", "hóa", "thể", "thao", "du", "lịch", "thông", "tin", "truyền",
	"thông", "báo", "chí", "tuyên", "truyền", "vận", "động", "Nhân", "dân", "mặt", "trận", "đoàn", "thể", "khẩn",
	"trương", "kịp", "thời", "đầy", "đủ", "chặt", "chẽ", "đồng", "bộ", "thống", "nhất", "phối", "hợp", "chủ", "trì",
	"tham", "mưu", "đề", "xuất", "báo", "cáo", "kết", "quả", "trước", "ngày", "quy", "định", "hướng", "dẫn", "theo",
	"thẩm", "quyền", "trách", "nhiệm", "người", "đứng", "đầu", "không", "để", "xảy", "ra", "tình", "trạng", "chậm",
	"trễ", "vướng", "mắc", "khó", "khăn", "phát", "sinh", "tổng", "hợp", "xử", "lý", "dứt", "điểm", "mục", "tiêu",
	"chỉ", "tiêu", "tỉ", "lệ", "tiến", "độ", "chất", "lượng", "phục", "hồi", "phát", "triển", "tăng", "trưởng",
	"xuất", "khẩu", "thị", "trường", "giá", "cả", "hàng", "hóa", "lương", "thực", "thực", "phẩm", "vệ", "sinh",
	"nguồn", "nước", "sạch", "rừng", "biên", "giới", "quốc", "phòng", "quân", "sự", "công", "an", "tỉnh", "huyện",
	"xã", "thôn", "bản", "khu", "dân", "cư", "trường", "học", "bệnh", "viện", "trạm", "sở", "ban", "ngành",
}

// openers start a numbered item of the body.
var openers = []string{
	"Sở Y tế chủ trì, phối hợp với các cơ quan liên quan",
	"Sở Tài chính tham mưu bố trí kinh phí",
	"Sở Kế hoạch và Đầu tư tổng hợp, báo cáo",
	"Công an tỉnh chủ trì, phối hợp với các sở, ngành",
	"Sở Giáo dục và Đào tạo hướng dẫn các trường học",
	"Sở Nông nghiệp và Môi trường theo dõi chặt chẽ",
	"Sở Xây dựng rà soát các công trình",
	"Ủy ban nhân dân các xã, phường chủ động",
	"Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể",
	"Văn phòng Ủy ban nhân dân theo dõi, đôn đốc",
	"Các bộ, ngành Trung ương theo chức năng, nhiệm vụ",
	"Sở Văn hóa, Thể thao và Du lịch chỉ đạo",
}

// topics are the topic names directives carry.
var topics = []string{
	"Phòng, chống dịch bệnh", "Tiêm chủng vắc xin", "Cải cách hành chính", "Chuyển đổi số",
	"Phòng, chống thiên tai", "Giảm nghèo bền vững", "Xây dựng nông thôn mới", "Đầu tư công",
	"An toàn giao thông", "Bảo vệ môi trường", "Phát triển du lịch", "Giáo dục và đào tạo",
	"Quản lý đất đai", "Phòng, chống tham nhũng", "An sinh xã hội", "Sắp xếp đơn vị hành chính",
}

// signers are signature blocks, one picked per directive.
var signers = [][3]string{
	{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"},
	{"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"},
	{"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Minh Cường"},
	{"TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Quốc Dũng"},
	{"Q. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Thu Hà"},
}
