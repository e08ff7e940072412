"""The delegations of the demo world (domain.md §7).

From 1/1 to 30/6/2017 exactly 29 outbound delegations to 12 countries and territories and 32 inbound
from 9, as the article reports; most of them with Guangxi (China), Lạng Sơn's neighbour across the
border. A few delegations before and after that half-year, one cancelled in it (not counted), and some
post-trip reports still missing. Every name of a person here is invented.
"""

from __future__ import annotations

import datetime as dt

from . import services
from .models import Delegation, Direction, Purpose, Status

P = Purpose
D = dt.date
OUT, IN = Direction.OUTBOUND, Direction.INBOUND
# status markers: R reported, M returned with the report missing, C cancelled
R, M, C = "reported", "missing", "cancelled"

# (direction, name, unit, head, head title, members, countries, partners, purposes, start, days, state)
DELEGATIONS = [
    # --- 1/1-30/6/2017, outbound: 29 delegations, 12 countries and territories -------------------
    (OUT, "Đoàn Sở Ngoại vụ hội đàm với Văn phòng Ngoại vụ Khu tự trị dân tộc Choang Quảng Tây",
     "Sở Ngoại vụ", "Hà Thị Lan", "Giám đốc Sở Ngoại vụ", 6, ["CN"],
     "Văn phòng Ngoại vụ Khu tự trị dân tộc Choang Quảng Tây", [P.WORK, P.TALKS], D(2017, 1, 9), 3, R),
    (OUT, "Đoàn Thành phố Lạng Sơn chúc Tết thành phố Sùng Tả", "Thành phố Lạng Sơn", "Lộc Văn Hải",
     "Bí thư Thành ủy Lạng Sơn", 8, ["CN"], "Thành phố Sùng Tả, Quảng Tây", [P.FRIENDSHIP], D(2017, 1, 16), 2, R),
    (OUT, "Đoàn huyện Cao Lộc làm việc với thành phố Bằng Tường", "Huyện Cao Lộc", "Nông Văn Thành",
     "Chủ tịch UBND huyện Cao Lộc", 7, ["CN"], "Thành phố Bằng Tường, Quảng Tây", [P.WORK, P.TALKS],
     D(2017, 1, 18), 2, R),
    (OUT, "Đoàn Sở Công Thương khảo sát cửa khẩu Hữu Nghị Quan", "Sở Công Thương", "Hoàng Văn Tiến",
     "Phó Giám đốc Sở Công Thương", 5, ["CN"], "Sở Thương mại Quảng Tây", [P.SURVEY], D(2017, 2, 14), 3, R),
    (OUT, "Đoàn Bộ đội Biên phòng tỉnh hội đàm với Trạm Biên phòng Hữu Nghị Quan",
     "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Lăng Văn Sơn", "Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh", 6,
     ["CN"], "Trạm Kiểm soát biên phòng Hữu Nghị Quan", [P.TALKS], D(2017, 2, 20), 1, R),
    (OUT, "Đoàn huyện Văn Lãng giao lưu hữu nghị với huyện Long Châu", "Huyện Văn Lãng", "Lý Văn Hòa",
     "Bí thư Huyện ủy Văn Lãng", 9, ["CN"], "Huyện Long Châu, Quảng Tây", [P.FRIENDSHIP], D(2017, 2, 27), 2, R),
    (OUT, "Đoàn Ban Tuyên giáo Tỉnh ủy trao đổi kinh nghiệm với Học viện Cán bộ Quảng Tây",
     "Ban Tuyên giáo Tỉnh ủy", "Chu Thị Mai", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", 5, ["CN"],
     "Học viện Cán bộ Quảng Tây", [P.EXPERIENCE, P.TRAINING], D(2017, 3, 6), 5, R),
    (OUT, "Đoàn Sở Ngoại vụ làm việc tại tỉnh Hủa Phăn", "Sở Ngoại vụ", "Hà Thị Lan", "Giám đốc Sở Ngoại vụ",
     5, ["LA"], "Sở Ngoại vụ tỉnh Hủa Phăn", [P.WORK, P.TALKS], D(2017, 3, 13), 4, R),
    (OUT, "Đoàn Công an tỉnh hội đàm với Công an thành phố Bằng Tường", "Công an tỉnh", "Vi Văn Quang",
     "Phó Giám đốc Công an tỉnh", 6, ["CN"], "Công an thành phố Bằng Tường", [P.TALKS], D(2017, 3, 15), 1, M),
    (OUT, "Đoàn Báo Lạng Sơn trao đổi nghiệp vụ với Nhật báo Quảng Tây", "Báo Lạng Sơn", "Hoàng Thị Thu",
     "Tổng Biên tập Báo Lạng Sơn", 4, ["CN"], "Nhật báo Quảng Tây", [P.EXPERIENCE], D(2017, 3, 20), 4, R),
    (OUT, "Đoàn Sở Kế hoạch và Đầu tư khảo sát khu kinh tế tại Hàn Quốc", "Sở Kế hoạch và Đầu tư",
     "Đặng Văn Minh", "Giám đốc Sở Kế hoạch và Đầu tư", 6, ["KR"], "Tỉnh Gyeonggi", [P.SURVEY],
     D(2017, 3, 26), 6, R),
    (OUT, "Đoàn Sở Văn hóa, Thể thao và Du lịch giao lưu văn hóa tại Nam Ninh",
     "Sở Văn hóa, Thể thao và Du lịch", "Hoàng Thị Nga", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", 12,
     ["CN"], "Sở Văn hóa Quảng Tây", [P.FRIENDSHIP], D(2017, 4, 3), 4, R),
    (OUT, "Đoàn cán bộ tỉnh dự lớp bồi dưỡng kiến thức đối ngoại tại Singapore", "Sở Ngoại vụ",
     "Nguyễn Thị Thanh", "Phó Giám đốc Sở Ngoại vụ", 20, ["SG"], "Học viện Công vụ Singapore", [P.TRAINING], D(2017, 4, 9), 10, R),
    (OUT, "Đoàn Sở Thông tin và Truyền thông khảo sát chính quyền điện tử tại Nhật Bản",
     "Sở Thông tin và Truyền thông", "Nông Văn Bình", "Giám đốc Sở Thông tin và Truyền thông", 5, ["JP"],
     "Tỉnh Shizuoka", [P.SURVEY, P.EXPERIENCE], D(2017, 4, 16), 6, R),
    (OUT, "Đoàn huyện Tràng Định làm việc với huyện Đại Tân", "Huyện Tràng Định", "Hoàng Văn Quý",
     "Chủ tịch UBND huyện Tràng Định", 6, ["CN"], "Huyện Đại Tân, Quảng Tây", [P.WORK], D(2017, 4, 18), 2, R),
    (OUT, "Đoàn Bộ Chỉ huy Quân sự tỉnh giao lưu hữu nghị tại tỉnh Luổng Nặm Thà",
     "Bộ Chỉ huy Quân sự tỉnh", "Triệu Văn Khánh", "Phó Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", 8, ["LA"],
     "Bộ Chỉ huy Quân sự tỉnh Luổng Nặm Thà", [P.FRIENDSHIP], D(2017, 4, 24), 5, R),
    (OUT, "Đoàn Sở Công Thương khảo sát thị trường tại Thái Lan, Singapore và Malaysia", "Sở Công Thương",
     "Hoàng Văn Tiến", "Phó Giám đốc Sở Công Thương", 7, ["TH", "SG", "MY"],
     "Phòng Thương mại Việt Nam tại Bangkok, Singapore, Kuala Lumpur", [P.SURVEY, P.WORK], D(2017, 5, 2), 9, M),
    (OUT, "Đoàn Đài Phát thanh và Truyền hình tỉnh trao đổi kinh nghiệm với Đài Truyền hình Quảng Tây",
     "Đài Phát thanh và Truyền hình tỉnh", "Đinh Văn Hùng", "Giám đốc Đài Phát thanh và Truyền hình tỉnh", 4,
     ["CN"], "Đài Truyền hình Quảng Tây", [P.EXPERIENCE], D(2017, 5, 8), 4, R),
    (OUT, "Đoàn Sở Thông tin và Truyền thông dự khóa đào tạo an toàn thông tin tại Hàn Quốc",
     "Sở Thông tin và Truyền thông", "Nông Văn Bình", "Giám đốc Sở Thông tin và Truyền thông", 10, ["KR"],
     "Cơ quan An ninh mạng Hàn Quốc",
     [P.TRAINING], D(2017, 5, 10), 10, R),
    (OUT, "Đoàn huyện Lộc Bình hội đàm với huyện Ninh Minh", "Huyện Lộc Bình", "Lương Văn Tùng",
     "Bí thư Huyện ủy Lộc Bình", 7, ["CN"], "Huyện Ninh Minh, Quảng Tây", [P.TALKS, P.FRIENDSHIP],
     D(2017, 5, 15), 2, R),
    (OUT, "Đoàn Sở Ngoại vụ xúc tiến hợp tác tại Đài Loan", "Sở Ngoại vụ", "Mã Thị Hoa",
     "Chuyên viên Sở Ngoại vụ", 4, ["TW"], "Văn phòng Kinh tế Văn hóa Đài Bắc", [P.WORK], D(2017, 5, 21), 5, R),
    (OUT, "Đoàn Sở Văn hóa, Thể thao và Du lịch dự hội chợ du lịch tại Hồng Kông",
     "Sở Văn hóa, Thể thao và Du lịch", "Hoàng Thị Nga", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", 5,
     ["HK"], "Tổng cục Du lịch Hồng Kông", [P.WORK, P.SURVEY], D(2017, 5, 29), 4, R),
    (OUT, "Đoàn Ban Tuyên giáo Tỉnh ủy làm việc với Tỉnh ủy Hủa Phăn", "Ban Tuyên giáo Tỉnh ủy", "Lương Văn Đức",
     "Trưởng Ban Tuyên giáo Tỉnh ủy", 8, ["LA"], "Tỉnh ủy Hủa Phăn", [P.WORK, P.TALKS, P.EXPERIENCE],
     D(2017, 6, 1), 4, R),
    (OUT, "Đoàn Ban Tuyên giáo Tỉnh ủy trao đổi kinh nghiệm công tác tuyên truyền tại Liên bang Nga",
     "Ban Tuyên giáo Tỉnh ủy", "Chu Thị Mai", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", 6, ["RU"],
     "Chính quyền tỉnh Ulyanovsk", [P.EXPERIENCE], D(2017, 6, 5), 8, R),
    (OUT, "Đoàn Ủy ban Mặt trận Tổ quốc tỉnh giao lưu hữu nghị tại Cu-ba",
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Phùng Văn Lực", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", 5,
     ["CU"], "Ủy ban Bảo vệ Cách mạng tỉnh Holguín", [P.FRIENDSHIP], D(2017, 6, 8), 9, R),
    (OUT, "Đoàn Sở Kế hoạch và Đầu tư khảo sát mô hình hợp tác xã tại Pháp", "Sở Kế hoạch và Đầu tư",
     "Đặng Văn Minh", "Giám đốc Sở Kế hoạch và Đầu tư", 6, ["FR"], "Vùng Normandie", [P.SURVEY, P.EXPERIENCE],
     D(2017, 6, 12), 8, M),
    (OUT, "Đoàn huyện Đình Lập làm việc với huyện Phòng Thành", "Huyện Đình Lập", "Hà Văn Trường",
     "Chủ tịch UBND huyện Đình Lập", 6, ["CN"], "Khu Phòng Thành, Quảng Tây", [P.WORK], D(2017, 6, 15), 2, R),
    (OUT, "Đoàn Công an tỉnh dự khóa bồi dưỡng nghiệp vụ tại Lào", "Công an tỉnh", "Vi Văn Quang",
     "Phó Giám đốc Công an tỉnh", 10,
     ["LA"], "Học viện Chính trị và Hành chính quốc gia Lào", [P.TRAINING], D(2017, 6, 19), 7, R),
    (OUT, "Đoàn Thành phố Lạng Sơn trao đổi kinh nghiệm quản lý đô thị tại Nam Ninh", "Thành phố Lạng Sơn",
     "Lộc Văn Hải", "Bí thư Thành ủy Lạng Sơn", 7, ["CN"], "Thành phố Nam Ninh, Quảng Tây",
     [P.EXPERIENCE, P.WORK], D(2017, 6, 26), 3, R),
    # Cancelled in the half-year: it does not count.
    (OUT, "Đoàn Sở Công Thương xúc tiến thương mại tại Nhật Bản", "Sở Công Thương", "Hoàng Văn Tiến",
     "Phó Giám đốc Sở Công Thương", 6, ["JP"], "JETRO", [P.PROMOTION], D(2017, 3, 22), 6, C),
    # --- 1/1-30/6/2017, inbound: 32 delegations from 9 countries and territories -------------------
    (IN, "Đoàn Văn phòng Ngoại vụ Quảng Tây chúc Tết Đinh Dậu", "Sở Ngoại vụ", "Lưu Kiến Quân",
     "Phó Chủ nhiệm Văn phòng Ngoại vụ Quảng Tây", 6, ["CN"], "Văn phòng Ngoại vụ Quảng Tây", [P.FRIENDSHIP],
     D(2017, 1, 20), 2, R),
    (IN, "Đoàn thành phố Sùng Tả chúc Tết", "Thành phố Lạng Sơn", "Hoàng Vĩ", "Thị trưởng thành phố Sùng Tả",
     8, ["CN"], "Thành phố Sùng Tả", [P.FRIENDSHIP], D(2017, 1, 23), 1, R),
    (IN, "Đoàn thành phố Bằng Tường chúc Tết", "Huyện Cao Lộc", "Lý Cường", "Thị trưởng thành phố Bằng Tường",
     7, ["CN"], "Thành phố Bằng Tường", [P.FRIENDSHIP], D(2017, 1, 24), 1, R),
    (IN, "Đoàn huyện Long Châu thăm và chúc Tết", "Huyện Văn Lãng", "Trương Minh", "Huyện trưởng huyện Long Châu",
     6, ["CN"], "Huyện Long Châu", [P.FRIENDSHIP], D(2017, 2, 3), 1, R),
    (IN, "Đoàn Sở Ngoại vụ tỉnh Hủa Phăn thăm và làm việc", "Sở Ngoại vụ", "Khăm Phăn Xay Xổm Phon",
     "Giám đốc Sở Ngoại vụ tỉnh Hủa Phăn", 5, ["LA"], "Sở Ngoại vụ tỉnh Hủa Phăn", [P.WORK, P.TALKS],
     D(2017, 2, 13), 3, R),
    (IN, "Đoàn Cục Hải quan Quảng Tây làm việc về thông quan hàng hóa", "Sở Công Thương", "Vương Đức Hoa",
     "Phó Cục trưởng Cục Hải quan Nam Ninh", 6, ["CN"], "Cục Hải quan Nam Ninh", [P.WORK, P.TALKS],
     D(2017, 2, 16), 2, R),
    (IN, "Đoàn doanh nghiệp Hàn Quốc tìm hiểu cơ hội đầu tư", "Sở Kế hoạch và Đầu tư", "Kim Jung-ho",
     "Chủ tịch Hiệp hội doanh nghiệp", 12, ["KR"], "KOTRA Hà Nội", [P.PROMOTION, P.SURVEY], D(2017, 2, 21), 3, R),
    (IN, "Đoàn Trạm Biên phòng Hữu Nghị Quan hội đàm định kỳ", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
     "Mạc Chí Cường", "Trạm trưởng Trạm Kiểm soát biên phòng Hữu Nghị Quan", 5, ["CN"],
     "Trạm Kiểm soát biên phòng Hữu Nghị Quan", [P.TALKS], D(2017, 3, 1), 1, R),
    (IN, "Đoàn tỉnh Luổng Nặm Thà thăm và làm việc", "Sở Ngoại vụ", "Bun Thoong Đì Vông Xay",
     "Phó Tỉnh trưởng tỉnh Luổng Nặm Thà", 9, ["LA"], "Chính quyền tỉnh Luổng Nặm Thà", [P.WORK, P.EXPERIENCE],
     D(2017, 3, 6), 3, R),
    (IN, "Đoàn Nhật báo Quảng Tây trao đổi nghiệp vụ", "Báo Lạng Sơn", "Trần Hiểu Phong",
     "Phó Tổng Biên tập Nhật báo Quảng Tây", 4, ["CN"], "Nhật báo Quảng Tây", [P.EXPERIENCE], D(2017, 3, 9), 3, R),
    (IN, "Đoàn Tổ chức Hợp tác Quốc tế Nhật Bản (JICA) khảo sát dự án", "Sở Kế hoạch và Đầu tư",
     "Tanaka Hiroshi", "Trưởng đại diện JICA", 4, ["JP"], "JICA Việt Nam", [P.SURVEY], D(2017, 3, 14), 2, R),
    (IN, "Đoàn Công an thành phố Bằng Tường hội đàm phòng chống tội phạm", "Công an tỉnh", "Lâm Quốc Huy",
     "Cục trưởng Công an thành phố Bằng Tường", 6, ["CN"], "Công an thành phố Bằng Tường", [P.TALKS],
     D(2017, 3, 20), 1, R),
    (IN, "Đoàn huyện Ninh Minh giao lưu hữu nghị", "Huyện Lộc Bình", "Hoàng Kiện", "Huyện trưởng huyện Ninh Minh",
     8, ["CN"], "Huyện Ninh Minh", [P.FRIENDSHIP], D(2017, 3, 28), 1, R),
    (IN, "Đoàn Đại sứ quán Hoa Kỳ thăm và làm việc", "Sở Ngoại vụ", "John Miller", "Tham tán Chính trị",
     3, ["US"], "Đại sứ quán Hoa Kỳ tại Việt Nam", [P.WORK], D(2017, 4, 4), 2, R),
    (IN, "Đoàn Sở Văn hóa Quảng Tây dự lễ hội Kỳ Lừa", "Sở Văn hóa, Thể thao và Du lịch", "Chu Lệ Bình",
     "Phó Giám đốc Sở Văn hóa Quảng Tây", 15, ["CN"], "Sở Văn hóa Quảng Tây", [P.FRIENDSHIP], D(2017, 4, 7), 3, R),
    (IN, "Đoàn Bộ Chỉ huy Quân sự tỉnh Luổng Nặm Thà giao lưu", "Bộ Chỉ huy Quân sự tỉnh", "Xổm Xạ Vắt",
     "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh Luổng Nặm Thà", 7, ["LA"], "Bộ Chỉ huy Quân sự tỉnh Luổng Nặm Thà",
     [P.FRIENDSHIP], D(2017, 4, 11), 3, R),
    (IN, "Đoàn Đại học Dân tộc Quảng Tây trao đổi hợp tác đào tạo", "Ban Tuyên giáo Tỉnh ủy", "Lưu Phương",
     "Phó Hiệu trưởng Đại học Dân tộc Quảng Tây", 5, ["CN"], "Đại học Dân tộc Quảng Tây", [P.TRAINING, P.TALKS],
     D(2017, 4, 17), 2, R),
    (IN, "Đoàn tỉnh Gyeonggi khảo sát hợp tác", "Sở Ngoại vụ", "Park Sung-min",
     "Phó Tỉnh trưởng tỉnh Gyeonggi", 8, ["KR"], "Tỉnh Gyeonggi", [P.WORK, P.TALKS], D(2017, 4, 20), 2, R),
    (IN, "Đoàn huyện Đại Tân làm việc về quản lý biên giới", "Huyện Tràng Định", "Nông Quang Vinh",
     "Huyện trưởng huyện Đại Tân", 6, ["CN"], "Huyện Đại Tân", [P.WORK, P.TALKS], D(2017, 4, 25), 1, R),
    (IN, "Đoàn doanh nghiệp Đài Loan tìm hiểu đầu tư khu công nghiệp", "Sở Kế hoạch và Đầu tư", "Lâm Chí Minh",
     "Tổng Giám đốc", 6, ["TW"], "Hiệp hội Thương mại Đài Loan tại Việt Nam", [P.PROMOTION, P.SURVEY],
     D(2017, 5, 3), 2, R),
    (IN, "Đoàn Đài Truyền hình Quảng Tây sản xuất phim tài liệu", "Đài Phát thanh và Truyền hình tỉnh",
     "Dương Hải Long", "Trưởng ban Thời sự", 5, ["CN"], "Đài Truyền hình Quảng Tây", [P.WORK], D(2017, 5, 8), 6, R),
    (IN, "Đoàn Tổ chức Tầm nhìn Thế giới Úc làm việc về dự án", "Sở Ngoại vụ", "Sarah Thompson",
     "Giám đốc chương trình", 3, ["AU"], "World Vision Australia", [P.WORK], D(2017, 5, 11), 2, R),
    (IN, "Đoàn Sở Thương mại Quảng Tây hội đàm về thương mại biên giới", "Sở Công Thương", "Hoàng Tuấn",
     "Phó Giám đốc Sở Thương mại Quảng Tây", 8, ["CN"], "Sở Thương mại Quảng Tây", [P.TALKS, P.PROMOTION],
     D(2017, 5, 16), 2, R),
    (IN, "Đoàn Tỉnh ủy Hủa Phăn trao đổi kinh nghiệm", "Ban Tuyên giáo Tỉnh ủy", "Xổm Phăn Phết Sa Vông",
     "Phó Bí thư Tỉnh ủy Hủa Phăn", 10, ["LA"], "Tỉnh ủy Hủa Phăn", [P.EXPERIENCE, P.FRIENDSHIP],
     D(2017, 5, 22), 4, R),
    (IN, "Đoàn khu Phòng Thành làm việc về cửa khẩu", "Huyện Đình Lập", "Vi Thành", "Khu trưởng khu Phòng Thành",
     6, ["CN"], "Khu Phòng Thành", [P.WORK], D(2017, 5, 25), 1, R),
    (IN, "Đoàn Đại sứ quán Pháp thăm và làm việc", "Sở Văn hóa, Thể thao và Du lịch", "Pierre Martin",
     "Tùy viên Văn hóa", 3, ["FR"], "Đại sứ quán Pháp tại Việt Nam", [P.WORK, P.EXPERIENCE], D(2017, 5, 30), 2, R),
    (IN, "Đoàn Viện Hàn lâm Khoa học xã hội Quảng Tây dự hội thảo", "Ban Tuyên giáo Tỉnh ủy", "Tạ Minh Đức",
     "Viện trưởng", 6, ["CN"], "Viện Hàn lâm Khoa học xã hội Quảng Tây", [P.CONFERENCE], D(2017, 6, 2), 2, M),
    (IN, "Đoàn tỉnh Shizuoka trao đổi kinh nghiệm chính quyền điện tử", "Sở Thông tin và Truyền thông",
     "Suzuki Kenji", "Trưởng phòng Hợp tác quốc tế", 4, ["JP"], "Tỉnh Shizuoka", [P.EXPERIENCE],
     D(2017, 6, 6), 2, R),
    (IN, "Đoàn Quỹ Konrad Adenauer làm việc về đào tạo cán bộ", "Sở Ngoại vụ", "Klaus Weber", "Trưởng đại diện",
     3, ["DE"], "Quỹ Konrad Adenauer", [P.TRAINING], D(2017, 6, 9), 2, R),
    (IN, "Đoàn thành phố Bách Sắc giao lưu hữu nghị", "Thành phố Lạng Sơn", "Lục Văn Cường",
     "Phó Thị trưởng thành phố Bách Sắc", 9, ["CN"], "Thành phố Bách Sắc", [P.FRIENDSHIP], D(2017, 6, 13), 2, R),
    (IN, "Đoàn tỉnh Chungcheongbuk trao đổi hợp tác nông nghiệp", "Sở Ngoại vụ",
     "Lee Dong-hyun", "Cục trưởng Cục Nông nghiệp", 6, ["KR"], "Tỉnh Chungcheongbuk",
     [P.EXPERIENCE, P.SURVEY], D(2017, 6, 20), 3, M),
    (IN, "Đoàn Hội Hữu nghị Trung - Việt Quảng Tây giao lưu", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
     "Mông Thụy Hoa", "Phó Hội trưởng", 10, ["CN"], "Hội Hữu nghị Trung - Việt Quảng Tây", [P.FRIENDSHIP],
     D(2017, 6, 27), 2, R),
    # Cancelled in the half-year: it does not count.
    (IN, "Đoàn doanh nghiệp Thái Lan khảo sát thị trường", "Sở Công Thương", "Somchai Wongsakul",
     "Giám đốc điều hành", 5, ["TH"], "Phòng Thương mại Thái Lan", [P.SURVEY], D(2017, 4, 12), 2, C),
    # --- Before and after the half-year --------------------------------------------------------
    (OUT, "Đoàn Sở Ngoại vụ dự hội nghị hợp tác các tỉnh biên giới tại Nam Ninh", "Sở Ngoại vụ", "Hà Thị Lan",
     "Giám đốc Sở Ngoại vụ", 5, ["CN"], "Văn phòng Ngoại vụ Quảng Tây", [P.CONFERENCE], D(2016, 11, 14), 3, R),
    (IN, "Đoàn thành phố Sùng Tả dự hội chợ thương mại", "Thành phố Lạng Sơn", "Hoàng Vĩ",
     "Thị trưởng thành phố Sùng Tả", 20, ["CN"], "Thành phố Sùng Tả", [P.PROMOTION], D(2016, 12, 5), 4, R),
    (OUT, "Đoàn tỉnh xúc tiến đầu tư tại Hàn Quốc và Nhật Bản", "Sở Kế hoạch và Đầu tư", "Đặng Văn Minh",
     "Giám đốc Sở Kế hoạch và Đầu tư", 8, ["KR", "JP"], "KOTRA, JETRO", [P.PROMOTION], D(2017, 9, 11), 8, M),
    (IN, "Đoàn Văn phòng Ngoại vụ Quảng Tây dự Hội nghị giao ban", "Sở Ngoại vụ", "Lưu Kiến Quân",
     "Phó Chủ nhiệm Văn phòng Ngoại vụ Quảng Tây", 6, ["CN"], "Văn phòng Ngoại vụ Quảng Tây", [P.CONFERENCE],
     D(2017, 10, 16), 2, R),
    (OUT, "Đoàn huyện Văn Quan giao lưu hữu nghị với huyện Bằng Tường", "Huyện Văn Quan", "La Văn Đông",
     "Chủ tịch UBND huyện Văn Quan", 6, ["CN"], "Thành phố Bằng Tường", [P.FRIENDSHIP], D(2017, 12, 18), 2, M),
]  # fmt: skip

