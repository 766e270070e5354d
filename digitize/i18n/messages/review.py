"""Messages of `digitize review`: the queue of records that wait for a person."""

MESSAGES = {
    "review.help": (
        "Records waiting for a person: list them, show one, correct or confirm its values.",
        "Hồ sơ chờ người kiểm tra: xem danh sách, xem từng hồ sơ, sửa hoặc xác nhận thông tin.",
    ),
    "review.list.help": (
        "List the records waiting for review (exit 3 when there are any).",
        "Liệt kê các hồ sơ đang chờ kiểm tra (mã thoát 3 nếu còn hồ sơ chờ).",
    ),
    "review.show.help": (
        "Show one record: each field's value beside what was read, its confidence and problems.",
        "Xem một hồ sơ: từng trường với giá trị, chữ đã đọc được, độ tin cậy và vấn đề cần xem.",
    ),
    "review.set.help": (
        "Correct values (key=value, empty value clears) and/or choose the citizen; "
        "the record is filed once it has a personal ID.",
        "Sửa giá trị (khóa=giá trị, để trống để xóa) và/hoặc chọn công dân; "
        "hồ sơ được lưu khi đã có số định danh cá nhân.",
    ),
    "review.confirm.help": (
        "Confirm the values as shown are right; the record is then filed.",
        "Xác nhận các giá trị đang hiển thị là đúng; hồ sơ sau đó được lưu.",
    ),
    "review.opt.record": (
        "Record id (from `digitize review list`).",
        "Mã hồ sơ (xem `digitize review list`).",
    ),
    "review.opt.values": (
        'Values as key=value, e.g. full_name="Nguyễn Văn An" date_of_birth=15/08/1990.',
        'Giá trị dạng khóa=giá trị, ví dụ full_name="Nguyễn Văn An" date_of_birth=15/08/1990.',
    ),
    "review.opt.citizen": (
        "Personal ID (12 digits) of the citizen the record belongs to; repeat for both spouses.",
        "Số định danh cá nhân (12 chữ số) của công dân sở hữu hồ sơ; lặp lại cho cả vợ và chồng.",
    ),
    "review.opt.operator": (
        "Who makes the change, kept in the history "
        "(default: [archive] operator, else the OS user).",
        "Người thực hiện thay đổi, được ghi vào lịch sử (mặc định: [archive] operator, "
        "nếu không có thì tài khoản hệ điều hành).",
    ),
    "review.col.record": ("Record", "Mã hồ sơ"),
    "review.col.type": ("Type", "Loại giấy tờ"),
    "review.col.source": ("Scanned file", "Tệp đã quét"),
    "review.col.created": ("Scanned at", "Thời điểm quét"),
    "review.col.problems": ("What to check", "Cần kiểm tra"),
    "review.col.field": ("Field", "Trường"),
    "review.col.key": ("Key", "Khóa"),
    "review.col.value": ("Value", "Giá trị"),
    "review.col.read": ("Read on the page", "Chữ đọc được"),
    "review.col.confidence": ("Confidence", "Độ tin cậy"),
    "review.none": ("No record is waiting for review.", "Không có hồ sơ nào chờ kiểm tra."),
    "review.count": ("{n} record(s) waiting for review.", "{n} hồ sơ đang chờ kiểm tra."),
    "review.header": (
        "Record {record_id} · {doc_type} · {status} · scanned file {source}",
        "Hồ sơ {record_id} · {doc_type} · {status} · tệp đã quét {source}",
    ),
    "review.citizens": ("Citizen(s): {ids}", "Công dân: {ids}"),
    "review.no_citizen": ("Citizen: not chosen yet", "Công dân: chưa xác định"),
    "review.problems": ("To check:", "Cần kiểm tra:"),
    "review.not_read": ("(not read)", "(chưa đọc được)"),
    "review.hint": (
        "Correct: digitize review set {record_id} KEY=VALUE … [--citizen ID]; "
        "if everything is right: digitize review confirm {record_id}",
        "Sửa: digitize review set {record_id} KHÓA=GIÁ_TRỊ … [--citizen SỐ_ĐỊNH_DANH]; "
        "nếu mọi thông tin đã đúng: digitize review confirm {record_id}",
    ),
    "review.filed": (
        "Record {record_id} is filed under citizen(s) {ids}.",
        "Hồ sơ {record_id} đã được lưu vào hồ sơ công dân {ids}.",
    ),
    "review.still_waiting": (
        "Record {record_id} still waits for review.",
        "Hồ sơ {record_id} vẫn chờ kiểm tra.",
    ),
    "review.how_to_finish": (
        "When the values are right: digitize review confirm {record_id}; "
        "with no personal ID, choose the citizen with --citizen.",
        "Khi các giá trị đã đúng: digitize review confirm {record_id}; "
        "nếu chưa có số định danh cá nhân, hãy chọn công dân bằng --citizen.",
    ),
    "review.changed": ("{field}: {old} → {new}", "{field}: {old} → {new}"),
    "review.nothing_to_do": (
        "Nothing to change: give KEY=VALUE values or --citizen.",
        "Không có gì để sửa: hãy nhập KHÓA=GIÁ_TRỊ hoặc --citizen.",
    ),
    "review.bad_record_id": (
        "Not a record id: {value!r} (see `digitize review list`).",
        "Không phải mã hồ sơ: {value!r} (xem `digitize review list`).",
    ),
    "review.unknown_field": (
        "A {doc_type} has no field {key!r}; its fields are: {known}.",
        "Loại giấy tờ {doc_type} không có trường {key!r}; các trường là: {known}.",
    ),
    "review.bad_assignment": (
        "Expected KEY=VALUE, got {item!r}.",
        "Cần dạng KHÓA=GIÁ_TRỊ, nhận được {item!r}.",
    ),
    "review.bad_value.name": (
        "{key}: {value!r} is not a name (letters only).",
        "{key}: {value!r} không phải họ tên (chỉ gồm chữ cái).",
    ),
    "review.bad_value.date": (
        "{key}: {value!r} is not a date (write 15/08/1990 or 1990-08-15).",
        "{key}: {value!r} không phải ngày hợp lệ (viết 15/08/1990 hoặc 1990-08-15).",
    ),
    "review.bad_value.year": (
        "{key}: {value!r} is not a year (write 1965).",
        "{key}: {value!r} không phải năm (viết 1965).",
    ),
    "review.bad_value.pid": (
        "{key}: {value!r} is not a personal ID (12 digits).",
        "{key}: {value!r} không phải số định danh cá nhân (12 chữ số).",
    ),
    "review.bad_value.sex": (
        "{key}: write Nam or Nữ, not {value!r}.",
        "{key}: ghi Nam hoặc Nữ, không phải {value!r}.",
    ),
    "review.bad_value.number": (
        "{key}: {value!r} is not a document number (e.g. 45/QĐ-UBND).",
        "{key}: {value!r} không phải số văn bản (ví dụ 45/QĐ-UBND).",
    ),
    "review.bad_value.text": (
        "{key}: {value!r} is empty of text.",
        "{key}: {value!r} không có nội dung.",
    ),
    "review.bad_citizen": (
        "Not a personal ID (12 digits with a real province code): {value!r}.",
        "Không phải số định danh cá nhân (12 chữ số, mã tỉnh hợp lệ): {value!r}.",
    ),
    "review.unknown_type": (
        "The document type was not recognised, so it has no fields to set: "
        "choose the citizen with --citizen, then confirm.",
        "Chưa nhận ra loại giấy tờ nên không có trường để sửa: "
        "hãy chọn công dân bằng --citizen rồi xác nhận.",
    ),
    "review.history": ("History:", "Lịch sử:"),
    "review.step.file": (
        "  {at} · {who} · scanned and filed as: {status}",
        "  {at} · {who} · quét và lưu với trạng thái: {status}",
    ),
    "review.step.review": (
        "  {at} · {who} · reviewed (changed: {fields}) → {status}",
        "  {at} · {who} · kiểm tra (đã sửa: {fields}) → {status}",
    ),
    "doctype.birth_certificate": ("Birth certificate", "Giấy khai sinh"),
    "doctype.marriage_certificate": ("Marriage certificate", "Giấy chứng nhận kết hôn"),
    "doctype.death_extract": ("Death extract", "Trích lục khai tử"),
    "doctype.citizen_id_card": ("Citizen ID card", "Thẻ căn cước công dân"),
    "doctype.administrative_decision": ("Administrative decision", "Quyết định hành chính"),
    "doctype.unknown": ("Unknown type", "Chưa rõ loại"),
}
