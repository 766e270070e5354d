"""Messages shared by every command: generic errors, global options, status words."""

MESSAGES = {
    # generic errors
    "error.generic": ("Error: {detail}", "Lỗi: {detail}"),
    "error.usage": ("Usage error: {detail}", "Sai cách dùng lệnh: {detail}"),
    "error.document_failed": ("{source}: processing failed: {detail}", "{source}: xử lý thất bại: {detail}"),
    "error.needs_review": ("{source}: needs review: {detail}", "{source}: cần cán bộ kiểm tra: {detail}"),
    "error.input_rejected": ("{source}: cannot read: {detail}", "{source}: không đọc được: {detail}"),
    "error.environment": (
        "Environment problem: {detail}. Run `digitize doctor` to see what is missing.",
        "Lỗi môi trường: {detail}. Chạy `digitize doctor` để xem còn thiếu gì.",
    ),
    "error.config": (
        "Configuration problem in {source}: {detail}",
        "Lỗi cấu hình trong {source}: {detail}",
    ),
    "error.config.unknown_key": (
        "unknown setting '{key}' (known: {known})",
        "không có mục cấu hình '{key}' (các mục hợp lệ: {known})",
    ),
    "error.config.bad_value": (
        "setting '{key}' has an invalid value: {detail}",
        "mục cấu hình '{key}' có giá trị không hợp lệ: {detail}",
    ),
    "error.config.unreadable": ("cannot read the file: {detail}", "không đọc được tệp: {detail}"),
    "error.unexpected": (
        "Unexpected internal error ({kind}). Please report it with the command you ran; "
        "details are in the log with --verbose.",
        "Lỗi nội bộ không lường trước ({kind}). Vui lòng báo lại kèm câu lệnh đã chạy; "
        "xem chi tiết bằng tùy chọn --verbose.",
    ),
    "error.interrupted": ("Interrupted.", "Đã dừng theo yêu cầu."),
    # global options and help
    "app.help": (
        "digitize: scan paper records into searchable Vietnamese PDFs, certify electronic "
        "copies, verify signed copies, and keep every citizen's records in a safe archive.",
        "digitize: số hóa hồ sơ giấy thành PDF tìm kiếm được, chứng thực bản sao điện tử, "
        "kiểm tra bản sao đã ký số và lưu hồ sơ của từng công dân vào kho an toàn.",
    ),
    "opt.config": ("Configuration file (TOML). Env: DIGITIZE_CONFIG.", "Tệp cấu hình (TOML). Biến môi trường: DIGITIZE_CONFIG."),
    "opt.archive": ("Archive directory. Env: DIGITIZE_ARCHIVE.", "Thư mục kho lưu trữ. Biến môi trường: DIGITIZE_ARCHIVE."),
    "opt.json": ("Print JSON Lines on standard output (one object per result).", "In kết quả dạng JSON Lines (mỗi dòng một kết quả)."),
    "opt.verbose": ("Show detailed logs on standard error.", "Hiện nhật ký chi tiết."),
    "opt.version": ("Show the version and exit.", "Hiện phiên bản rồi thoát."),
    "opt.jobs": ("Parallel jobs (default: all cores).", "Số tiến trình song song (mặc định: tất cả nhân CPU)."),
    # status words for tables
    "status.filed": ("filed", "đã lưu"),
    "status.needs_review": ("needs review", "cần kiểm tra"),
    "status.dry_run": ("not filed (dry run)", "chưa lưu (chạy thử)"),
    "status.failed": ("failed", "thất bại"),
    "status.rejected": ("unreadable", "không đọc được"),
}