FUNDING = "Ngân sách tỉnh"
REPORT = "Đoàn đã hoàn thành chương trình theo kế hoạch; kết quả và kiến nghị nêu trong báo cáo kèm theo."


def load(world: dict, stdout) -> None:
    organisations = world["organisations"]
    existing = set(Delegation.objects.values_list("name", "start_date"))
    created = 0
    for (
        direction,
        name,
        unit,
        head,
        title,
        members,
        places,
        partners,
        purposes,
        start,
        days,
        state,
    ) in DELEGATIONS:
        if (name, start) in existing:
            continue
        end = start + dt.timedelta(days=days - 1)
        delegation = services.delegation_create(
            actor=None,
            direction=direction,
            name=name,
            lead_unit=organisations[unit],
            head_name=head,
            head_title=title,
            member_count=members,
            countries=places,
            partners=partners,
            purposes=purposes,
            start_date=start,
            end_date=end,
            funding_source=FUNDING if direction == OUT else "Ngân sách tỉnh (đón tiếp)",
            approval_number=f"{100 + created}/QĐ-UBND",
            approval_date=start - dt.timedelta(days=10),
            approval_issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
            status=Status.PLANNED if state == C else Status.RETURNED,
        )
        if state == R:
            services.delegation_report_submit(
                actor=None, delegation=delegation, text=REPORT, report_date=end + dt.timedelta(days=7)
            )
        elif state == C:
            services.delegation_transition(
                actor=None,
                delegation=delegation,
                status=Status.CANCELLED,
                reason="Phía đối tác đề nghị lùi thời gian làm việc sang năm sau.",
            )
        created += 1
    stdout.write(f"Đoàn ra, đoàn vào: {Delegation.objects.count()} (thêm {created})")
