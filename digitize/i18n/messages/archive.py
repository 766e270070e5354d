"""Messages of `digitize archive` and of the archive core (unknown record, damaged files)."""

MESSAGES = {
    "archive.unknown_record": ("no record '{record_id}' in the archive",
                               "không có hồ sơ '{record_id}' trong kho"),
    "archive.no_such_file": ("record {record_id} has no stored file of role '{role}'",
                             "hồ sơ {record_id} không có tệp loại '{role}'"),
    "archive.not_in_review": ("record {record_id} is not waiting for review",
                              "hồ sơ {record_id} không ở trạng thái chờ kiểm tra"),
}
