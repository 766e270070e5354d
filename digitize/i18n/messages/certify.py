"""Messages of `digitize certify`, `digitize register` and `digitize init`."""

MESSAGES = {
    "certify.help": (
        "Issue a certified electronic copy of a scanned original (archive record id or PDF): "
        "Vietnamese certification stamp, PAdES signatures, next register number. Passphrases and "
        "PINs come from the environment variables named in the configuration, or a prompt.",
        "Cấp bản sao điện tử được chứng thực từ bản chính (mã hồ sơ lưu trữ hoặc tệp PDF): lời "
        "chứng, chữ ký số PAdES, số chứng thực tiếp theo trong sổ. Mật khẩu và mã PIN lấy từ biến "
        "môi trường ghi trong cấu hình, hoặc được hỏi khi chạy.",
    ),
    "certify.opt.source": (
        "Archive record id or PDF file of the scanned original.",
        "Mã hồ sơ trong kho lưu trữ hoặc tệp PDF bản quét của bản chính.",
    ),
    "certify.opt.out": (
        "Where to write the certified copy (default: next to the PDF, or the current directory).",
        "Nơi ghi bản sao đã chứng thực (mặc định: cạnh tệp PDF, hoặc thư mục hiện tại).",
    ),
    "certify.prompt": ("Enter the {what}", "Nhập {what}"),
    "certify.done": (
        "Certified copy no. {number}, book {book}, {level}, signed by {signers}: {output}",
        "Bản sao chứng thực số {number}, quyển số {book}, {level}, ký bởi {signers}: {output}",
    ),
    "certify.filed": (
        "Filed into the archive as record {record_id}.",
        "Đã lưu vào kho lưu trữ, mã hồ sơ {record_id}.",
    ),
    "register.help": (
        "The certification register: list or export its entries (issued and void numbers).",
        "Sổ chứng thực: liệt kê hoặc xuất các mục (số đã cấp và số bị hủy).",
    ),
    "register.list.help": (
        "List the register's entries (a table, or JSON Lines with --json).",
        "Liệt kê các mục trong sổ chứng thực (bảng, hoặc JSON Lines với --json).",
    ),
    "register.export.help": (
        "Export the register as CSV or JSON Lines to a file or standard output.",
        "Xuất sổ chứng thực dạng CSV hoặc JSON Lines ra tệp hoặc đầu ra chuẩn.",
    ),
    "register.opt.year": ("Only this year.", "Chỉ năm này."),
    "register.opt.status": (
        "Only entries with this status: issued, void, reserved.",
        "Chỉ các mục có trạng thái: issued (đã cấp), void (hủy), reserved (đang ký).",
    ),
    "register.opt.format": ("Export format: csv or json.", "Định dạng xuất: csv hoặc json."),
    "register.opt.out": (
        "Write to this file instead of standard output.",
        "Ghi ra tệp này thay vì đầu ra chuẩn.",
    ),
    "register.bad_format": (
        "unknown format '{value}' (csv or json)",
        "định dạng '{value}' không hợp lệ (csv hoặc json)",
    ),
    "register.col.number": ("No.", "Số"),
    "register.col.book": ("Book", "Quyển số"),
    "register.col.status": ("Status", "Trạng thái"),
    "register.col.time": ("Time", "Thời gian"),
    "register.col.official": ("Official", "Người chứng thực"),
    "register.col.source": ("Original", "Bản chính"),
    "register.col.detail": ("Copy digest / reason", "Mã băm bản sao / lý do"),
    "register.status.issued": ("issued", "đã cấp"),
    "register.status.void": ("void", "hủy"),
    "register.status.reserved": ("being signed", "đang ký"),
    "register.empty": ("The register is empty.", "Sổ chứng thực chưa có mục nào."),
    "init.help": (
        "Create a working set-up in DIR: DIR/digitize.toml and an empty archive; with --demo also "
        "a DEMO PKI (never to be trusted outside a demo) so scan, certify and verify work at once.",
        "Tạo bộ cài đặt trong DIR: tệp DIR/digitize.toml và kho lưu trữ trống; với --demo thêm "
        "hạ tầng khóa DEMO (chỉ để trình diễn, không bao giờ tin cậy) để quét, chứng thực và kiểm "
        "tra dùng được ngay.",
    ),
    "init.opt.dir": ("Directory to set up.", "Thư mục cần tạo bộ cài đặt."),
    "init.opt.demo": (
        "Also generate a DEMO PKI (local CA, official, issuing body, timestamping).",
        "Tạo thêm hạ tầng khóa DEMO (CA cục bộ, người chứng thực, cơ quan, cấp dấu thời gian).",
    ),
    "init.done": (
        "Set up in {directory}: configuration {config}, archive {archive}.",
        "Đã tạo bộ cài đặt tại {directory}: cấu hình {config}, kho lưu trữ {archive}.",
    ),
    "init.demo": (
        "DEMO PKI (never trust it outside a demo): trust anchor {anchor}; key passphrase from "
        "${env}. Use it with: export DIGITIZE_CONFIG={config}",
        "Hạ tầng khóa DEMO (không tin cậy ngoài trình diễn): chứng thư gốc {anchor}; mật khẩu khóa "
        "lấy từ ${env}. Dùng: export DIGITIZE_CONFIG={config}",
    ),
    "certify.error.no_secret": (
        "{what} is not set in the environment and there is no terminal to ask for it",
        "chưa có {what} trong biến môi trường và không có màn hình để hỏi",
    ),
    "certify.error.bad_pkcs12": (
        "the {role} key {path} cannot be opened (wrong passphrase?)",
        "không mở được khóa {role} {path} (sai mật khẩu?)",
    ),
    "certify.error.token": (
        "cannot open the {role} PKCS#11 token '{token}' (wrong PIN, or token absent?): {kind}",
        "không mở được thiết bị ký số (token) {role} '{token}' (sai mã PIN, hoặc chưa cắm "
        "token?): {kind}",
    ),
    "certify.error.token_key": (
        "the {role} key/certificate '{label}' is not on token '{token}': {kind}",
        "không tìm thấy khóa/chứng thư {role} '{label}' trên token '{token}': {kind}",
    ),
    "certify.error.expired": (
        "the certificate of '{who}' expired on {date}: it cannot sign",
        "chứng thư số của '{who}' đã hết hạn ngày {date}: không được dùng để ký",
    ),
    "certify.error.not_yet_valid": (
        "the certificate of '{who}' is not valid before {date}: it cannot sign yet",
        "chứng thư số của '{who}' chưa có hiệu lực trước ngày {date}: chưa được dùng để ký",
    ),
    "certify.error.not_for_signing": (
        "the certificate of '{who}' is not for signing documents (key usage: {usage})",
        "chứng thư số của '{who}' không dùng để ký văn bản (mục đích khóa: {usage})",
    ),
    "certify.error.revoked": (
        "the certificate of '{who}' is revoked: it cannot sign ({detail})",
        "chứng thư số của '{who}' đã bị thu hồi: không được dùng để ký ({detail})",
    ),
    "certify.error.unvalidated": (
        "the certificate of '{who}' cannot be validated against the trusted roots: {detail}",
        "không xác minh được chứng thư số của '{who}' với các chứng thư gốc tin cậy: {detail}",
    ),
    "certify.secret.passphrase": (
        "passphrase of the {role} key {name}",
        "mật khẩu của khóa {role} {name}",
    ),
    "certify.secret.pin": (
        "PIN of the {role} token '{name}'",
        "mã PIN của token {role} '{name}'",
    ),
    "certify.error.no_passphrase": (
        "the passphrase of the {role} key {name} is not set (environment variable {env}) "
        "and there is no terminal to ask for it",
        "chưa có mật khẩu của khóa {role} {name} (biến môi trường {env}) và không có màn hình "
        "để hỏi",
    ),
    "certify.error.no_pin": (
        "the PIN of the {role} token '{name}' is not set (environment variable {env}) "
        "and there is no terminal to ask for it",
        "chưa có mã PIN của token {role} '{name}' (biến môi trường {env}) và không có màn hình "
        "để hỏi",
    ),
}
