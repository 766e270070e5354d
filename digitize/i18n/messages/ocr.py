"""Messages of scanning and OCR."""

MESSAGES = {
    "error.tesseract_missing": (
        "Tesseract OCR is not installed. Install it with: sudo apt-get install tesseract-ocr tesseract-ocr-vie",
        "Chưa cài Tesseract OCR. Cài bằng lệnh: sudo apt-get install tesseract-ocr tesseract-ocr-vie",
    ),
    "error.tesseract_lang_missing": (
        "Tesseract has no '{lang}' language data. Install it with: sudo apt-get install tesseract-ocr-{lang}",
        "Tesseract chưa có dữ liệu ngôn ngữ '{lang}'. Cài bằng lệnh: sudo apt-get install tesseract-ocr-{lang}",
    ),
    "error.ocr_timeout": (
        "{source}: OCR took longer than {seconds} s and was stopped",
        "{source}: nhận dạng chữ quá {seconds} giây nên đã dừng",
    ),
}
