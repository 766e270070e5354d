"""Messages of `digitize archive` and of the archive core (unknown record, damaged files)."""

MESSAGES = {
    "archive.help": (
        "The per-citizen archive (OCFL): show, search, export, check, reindex.",
        "Kho dữ liệu điện tử cá nhân (OCFL): xem, tìm kiếm, xuất, kiểm tra, lập lại chỉ mục.",
    ),
    "archive.arg.citizen": (
        "Personal ID of the citizen (12 digits).",
        "Số định danh cá nhân của công dân (12 chữ số).",
    ),
    "archive.arg.query": (
        "Words to find (accents and case do not matter: 'nguyen thi huong').",
        "Từ cần tìm (không phân biệt dấu và chữ hoa: 'nguyen thi huong').",
    ),
    "archive.opt.field": (
        "Match the words in this field only (e.g. full_name, mother_name, personal_id).",
        "Chỉ tìm các từ trong trường này (ví dụ full_name, mother_name, personal_id).",
    ),
    "archive.opt.limit": ("Show at most this many records.", "Hiển thị tối đa chừng này hồ sơ."),
    "archive.opt.out": (
        "Folder to write the BagIt package into (new or empty).",
        "Thư mục ghi gói BagIt (mới hoặc trống).",
    ),
    "archive.show.help": (
        "List every record filed for a citizen.",
        "Liệt kê mọi hồ sơ đã lưu của một công dân.",
    ),
    "archive.show.summary": ("{citizen_id}: {count} record(s)", "{citizen_id}: {count} hồ sơ"),
    "archive.search.help": (
        "Find records by name, number or any word of their text.",
        "Tìm hồ sơ theo tên, số hoặc bất kỳ từ nào trong nội dung.",
    ),
    "archive.search.summary": ("{count} record(s) found", "Tìm thấy {count} hồ sơ"),
    "archive.export.help": (
        "Export a citizen's whole archive as a BagIt package (sha512 manifests, digests "
        "re-checked).",
        "Xuất toàn bộ kho của một công dân thành gói BagIt (mã băm sha512, kiểm tra lại từng tệp).",
    ),
    "archive.export.done": (
        "Exported {files} file(s) of {version}, with all {versions} version(s) in ocfl/, to {out}",
        "Đã xuất {files} tệp của {version}, kèm toàn bộ {versions} phiên bản trong ocfl/, "
        "vào {out}",
    ),
    "archive.check.help": (
        "Check every stored file against its digest, every object against OCFL, and the audit log.",
        "Kiểm tra mọi tệp đã lưu theo mã băm, mọi đối tượng theo OCFL, và nhật ký kiểm toán.",
    ),
    "archive.check.damaged": ("DAMAGED {path} ({problem})", "HƯ HỎNG {path} ({problem})"),
    "archive.check.audit_broken": (
        "audit log chain broken: {problem}",
        "chuỗi nhật ký kiểm toán bị đứt: {problem}",
    ),
    "archive.check.summary": (
        "{objects} object(s), {valid} valid, {files} file(s) checked, {damaged} damaged, "
        "{entries} audit entries",
        "{objects} đối tượng, {valid} hợp lệ, đã kiểm tra {files} tệp, {damaged} tệp hư hỏng, "
        "{entries} mục nhật ký",
    ),
    "archive.problem.digest_mismatch": ("content changed", "nội dung bị thay đổi"),
    "archive.problem.missing": ("file missing", "thiếu tệp"),
    "archive.problem.inventory": ("inventory damaged", "bản kê bị hỏng"),
    "archive.reindex.help": (
        "Rebuild the index from the OCFL storage alone.",
        "Lập lại chỉ mục chỉ từ kho lưu trữ OCFL.",
    ),
    "archive.reindex.done": (
        "Index rebuilt: {objects} object(s), {records} record(s)",
        "Đã lập lại chỉ mục: {objects} đối tượng, {records} hồ sơ",
    ),
    "archive.kind.certified_copy": ("certified copy", "bản sao chứng thực"),
    "archive.bad_citizen": (
        "a personal ID is 12 digits starting with a province code, got '{value}'",
        "số định danh cá nhân gồm 12 chữ số bắt đầu bằng mã tỉnh, nhận được '{value}'",
    ),
    "archive.missing": (
        "no archive at {root}: 'digitize scan' creates it when it files the first record; "
        "otherwise check [archive] root in the configuration, --archive or DIGITIZE_ARCHIVE",
        "không có kho dữ liệu tại {root}: 'digitize scan' tạo kho khi lưu hồ sơ đầu tiên; "
        "nếu không, hãy kiểm tra [archive] root trong tệp cấu hình, --archive hoặc "
        "DIGITIZE_ARCHIVE",
    ),
    "archive.unknown_citizen": (
        "no archive for personal ID {citizen_id}",
        "không có kho dữ liệu cho số định danh {citizen_id}",
    ),
    "archive.damaged_object": (
        "refused: {count} stored file(s) damaged ({files}); run 'digitize archive check'",
        "từ chối: {count} tệp đã lưu bị hư hỏng ({files}); chạy 'digitize archive check'",
    ),
    "archive.stored_damaged": (
        "stored file {path} is damaged ({problem})",
        "tệp đã lưu {path} bị hư hỏng ({problem})",
    ),
    "archive.source_changed": (
        "{path} changed while it was being filed",
        "{path} đã thay đổi trong khi đang lưu",
    ),
    "archive.export_exists": ("{out} exists and is not empty", "{out} đã tồn tại và không trống"),
    "archive.unknown_record": (
        "no record '{record_id}' in the archive",
        "không có hồ sơ '{record_id}' trong kho",
    ),
    "archive.no_such_file": (
        "record {record_id} has no stored file of role '{role}'",
        "hồ sơ {record_id} không có tệp loại '{role}'",
    ),
    "archive.not_in_review": (
        "record {record_id} is not waiting for review",
        "hồ sơ {record_id} không ở trạng thái chờ kiểm tra",
    ),
}
