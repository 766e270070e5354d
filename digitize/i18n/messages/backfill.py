"""Messages of `digitize backfill`: options, progress, failures, the morning report."""

MESSAGES = {
    "backfill.help": (
        "Nightly job: digitize every document under SOURCE (folders, files) or listed in a "
        "manifest that the archive does not hold yet; resumable, never files anything twice. "
        "Ends with one JSON summary line with --json. --report shows the last runs and failures.",
        "Tác vụ hằng đêm: số hóa mọi tài liệu trong SOURCE (thư mục, tệp) hoặc trong tệp danh "
        "sách mà kho chưa có; chạy tiếp được khi bị ngắt, không bao giờ lưu trùng. Với --json, "
        "kết thúc bằng một dòng JSON tổng kết. --report cho xem các lần chạy gần nhất và lỗi.",
    ),
    "backfill.opt.sources": ("Folders or files of scans.", "Thư mục hoặc tệp ảnh quét."),
    "backfill.opt.workers": ("Local worker processes (default: all cores).",
                             "Số tiến trình xử lý trên máy này (mặc định: mọi lõi CPU)."),
    "backfill.opt.cluster": ("Address of a Dask scheduler (tcp://host:8786) to run on instead.",
                             "Địa chỉ bộ điều phối Dask (tcp://host:8786) để chạy trên cụm máy."),
    "backfill.opt.limit": ("Digitize at most N new documents in this run.",
                           "Chỉ số hóa tối đa N tài liệu mới trong lần chạy này."),
    "backfill.opt.since": ("Only files modified at or after this date (YYYY-MM-DD[THH:MM]).",
                           "Chỉ các tệp sửa đổi từ ngày này (YYYY-MM-DD[THH:MM])."),
    "backfill.opt.manifest": ("CSV with columns path[,citizen_id][,doc_type] (repeatable).",
                              "Tệp CSV với các cột path[,citizen_id][,doc_type] (lặp lại được)."),
    "backfill.opt.report": ("Show the morning report (last runs, failures) instead of running.",
                            "Xem báo cáo buổi sáng (các lần chạy gần nhất, lỗi) thay vì chạy."),
    "backfill.opt.runs": ("How many runs the report shows.", "Số lần chạy hiển thị trong báo cáo."),
    "backfill.opt.retry_failed": ("Also retry documents that failed in earlier runs.",
                                  "Thử lại cả các tài liệu đã lỗi ở những lần chạy trước."),
    "backfill.usage.report_with_sources": (
        "--report takes no SOURCE; run it on its own",
        "--report không nhận SOURCE; hãy chạy riêng",
    ),
    "backfill.usage.no_sources": ("give at least one SOURCE or --manifest",
                                  "cần ít nhất một SOURCE hoặc --manifest"),
    "backfill.usage.workers_and_cluster": ("--workers and --cluster cannot be used together",
                                           "không dùng --workers cùng với --cluster"),
    "backfill.bad_since": (
        "--since must be a date like 2024-05-31 or 2024-05-31T22:00, got '{value}'",
        "--since phải là ngày dạng 2024-05-31 hoặc 2024-05-31T22:00, nhận được '{value}'",
    ),
    "backfill.locked": (
        "another backfill is running (run {run_id} on {host}, pid {pid}, since {since}); "
        "nothing was done",
        "một lần chạy backfill khác đang chạy (lần {run_id} trên {host}, pid {pid}, từ {since}); "
        "chưa làm gì",
    ),
    "backfill.no_archive": ("the archive is not available in this installation (digitize.store)",
                            "bản cài đặt này chưa có kho lưu trữ (digitize.store)"),
    "backfill.cluster_unreachable": (
        "cannot reach the Dask scheduler at {address}: {detail}",
        "không kết nối được bộ điều phối Dask tại {address}: {detail}",
    ),
    "backfill.timeout": ("{source}: took longer than {seconds} s, stopped",
                         "{source}: xử lý quá {seconds} giây, đã dừng"),
    "backfill.worker_lost": ("the worker processing it was lost ({kind})",
                             "tiến trình xử lý tài liệu này đã mất ({kind})"),
    "backfill.not_filed": ("{source}: digitized but not filed (no archive)",
                           "{source}: đã số hóa nhưng chưa lưu vào kho (không có kho)"),
    "backfill.manifest.unreadable": ("{source}: cannot read the manifest ({detail})",
                                     "{source}: không đọc được tệp danh sách ({detail})"),
    "backfill.manifest.no_path": ("{source}: the manifest has no 'path' column",
                                  "{source}: tệp danh sách không có cột 'path'"),
    "backfill.manifest.bad_citizen": (
        "{source}: the manifest's citizen_id '{value}' is not a 12-digit personal ID",
        "{source}: citizen_id '{value}' trong tệp danh sách không phải số định danh 12 chữ số",
    ),
    "backfill.manifest.bad_type": ("{source}: the manifest's doc_type '{value}' is unknown",
                                   "{source}: doc_type '{value}' trong tệp danh sách không hợp lệ"),
    "backfill.manifest.missing": ("{source}: listed in the manifest but no such file",
                                  "{source}: có trong tệp danh sách nhưng không có tệp này"),
    # progress and summary (stderr / stdout)
    "backfill.progress": ("Backfill", "Số hóa tồn đọng"),
    "backfill.progress.line": (
        "backfill: {seen} seen, {filed} filed, {review} to review, {skipped} skipped, "
        "{failed} failed, {pages} pages, {rate} pages/min",
        "backfill: {seen} đã xét, {filed} đã lưu, {review} cần kiểm tra, {skipped} bỏ qua, "
        "{failed} lỗi, {pages} trang, {rate} trang/phút",
    ),
    "backfill.stopping": ("stopping: finishing the documents in progress (at most {seconds} s)",
                          "đang dừng: hoàn tất các tài liệu đang xử lý (tối đa {seconds} giây)"),
    "backfill.summary": (
        "{seen} seen: {filed} filed, {review} to review, {skipped} skipped, {failed} failed "
        "({pages} pages in {seconds} s)",
        "{seen} đã xét: {filed} đã lưu, {review} cần kiểm tra, {skipped} bỏ qua, {failed} lỗi "
        "({pages} trang trong {seconds} giây)",
    ),
    # the morning report
    "backfill.report.runs": ("Last backfill runs", "Các lần chạy backfill gần nhất"),
    "backfill.report.none": ("No backfill has run yet.", "Chưa có lần chạy backfill nào."),
    "backfill.report.failures": ("Failures of these runs", "Lỗi của các lần chạy này"),
    "backfill.report.no_failures": ("No failures.", "Không có lỗi."),
    "backfill.report.state": ("Ledger: {counts}", "Sổ theo dõi: {counts}"),
    "backfill.col.run": ("Run", "Lần chạy"),
    "backfill.col.started": ("Started (UTC)", "Bắt đầu (UTC)"),
    "backfill.col.outcome": ("Outcome", "Kết quả"),
    "backfill.col.counts": ("Seen / filed / review / skipped / failed",
                            "Đã xét / đã lưu / kiểm tra / bỏ qua / lỗi"),
    "backfill.col.pages": ("Pages", "Trang"),
    "backfill.col.seconds": ("Seconds", "Giây"),
    "backfill.col.file": ("File", "Tệp"),
    "backfill.col.attempts": ("Attempts", "Số lần thử"),
    "backfill.col.reason": ("Reason", "Lý do"),
    "backfill.outcome.running": ("running", "đang chạy"),
    "backfill.outcome.finished": ("finished", "hoàn tất"),
    "backfill.outcome.stopped": ("stopped (SIGTERM)", "đã dừng (SIGTERM)"),
    "backfill.outcome.failed": ("ended with an error", "kết thúc do lỗi"),
    "backfill.outcome.killed": ("did not finish (killed)", "không kết thúc (bị ngắt)"),
    "backfill.state.pending": ("pending", "chờ xử lý"),
    "backfill.state.running": ("running", "đang xử lý"),
    "backfill.state.done": ("done", "đã lưu"),
    "backfill.state.needs_review": ("to review", "cần kiểm tra"),
    "backfill.state.failed": ("failed", "lỗi"),
}
