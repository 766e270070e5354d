"""Messages of `digitize verify`: verdicts, reasons, the report a person reads."""

MESSAGES = {
    "verify.help": (
        "Verify signed PDF copies offline: integrity, trust, changes after signing. "
        "Exit 0 all passed, 1 any failed, 3 indeterminate or unsigned, 4 unreadable.",
        "Kiểm tra bản sao PDF đã ký số (không cần mạng): toàn vẹn, tin cậy, thay đổi sau khi ký. "
        "Mã thoát 0 tất cả hợp lệ, 1 có tệp không hợp lệ, 3 chưa xác định hoặc chưa ký, "
        "4 không đọc được.",
    ),
    "verify.opt.files": (
        "PDF files or directories to verify.",
        "Các tệp PDF hoặc thư mục cần kiểm tra.",
    ),
    "verify.opt.trust": (
        "Extra trust anchor: a certificate file (PEM/DER) or a directory of them. Repeatable.",
        "Thêm chứng thư gốc tin cậy: tệp chứng thư (PEM/DER) hoặc thư mục chứa chúng. "
        "Dùng được nhiều lần.",
    ),
    "verify.opt.at": (
        "Validate as of this ISO 8601 time (e.g. 2020-11-01) instead of now.",
        "Kiểm tra tại thời điểm này (ISO 8601, ví dụ 2020-11-01) thay vì hiện tại.",
    ),
    "verify.opt.online": (
        "Allow fetching revocation data (OCSP/CRL) from the network.",
        "Cho phép tải thông tin thu hồi (OCSP/CRL) qua mạng.",
    ),
    "verify.opt.xml": (
        "Write ETSI TS 119 102-2 XML validation reports into this directory.",
        "Ghi báo cáo kiểm tra XML theo ETSI TS 119 102-2 vào thư mục này.",
    ),
    "verify.opt.extract": (
        "Write exactly the bytes each signature covers into this directory.",
        "Ghi đúng phần dữ liệu mà từng chữ ký bao phủ vào thư mục này.",
    ),
    "verify.error.bad_anchor": (
        "{source}: not a certificate: {detail}",
        "{source}: không phải chứng thư số: {detail}",
    ),
    "verify.error.no_files": ("no PDF files to verify", "không có tệp PDF nào để kiểm tra"),
    "verify.yes": ("yes", "có"),
    "verify.no": ("no", "không"),
    "verify.verdict.TOTAL_PASSED": ("VALID (TOTAL_PASSED)", "HỢP LỆ (TOTAL_PASSED)"),
    "verify.verdict.TOTAL_FAILED": ("NOT VALID (TOTAL_FAILED)", "KHÔNG HỢP LỆ (TOTAL_FAILED)"),
    "verify.verdict.INDETERMINATE": (
        "CANNOT CONFIRM (INDETERMINATE)",
        "CHƯA XÁC ĐỊNH ĐƯỢC (INDETERMINATE)",
    ),
    "verify.verdict.NO_SIGNATURE": ("NOT SIGNED (NO_SIGNATURE)", "CHƯA KÝ SỐ (NO_SIGNATURE)"),
    "verify.verdict.ERROR": ("CANNOT READ (ERROR)", "KHÔNG ĐỌC ĐƯỢC (ERROR)"),
    "verify.h.file": ("{file}: {verdict}", "{file}: {verdict}"),
    "verify.h.certification": (
        "Certified copy no. {number}, book {book}, dated {date}, certified by {official}",
        "Bản sao chứng thực số {number}, quyển số {book}, ngày {date}, người chứng thực {official}",
    ),
    "verify.h.sig.signature": ("Signature {field}: {indication}", "Chữ ký {field}: {indication}"),
    "verify.h.sig.timestamp": (
        "Document timestamp {field}: {indication}",
        "Dấu thời gian tài liệu {field}: {indication}",
    ),
    "verify.h.subindication": ("Reason (ETSI): {sub}: {text}", "Lý do (ETSI): {sub}: {text}"),
    "verify.h.signer": (
        "Signer: {signer}; organisation: {org}; title: {title}",
        "Người ký: {signer}; cơ quan: {org}; chức danh: {title}",
    ),
    "verify.h.chain": ("Issued by: {chain}", "Chuỗi chứng thư: {chain}"),
    "verify.h.times": (
        "Signing time claimed: {claimed}; timestamp: {ts}",
        "Thời điểm ký tự khai: {claimed}; dấu thời gian: {ts}",
    ),
    "verify.h.checks": (
        "Unchanged: {intact}; trusted: {trusted}; revocation: {revocation}, "
        "evidence dated {rev_time}",
        "Nguyên vẹn: {intact}; tin cậy: {trusted}; thu hồi: {revocation}, dữ liệu ngày {rev_time}",
    ),
    "verify.h.coverage": (
        "Covers: {coverage}; changes after signing: {mods}; PAdES level: {level}",
        "Phạm vi ký: {coverage}; thay đổi sau khi ký: {mods}; mức PAdES: {level}",
    ),
    "verify.h.summary": (
        "{passed} valid, {failed} not valid, {other} to check, {error} unreadable",
        "{passed} hợp lệ, {failed} không hợp lệ, {other} cần xem xét, {error} không đọc được",
    ),
    "verify.h.docmdp": (
        "Certification signature; changes it permits afterwards: {perm}",
        "Chữ ký chứng thực; thay đổi được phép sau đó: {perm}",
    ),
    "verify.h.lock": (
        "Locks the document when signed; changes permitted afterwards: {perm}",
        "Khóa tài liệu khi ký; thay đổi được phép sau đó: {perm}",
    ),
    "verify.mdp.NO_CHANGES": ("none", "không có"),
    "verify.mdp.FILL_FORMS": ("filling in forms and signing", "điền biểu mẫu và ký"),
    "verify.mdp.ANNOTATE": ("forms, signing and annotations", "biểu mẫu, ký và chú thích"),
    "verify.rev.good": (
        "not revoked (embedded evidence)",
        "chưa bị thu hồi (theo dữ liệu kèm theo)",
    ),
    "verify.rev.revoked": ("REVOKED", "ĐÃ BỊ THU HỒI"),
    "verify.rev.unknown": ("no revocation evidence", "không có dữ liệu thu hồi"),
    "verify.rev.not_checked": (
        "not checked (no trusted chain)",
        "chưa kiểm tra (không có chuỗi tin cậy)",
    ),
    "verify.cov.ENTIRE_FILE": ("the whole file", "toàn bộ tệp"),
    "verify.cov.ENTIRE_REVISION": (
        "its revision (later updates exist)",
        "phiên bản của nó (có cập nhật sau đó)",
    ),
    "verify.cov.CONTIGUOUS_BLOCK_FROM_START": ("part of its revision", "một phần phiên bản"),
    "verify.cov.UNCLEAR": ("unclear", "không rõ"),
    "verify.mod.NONE": ("none", "không có"),
    "verify.mod.LTA_UPDATES": (
        "validation data / timestamps only",
        "chỉ dữ liệu kiểm tra / dấu thời gian",
    ),
    "verify.mod.FORM_FILLING": ("form filling / further signatures", "điền biểu mẫu / thêm chữ ký"),
    "verify.mod.ANNOTATIONS": ("annotations added or changed", "thêm hoặc sửa chú thích"),
    "verify.mod.OTHER": ("content changed", "nội dung bị thay đổi"),
    "verify.sub.HASH_FAILURE": ("the signed bytes were changed", "dữ liệu đã ký bị thay đổi"),
    "verify.sub.SIG_CRYPTO_FAILURE": ("the signature value is wrong", "giá trị chữ ký không đúng"),
    "verify.sub.FORMAT_FAILURE": ("the signature is malformed", "chữ ký sai cấu trúc"),
    "verify.sub.REVOKED": (
        "the signer's certificate was revoked",
        "chứng thư của người ký đã bị thu hồi",
    ),
    "verify.sub.NO_CERTIFICATE_CHAIN_FOUND": (
        "no chain to a trusted root (add one with --trust)",
        "không tìm thấy chuỗi đến chứng thư gốc tin cậy (thêm bằng --trust)",
    ),
    "verify.sub.CERTIFICATE_CHAIN_GENERAL_FAILURE": (
        "the certificate chain is broken",
        "chuỗi chứng thư bị lỗi",
    ),
    "verify.sub.CRYPTO_CONSTRAINTS_FAILURE": (
        "a weak or disallowed algorithm",
        "thuật toán yếu hoặc không được phép",
    ),
    "verify.sub.CRYPTO_CONSTRAINTS_FAILURE_NO_POE": (
        "a weak or disallowed algorithm",
        "thuật toán yếu hoặc không được phép",
    ),
    "verify.sub.OUT_OF_BOUNDS_NO_POE": (
        "a certificate was expired or not yet valid",
        "chứng thư đã hết hạn hoặc chưa có hiệu lực",
    ),
    "verify.sub.OUT_OF_BOUNDS_NOT_REVOKED": (
        "a certificate was expired or not yet valid",
        "chứng thư đã hết hạn hoặc chưa có hiệu lực",
    ),
    "verify.sub.REVOKED_NO_POE": ("a certificate was revoked", "chứng thư đã bị thu hồi"),
    "verify.sub.REVOKED_CA_NO_POE": ("an issuing CA was revoked", "chứng thư của CA đã bị thu hồi"),
    "verify.sub.TRY_LATER": ("revocation data not available yet", "chưa có dữ liệu thu hồi"),
    "verify.sub.CHAIN_CONSTRAINTS_FAILURE": (
        "the chain breaks a constraint",
        "chuỗi chứng thư vi phạm ràng buộc",
    ),
    "verify.sub.SIG_CONSTRAINTS_FAILURE": (
        "the signature does not meet our requirements",
        "chữ ký không đáp ứng yêu cầu",
    ),
    "verify.sub.NO_SIGNING_CERTIFICATE_FOUND": (
        "the signer's certificate is missing",
        "thiếu chứng thư người ký",
    ),
    "verify.sub.REVOCATION_OUT_OF_BOUNDS_NO_POE": (
        "revocation data is too old",
        "dữ liệu thu hồi quá cũ",
    ),
    "verify.sub.NO_POE": ("no proof of existence", "không có bằng chứng tồn tại"),
    "verify.sub.TIMESTAMP_ORDER_FAILURE": (
        "timestamps are out of order",
        "dấu thời gian sai thứ tự",
    ),
    "verify.sub.EXPIRED": ("a certificate has expired", "chứng thư đã hết hạn"),
    "verify.sub.NOT_YET_VALID": ("a certificate is not yet valid", "chứng thư chưa có hiệu lực"),
    "verify.sub.POLICY_PROCESSING_ERROR": (
        "the signature policy could not be processed",
        "không xử lý được chính sách chữ ký",
    ),
    "verify.sub.SIGNATURE_POLICY_NOT_AVAILABLE": (
        "the signature policy is not available",
        "không có chính sách chữ ký",
    ),
    "verify.sub.SIGNED_DATA_NOT_FOUND": (
        "the signed data cannot be found",
        "không tìm thấy dữ liệu đã ký",
    ),
    "verify.sub.GENERIC": ("unspecified problem", "vấn đề chưa xác định"),
    "verify.reason.unreadable": ("cannot read the file: {detail}", "không đọc được tệp: {detail}"),
    "verify.reason.unsupported": (
        "a signature of a kind this verifier cannot check: {subfilter}",
        "chữ ký thuộc loại không kiểm tra được: {subfilter}",
    ),
    "verify.reason.ades_failed": (
        "the ETSI AdES validation failed: {sub}",
        "kiểm tra theo ETSI AdES thất bại: {sub}",
    ),
    "verify.h.ades": (
        "ETSI AdES validation (pyHanko): {ind} / {sub}",
        "Kiểm tra ETSI AdES (pyHanko): {ind} / {sub}",
    ),
    "verify.reason.not_pdf": ("not a PDF file", "không phải tệp PDF"),
    "verify.reason.encrypted": (
        "encrypted PDF: cannot be verified",
        "PDF đã mã hóa: không kiểm tra được",
    ),
    "verify.reason.no_signature": ("the file carries no signature", "tệp không có chữ ký số"),
    "verify.reason.exception": (
        "the signature could not be checked: {detail}",
        "không kiểm tra được chữ ký: {detail}",
    ),
    "verify.reason.over_time": (
        "verification took too long (hostile or broken file)",
        "kiểm tra quá thời gian cho phép (tệp lỗi hoặc độc hại)",
    ),
    "verify.reason.over_memory": (
        "verification needed too much memory (hostile or broken file)",
        "kiểm tra cần quá nhiều bộ nhớ (tệp lỗi hoặc độc hại)",
    ),
    "verify.reason.not_intact": ("the signed content was changed", "nội dung đã ký bị thay đổi"),
    "verify.reason.not_valid": ("the signature value does not match", "giá trị chữ ký không khớp"),
    "verify.reason.coverage": (
        "the signature does not cover its whole revision",
        "chữ ký không bao phủ toàn bộ phiên bản của nó",
    ),
    "verify.reason.as_of_timestamp": (
        "validated as of its trusted signature timestamp ({time}), which proves the signature "
        "existed then: the certificate or its embedded revocation data is no longer current today",
        "đã kiểm tra theo thời điểm của dấu thời gian tin cậy ({time}), chứng minh chữ ký đã có "
        "vào lúc đó: chứng thư hoặc dữ liệu thu hồi đi kèm nay không còn hiện hành",
    ),
    "verify.reason.revoked": (
        "the signer's certificate is revoked",
        "chứng thư của người ký đã bị thu hồi",
    ),
    "verify.reason.modified": (
        "the document was changed after signing in a way that is not allowed",
        "tài liệu bị thay đổi sau khi ký theo cách không được phép",
    ),
    "verify.reason.seed_value": (
        "the signature breaks its field's constraints",
        "chữ ký vi phạm ràng buộc của trường chữ ký",
    ),
    "verify.reason.timestamp_broken": (
        "the signature's timestamp is broken",
        "dấu thời gian của chữ ký bị lỗi",
    ),
    "verify.reason.untrusted": (
        "the signer does not chain to a trusted root",
        "người ký không thuộc chuỗi chứng thư gốc tin cậy",
    ),
    "verify.reason.timestamp_untrusted": (
        "the timestamp authority is not trusted",
        "đơn vị cấp dấu thời gian không được tin cậy",
    ),
    "verify.reason.suspicious": (
        "suspicious change after signing: {detail}",
        "thay đổi đáng ngờ sau khi ký: {detail}",
    ),
    "verify.reason.field_changed": (
        "form fields changed after signing: {fields}",
        "trường biểu mẫu bị thay đổi sau khi ký: {fields}",
    ),
    "verify.reason.new_signature_field": (
        "signature field added after a certified signature: {fields}",
        "trường chữ ký được thêm sau chữ ký chứng thực: {fields}",
    ),
    "verify.reason.disallowed_update": (
        "update after signing that no signature permits: {level}",
        "cập nhật sau khi ký không được chữ ký nào cho phép: {level}",
    ),
    "verify.reason.no_timestamp": (
        "a certified copy's signature must carry a timestamp",
        "chữ ký của bản sao chứng thực phải có dấu thời gian",
    ),
    "verify.reason.certified_without_signature": (
        "certification metadata without a signature",
        "có thông tin chứng thực nhưng không có chữ ký",
    ),
}
